using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci;

namespace OrderCapture.Worker.Hosting;

/// <summary>
/// A configuration the service refuses to start with: every problem found, one line each, so an
/// operator fixes them all in one go. The CLI prints them and exits 2; nothing else is printed.
/// </summary>
public sealed class ConfigurationException(IReadOnlyList<string> problems)
    : Exception($"The configuration has {problems.Count} problem(s): {string.Join(" | ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// The rules that need the raw configuration or the environment, checked before anything starts
/// (the in-process simulator included). Option values themselves are validated by their options
/// classes; <see cref="OrderCaptureHost.BuildAsync"/> gathers both.
/// </summary>
public static class ConfigurationProblems
{
    /// <summary>The single key earlier versions shipped in appsettings.json for development; refused anywhere else.</summary>
    public const string ShippedDevelopmentApiKey = "change-me-dev-key-0123456789";

    /// <summary>The storefront key shipped in appsettings.json for development; refused anywhere else.</summary>
    public const string ShippedStorefrontKey = "change-me-storefront-dev-key-0123";

    /// <summary>The operator key shipped in appsettings.json for development; refused anywhere else.</summary>
    public const string ShippedOperatorKey = "change-me-operator-dev-key-0123";

    private static readonly string[] ShippedKeys = [ShippedDevelopmentApiKey, ShippedStorefrontKey, ShippedOperatorKey];

    private static readonly string[] LegacyKeySetting = ["OrderCapture:ApiKey"];

    private static readonly string[] WebhookSettings = ["Alerts:WebhookUrl", "OrderManagement:WebhookUrl"];

    public static IReadOnlyList<string> Find(IConfiguration configuration, IHostEnvironment environment)
    {
        var problems = new List<string>();
        var modeText = configuration["Oci:Mode"];
        OciMode? mode = null;
        if (modeText is null)
        {
            if (!environment.IsDevelopment())
            {
                problems.Add($"Oci:Mode is not set in the {environment.EnvironmentName} environment: set Oci:Mode=Remote (with Oci:BaseUrl) for Salesforce OCI, or Oci:Mode=Simulator for a demo.");
            }
        }
        else if (Enum.TryParse<OciMode>(modeText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            mode = parsed;
        }
        else
        {
            problems.Add($"Oci:Mode '{modeText}' is not one of Simulator, Remote.");
        }

        if (!string.IsNullOrEmpty(configuration["Oci:BaseUrl"]) && mode != OciMode.Remote)
        {
            // The simulator would have replaced it silently: reservations OCI never sees, other channels oversell.
            problems.Add($"Oci:BaseUrl is set but Oci:Mode is {modeText ?? "not set (Simulator)"}: set Oci:Mode=Remote to use OCI at that address, or remove Oci:BaseUrl to run on the simulator.");
        }

        if (mode == OciMode.Simulator && configuration["Oci:SimulatorSeedFile"] is { Length: > 0 } seed && !File.Exists(seed))
        {
            problems.Add($"Oci:SimulatorSeedFile '{seed}' does not exist (relative to {Directory.GetCurrentDirectory()}).");
        }

        if (!environment.IsDevelopment())
        {
            foreach (var setting in LegacyKeySetting
                .Concat(configuration.GetSection("OrderCapture:StorefrontKeys").GetChildren().Select(c => c.Path))
                .Concat(configuration.GetSection("OrderCapture:OperatorKeys").GetChildren().Select(c => c.Path)))
            {
                if (ShippedKeys.Contains(configuration[setting]) || ShippedKeys.Select(k => Security.AccessKeys.Hash(k)).Contains(configuration[setting]))
                {
                    problems.Add($"{setting} is a development key shipped in appsettings.json; set your own outside Development (ordercapture key new prints one; e.g. OrderCapture__OperatorKeys__0 in the environment).");
                }
            }
        }

        foreach (var setting in WebhookSettings)
        {
            if (configuration[setting] is { Length: > 0 } url
                && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            {
                problems.Add($"{setting} must be an absolute http:// or https:// URL.");
            }
        }

        return problems;
    }

    /// <summary>Every failure of every options class validated at start, one line each.</summary>
    public static IReadOnlyList<string> OfOptions(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures.Select(f => AsSettingKeys(f, ex.OptionsType))];
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // A validator that reads other options (Reconciliation's reads Oci's) repeats their failures.
            return [.. ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures.Select(f => AsSettingKeys(f, e.OptionsType))).Distinct()];
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or ArgumentException)
        {
            // The binder stops at the first value it cannot convert ("Failed to convert configuration value 'x' at 'Key' to type …").
            return [ex.Message];
        }
    }

    /// <summary>
    /// The generated validators say "Factor: The field CaptureOptions.OfflineHeadroom.Factor must be …";
    /// an operator sets <c>Capture:OfflineHeadroom:Factor</c>, so that is what the line names:
    /// "The field Capture:OfflineHeadroom:Factor must be …" (list items as <c>Sites:0:Id</c>).
    /// </summary>
    internal static string AsSettingKeys(string failure, Type optionsType)
    {
        var section = optionsType.GetField("SectionName")?.GetRawConstantValue() as string;
        if (section is null)
        {
            return failure;
        }

        var path = System.Text.RegularExpressions.Regex.Match(failure, $@"\b{optionsType.Name}(?<rest>(\.\w+|\[\d+\])+)");
        if (!path.Success)
        {
            return failure;
        }

        var key = section + path.Groups["rest"].Value.Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal).Replace('.', ':');
        var message = failure.Replace(path.Value, key, StringComparison.Ordinal);
        // Drop the generator's leading "Member: ", which the key now says in full.
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !message[..colon].Contains(' ', StringComparison.Ordinal) && message[(colon + 2)..].Contains(key, StringComparison.Ordinal) ? message[(colon + 2)..] : message;
    }
}
