using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderCapture.Core.OrderManagement;

/// <summary>Section <c>OrderManagement</c>: pushing reconciliation outcomes to an order management system.</summary>
public sealed class OrderManagementOptions
{
    public const string SectionName = "OrderManagement";

    /// <summary>Webhook that receives one POST per reconciled order. Empty (the default) turns the push off.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Timeout of one push. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => WebhookUrl is not null;
}

/// <summary>The attributes of <see cref="OrderManagementOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class OrderManagementOptionsAnnotationsValidator : IValidateOptions<OrderManagementOptions>;
