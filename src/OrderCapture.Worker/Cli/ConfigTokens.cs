using System.CommandLine;
using System.Text.RegularExpressions;

namespace OrderCapture.Worker.Cli;

/// <summary>
/// Which leftover command-line tokens are settings: <c>--Section:Key=value</c>, or one of the
/// host's top-level keys (<c>--Urls=…</c>, <c>--Environment=…</c>). Anything else is a mistake:
/// a typo such as <c>merge --dat 20260202</c> must not silently merge every date.
/// </summary>
internal static partial class ConfigTokens
{
    private static readonly HashSet<string> TopLevelKeys = new(StringComparer.OrdinalIgnoreCase) { "Urls", "Environment", "ContentRoot", "ApplicationName" };

    public static bool IsSetting(string token) =>
        SettingToken().Match(token) is { Success: true } m && (m.Groups["key"].Value.Contains(':', StringComparison.Ordinal) || TopLevelKeys.Contains(m.Groups["key"].Value));

    /// <summary>The first token that is neither an option of the verb nor a setting, with a suggestion; null when all are fine.</summary>
    public static string? Problem(ParseResult parse)
    {
        var wrong = parse.UnmatchedTokens.FirstOrDefault(t => !IsSetting(t));
        if (wrong is null)
        {
            return null;
        }

        var command = parse.CommandResult.Command;
        var known = command.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive))
            .SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();
        var name = wrong.Split('=')[0];
        var nearest = known.OrderBy(k => Distance(k, name)).FirstOrDefault(k => Distance(k, name) <= 2 || k.StartsWith(name, StringComparison.Ordinal));
        var hint = nearest is null ? "" : $" Did you mean '{nearest}'?";
        return $"Unknown option or argument '{wrong}' for '{command.Name}'.{hint} Settings are given as --Section:Key=value (e.g. --Oci:Mode=Remote); 'ordercapture {command.Name} --help' lists the options.";
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }

    [GeneratedRegex("^--(?<key>[A-Za-z][A-Za-z0-9_.]*(?::[A-Za-z0-9_.]+)*)=")]
    private static partial Regex SettingToken();
}
