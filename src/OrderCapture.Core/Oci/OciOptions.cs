using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderCapture.Core.Oci;

/// <summary>Where OCI is and how to sign in. Section <c>Oci</c>.</summary>
public sealed class OciOptions
{
    public const string SectionName = "Oci";

    /// <summary>Simulator hosts the OCI simulator in-process (the embedded default); Remote calls <see cref="BaseUrl"/>. Default Simulator.</summary>
    public OciMode Mode { get; set; } = OciMode.Simulator;

    /// <summary>Base URL of the Commerce API host, e.g. https://{shortCode}.api.commercecloud.salesforce.com. Required in Remote mode.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Account Manager base URL for the token call; defaults to <see cref="BaseUrl"/> (as the simulator serves both).</summary>
    public Uri? AccountManagerUrl { get; set; }

    /// <summary>The tenant group id used in every path. Default "oc_sim".</summary>
    [Required, RegularExpression(@"\A[A-Za-z0-9_-]{1,128}\z")]
    public string OrganizationId { get; set; } = "oc_sim";

    /// <summary>Tenant for the token scope. Default "oc_sim".</summary>
    [Required, RegularExpression(@"\A[A-Za-z0-9_-]{1,128}\z")]
    public string Tenant { get; set; } = "oc_sim";

    /// <summary>API client id. Default "ordercapture" (the simulator's default).</summary>
    [Required]
    public string ClientId { get; set; } = "ordercapture";

    /// <summary>API client secret. Never logged. Default "simulator-secret" (the simulator's default).</summary>
    [Required]
    public string ClientSecret { get; set; } = "simulator-secret";

    /// <summary>Refresh the token this long before it expires. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:20:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often to poll an export's status while it runs. Default 500 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ExportPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Give up on an export that has not completed after this long. Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "02:00:00")]
    public TimeSpan ExportTimeout { get; set; } = TimeSpan.FromMinutes(10);

    [Required]
    [ValidateObjectMembers]
    public OciResilienceOptions Resilience { get; set; } = new();
}

public enum OciMode
{
    Simulator,
    Remote,
}

/// <summary>The attributes of <see cref="OciOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class OciOptionsAnnotationsValidator : IValidateOptions<OciOptions>;
