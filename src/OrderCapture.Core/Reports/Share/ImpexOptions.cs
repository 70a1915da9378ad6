using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderCapture.Core.Reports.Share;

/// <summary>Where the reports go: a folder, or the instance's own IMPEX share over WebDAV.</summary>
public enum ImpexTarget
{
    /// <summary>A local or mounted folder, <c>OrderCapture:ImpexRoot</c>.</summary>
    Folder,

    /// <summary>A B2C Commerce instance's IMPEX share, <see cref="ImpexOptions.WebDavUrl"/>.</summary>
    WebDav,
}

/// <summary>How the worker signs in to the WebDAV share.</summary>
public enum WebDavAuth
{
    /// <summary>A Business Manager user and that user's WebDAV access key.</summary>
    Basic,

    /// <summary>An Account Manager API client's token, listed in the instance's WebDAV Client Permissions.</summary>
    Bearer,
}

/// <summary>Section <c>OrderCapture:Impex</c>. Secrets (<see cref="AccessKey"/>, <see cref="ClientSecret"/>, <see cref="ClientCertificatePassword"/>) are never logged.</summary>
public sealed class ImpexOptions
{
    public const string SectionName = "OrderCapture:Impex";

    /// <summary>Default <see cref="ImpexTarget.Folder"/> (with <c>OrderCapture:ImpexRoot</c>).</summary>
    public ImpexTarget Target { get; set; } = ImpexTarget.Folder;

    /// <summary>
    /// With <see cref="ImpexTarget.WebDav"/>: the share's root, e.g.
    /// <c>https://&lt;instance&gt;/on/demandware.servlet/webdav/Sites/Impex</c>; reports go under
    /// <c>src/continuous_order_capture/</c> in it. No default.
    /// </summary>
    public Uri? WebDavUrl { get; set; }

    /// <summary>Default <see cref="WebDavAuth.Basic"/>.</summary>
    public WebDavAuth Auth { get; set; } = WebDavAuth.Basic;

    /// <summary>With Basic: the Business Manager user (often an e-mail address). No default.</summary>
    public string? UserName { get; set; }

    /// <summary>With Basic: the user's WebDAV access key (Business Manager, "Manage Access Keys"). No default.</summary>
    public string? AccessKey { get; set; }

    /// <summary>With Bearer: the API client id. Default: <c>Oci:ClientId</c>, the OCI client's.</summary>
    public string? ClientId { get; set; }

    /// <summary>With Bearer and <see cref="ClientId"/> set: that client's secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A PKCS#12 file with the client certificate a staging instance's host asks for. Default none.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The password of <see cref="ClientCertificatePath"/>, if it has one.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>
    /// The largest daily file written; a bigger day continues in <c>…_2.json</c>, <c>…_3.json</c>.
    /// The instance takes uploads up to 100 MB. Default 90,000,000 bytes; at least 10,000.
    /// </summary>
    [Range(10_000, 100_000_000)]
    public long MaxFileBytes { get; set; } = 90_000_000;

    /// <summary>Timeout of one WebDAV request (each retry has its own). Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a WebDAV request after a 5xx, a timeout or a lost connection. Default 2.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>WebDAV requests at once (writes, reads and deletes of a batch). Default 8.</summary>
    [Range(1, 64)]
    public int MaxParallelRequests { get; set; } = 8;
}

/// <summary>The attributes of <see cref="ImpexOptions"/>, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class ImpexOptionsAnnotationsValidator : IValidateOptions<ImpexOptions>;

/// <summary>What the attributes cannot say: the settings each target and each way of signing in needs, one line each.</summary>
public sealed class ImpexOptionsValidator : IValidateOptions<ImpexOptions>
{
    public ValidateOptionsResult Validate(string? name, ImpexOptions options)
    {
        if (options.Target != ImpexTarget.WebDav)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.WebDavUrl is not { IsAbsoluteUri: true, Scheme: "http" or "https" } url)
        {
            failures.Add("OrderCapture:Impex:WebDavUrl must be the share's absolute https URL (https://<instance>/on/demandware.servlet/webdav/Sites/Impex) when OrderCapture:Impex:Target is WebDav.");
        }
        else if (!string.IsNullOrEmpty(url.UserInfo) || !string.IsNullOrEmpty(url.Query))
        {
            failures.Add("OrderCapture:Impex:WebDavUrl must carry no user, password or query: put the credentials in UserName and AccessKey.");
        }

        if (options.Auth == WebDavAuth.Basic && (string.IsNullOrWhiteSpace(options.UserName) || string.IsNullOrEmpty(options.AccessKey)))
        {
            failures.Add("OrderCapture:Impex:UserName and OrderCapture:Impex:AccessKey (the user's WebDAV access key from Business Manager) are required with Auth Basic.");
        }

        if (options.Auth == WebDavAuth.Bearer && !string.IsNullOrEmpty(options.ClientId) && string.IsNullOrEmpty(options.ClientSecret))
        {
            failures.Add("OrderCapture:Impex:ClientSecret is required when OrderCapture:Impex:ClientId names another API client than the OCI one.");
        }

        if (options.ClientCertificatePath is { Length: > 0 } certificate && !File.Exists(certificate))
        {
            failures.Add($"OrderCapture:Impex:ClientCertificatePath: no file at {Orders.FreeText.Clean(certificate)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
