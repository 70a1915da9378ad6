using System.Net;
using OrderCapture.Core.Reports.Share;

namespace OrderCapture.Impex.WebDav;

/// <summary>
/// What a WebDAV answer means to an operator: the cause and the fix, in one sentence each, for the
/// <c>impex_unavailable</c> alert and for <c>doctor</c>. Never a credential; the client id of a
/// Bearer client is named (it is not a secret, and the permissions JSON needs it).
/// </summary>
public sealed class WebDavFailures(ImpexOptions options, string clientId)
{
    /// <summary>
    /// The <em>WebDAV Client Permissions</em> document to paste into Business Manager
    /// (Administration › Organization › WebDAV Client Permissions) for an API client.
    /// </summary>
    public string PermissionsJson =>
        $$"""{"clients":[{"client_id":"{{clientId}}","permissions":[{"path":"/impex/src/continuous_order_capture","operations":["read_write"]}]}]}""";

    public ImpexShareException Refused(HttpStatusCode status, string what) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when options.Auth == WebDavAuth.Basic => new(
            $"the share refused the sign-in of {options.UserName} ({(int)status}) when {what}: the WebDAV access key may have been rotated or revoked. " +
            "Create a new access key for that user in Business Manager (Administration › Organization › Users › the user › Manage Access Keys, scope WebDAV File Access and UX Studio) and set OrderCapture:Impex:AccessKey; delivery resumes by itself.",
            (int)status),
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new(
            $"the share refused API client {clientId}'s token ({(int)status}) when {what}: the client is not allowed to read and write /impex/src/continuous_order_capture. " +
            $"In Business Manager, Administration › Organization › WebDAV Client Permissions, add: {PermissionsJson} — delivery resumes by itself.",
            (int)status),
        HttpStatusCode.InsufficientStorage => new(
            $"the share is full (507 Insufficient Storage) when {what}: free space on the instance's IMPEX share (old daily files: lower Retention:DailyFiles; other folders) — reports stay queued and go out by themselves.",
            507),
        HttpStatusCode.RequestEntityTooLarge => new(
            $"the share refused a file as too large (413) when {what}: lower OrderCapture:Impex:MaxFileBytes (now {options.MaxFileBytes:N0}; the instance takes up to 100 MB) so daily files continue in _2, _3 …",
            413),
        _ when (int)status >= 500 => new(
            $"the share failed ({(int)status}) when {what}, after {options.MaxRetryAttempts} retries: check the instance is up; reports stay queued and go out by themselves.",
            (int)status),
        _ => new($"the share answered {(int)status} when {what}, which the worker does not expect: check OrderCapture:Impex:WebDavUrl points at the instance's IMPEX share (…/on/demandware.servlet/webdav/Sites/Impex).", (int)status),
    };

    public ImpexShareException Unreachable(Exception error, string what) => new(
        $"the share at {options.WebDavUrl?.Host} could not be reached when {what} ({Describe(error)}): check OrderCapture:Impex:WebDavUrl, the network path to the instance and, for a staging host, OrderCapture:Impex:ClientCertificatePath — reports stay queued and go out by themselves.",
        inner: error);

    public ImpexShareException NoToken(string reason) => new(
        $"no Account Manager token for API client {clientId} ({reason}): check OrderCapture:Impex:ClientId and ClientSecret (or Oci:ClientId and Oci:ClientSecret, used when those are empty) and Oci:AccountManagerUrl.");

    private static string Describe(Exception error) => error switch
    {
        Polly.Timeout.TimeoutRejectedException => "no answer within OrderCapture:Impex:RequestTimeout",
        HttpRequestException { HttpRequestError: var kind } => $"{kind}",
        _ => error.GetType().Name,
    };
}
