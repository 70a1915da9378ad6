using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderCapture.Core.Alerts;

/// <summary>Section <c>Alerts</c>: an optional webhook for chat and incident tools.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>Receives one JSON POST per alert, with <c>Idempotency-Key: alert-{id}</c>. Empty (the default) turns it off.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Timeout of one push. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>The attributes of <see cref="AlertOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class AlertOptionsAnnotationsValidator : IValidateOptions<AlertOptions>;
