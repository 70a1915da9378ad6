using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci.Contracts;

namespace OrderCapture.Core.Sites;

/// <summary>Section <c>OrderCapture</c>: the API key, the IMPEX share and the sites.</summary>
public sealed class OrderCaptureOptions
{
    public const string SectionName = "OrderCapture";

    /// <summary>
    /// Keys a storefront sends in <c>X-Api-Key</c>: capture, cancel, read an order, availability, and
    /// nothing else. Each at least 24 characters, or <c>sha256:</c> and the 64 hex digits of one
    /// (<c>ordercapture key hash</c>). Several at once while one is rotated. Default none. Never logged.
    /// </summary>
    public List<string> StorefrontKeys { get; set; } = [];

    /// <summary>
    /// Keys of operators and their scripts (every <c>/api/*</c> call, the status page's sign-in, Basic
    /// on <c>/alerts.atom</c>, the CLI). Same forms as <see cref="StorefrontKeys"/>. At least one
    /// operator key is needed, here or in <see cref="ApiKey"/>. Default none. Never logged.
    /// </summary>
    public List<string> OperatorKeys { get; set; } = [];

    /// <summary>
    /// The single key of earlier versions: still accepted, with both roles, and a warning at start.
    /// At least 16 characters when set. Default none. Never logged.
    /// </summary>
    [MinLength(16)]
    public string? ApiKey { get; set; }

    /// <summary>
    /// The operator key the CLI sends to a running service when <see cref="OperatorKeys"/> hold only
    /// hashes. Default: the first plain operator key, else <see cref="ApiKey"/>. Never logged.
    /// </summary>
    public string? CliKey { get; set; }

    /// <summary>The [SHARED_DIR_IMPEX] folder; reports go under <c>src/continuous_order_capture/</c>. Default "impex".</summary>
    [Required]
    public string ImpexRoot { get; set; } = "impex";

    /// <summary>The storefront sites this worker captures for. At least one.</summary>
    [Required, MinLength(1)]
    [ValidateEnumeratedItems]
    public List<SiteOptions> Sites { get; set; } = [];
}

/// <summary>One storefront site.</summary>
public sealed class SiteOptions
{
    /// <summary>Site id as B2C Commerce names it: 1–64 of [A-Za-z0-9_-]. Required.</summary>
    [Required, RegularExpression(Orders.Names.SitePatternText)]
    public string Id { get; set; } = "";

    /// <summary>The OCI group or location the site sells from: 2–128 of [A-Za-z0-9_-]. Required.</summary>
    [Required, RegularExpression(Orders.Names.PlaceIdPatternText)]
    public string InventoryListId { get; set; } = "";

    /// <summary>Whether <see cref="InventoryListId"/> is a location group or a single location. Default Group.</summary>
    public PlaceType PlaceType { get; set; } = PlaceType.Group;

    /// <summary>Stands for every location the location graph puts in the site's group.</summary>
    public const string EveryPickupLocation = "*";

    /// <summary>
    /// Locations inside the site's group where shoppers may pick up: a line naming one in
    /// <c>inventoryListId</c> is reserved there, and the cache keeps its figures. Each 2–128 of
    /// [A-Za-z0-9_-], or <c>["*"]</c> for every location the location graph puts in the group
    /// (a store added to the group is then taken at the next graph read). Only for a site on a
    /// group. Default none.
    /// </summary>
    public List<string> PickupLocations { get; set; } = [];

    /// <summary>IANA or Windows time zone id used for dates in report names. Default "UTC".</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";
}

/// <summary>The attributes of <see cref="OrderCaptureOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class OrderCaptureOptionsAnnotationsValidator : IValidateOptions<OrderCaptureOptions>;
