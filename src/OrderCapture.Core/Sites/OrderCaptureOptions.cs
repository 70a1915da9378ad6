using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci.Contracts;

namespace OrderCapture.Core.Sites;

/// <summary>Section <c>OrderCapture</c>: the API key, the IMPEX share and the sites.</summary>
public sealed class OrderCaptureOptions
{
    public const string SectionName = "OrderCapture";

    /// <summary>Value callers send in <c>X-Api-Key</c> on <c>/api/*</c>. Required; at least 16 characters. Never logged.</summary>
    [Required, MinLength(16)]
    public string ApiKey { get; set; } = "";

    /// <summary>The [SHARED_DIR_IMPEX] folder; reports go under <c>src/continuous_order_capture/</c>. Default "impex".</summary>
    [Required]
    public string ImpexRoot { get; set; } = "impex";

    /// <summary>The storefront sites this worker captures for. At least one.</summary>
    [Required, MinLength(1)]
    [ValidateEnumeratedItems]
    public List<SiteOptions> Sites { get; set; } = [];

    /// <summary>
    /// Sites selling from groups and other sites from single locations are refused at start: OCI's
    /// API does not say which locations a group holds, so a hold on a location could not count
    /// against a group that contains it, and both orders for a last unit would be accepted offline.
    /// Set true only when none of the locations belongs to any of the groups. Default false.
    /// </summary>
    public bool AllowGroupsAndLocations { get; set; }
}

/// <summary>One storefront site.</summary>
public sealed class SiteOptions
{
    /// <summary>Site id as B2C Commerce names it: 1–64 of [A-Za-z0-9_-]. Required.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string Id { get; set; } = "";

    /// <summary>The OCI group or location the site sells from: 2–128 of [A-Za-z0-9_-]. Required.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_-]{2,128}$")]
    public string InventoryListId { get; set; } = "";

    /// <summary>Whether <see cref="InventoryListId"/> is a location group or a single location. Default Group.</summary>
    public PlaceType PlaceType { get; set; } = PlaceType.Group;

    /// <summary>IANA or Windows time zone id used for dates in report names. Default "UTC".</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";
}

/// <summary>The attributes of <see cref="OrderCaptureOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class OrderCaptureOptionsAnnotationsValidator : IValidateOptions<OrderCaptureOptions>;
