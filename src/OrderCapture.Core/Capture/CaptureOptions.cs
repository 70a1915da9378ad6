using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderCapture.Core.Capture;

/// <summary>Section <c>Capture</c>: how long a storefront waits, and who owns an order in flight.</summary>
public sealed class CaptureOptions
{
    public const string SectionName = "Capture";

    /// <summary>
    /// The whole online attempt (token, PUT, retries) must end within this; when it runs out the
    /// order is answered from the offline path at once. Default 2 s (B2C Commerce storefronts give
    /// the inventory call a few seconds).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan OnlineBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an order in flight (Reserving) belongs to the instance that took it. A periodic
    /// sweep finishes rows whose lease ran out (their instance died); a live instance's rows are never
    /// touched, because its attempts end within <see cref="OnlineBudget"/>. Default 30 s; must exceed the budget.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AttemptLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the sweep looks for orders in flight whose lease ran out. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Section <c>Capture:OfflineHeadroom</c>: what an outage leaves to the other channels.</summary>
    [Required]
    [ValidateObjectMembers]
    public Inventory.Pace.OfflineHeadroomOptions OfflineHeadroom { get; set; } = new();
}

/// <summary>The lease must outlast any attempt, or a sweep could take over a live one.</summary>
public sealed class CaptureOptionsValidator : IValidateOptions<CaptureOptions>
{
    public ValidateOptionsResult Validate(string? name, CaptureOptions options)
    {
        var failures = new List<string>();
        if (options.AttemptLease <= options.OnlineBudget * 2)
        {
            failures.Add($"Capture:AttemptLease ({options.AttemptLease}) must be more than twice Capture:OnlineBudget ({options.OnlineBudget}).");
        }

        // The headroom section's own attributes are checked by CaptureOptionsAnnotationsValidator.
        var headroom = options.OfflineHeadroom;
        if (headroom is not null && !Enum.IsDefined(headroom.Mode))
        {
            failures.Add($"Capture:OfflineHeadroom:Mode must be Off or Pace, not {headroom.Mode}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>The attributes of <see cref="CaptureOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class CaptureOptionsAnnotationsValidator : IValidateOptions<CaptureOptions>;
