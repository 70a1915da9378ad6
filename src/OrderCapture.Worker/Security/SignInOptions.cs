using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderCapture.Worker.Security;

/// <summary>Section <c>SignIn</c>: the status page's operator session.</summary>
public sealed class SignInOptions
{
    public const string SectionName = "SignIn";

    /// <summary>
    /// A session ends after this long without a request (sliding: each request renews it).
    /// Default 1 hour; 1 minute to 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Folder for the keys that protect session cookies and anti-forgery tokens. Several instances
    /// behind one address share one folder so a session works on each; default none (ASP.NET Core's
    /// per-user default, e.g. ~/.aspnet/DataProtection-Keys).
    /// </summary>
    public string? KeysFolder { get; set; }
}

/// <summary>The attributes of <see cref="SignInOptions"/>, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class SignInOptionsAnnotationsValidator : IValidateOptions<SignInOptions>;
