using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderCapture.Core.Retention;

/// <summary>
/// Section <c>Retention</c>: how long finished work is kept before the nightly purge removes it.
/// Nothing unfinished is ever purged: orders queued, in flight or NeedsReview, reports not yet
/// delivered, cancels not yet settled at OCI, holds that still count.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>
    /// Finished orders (Reserved, CompletelyReserved, PartiallyReserved, NothingReserved, Cancelled)
    /// with their lines and holds, counted from when they finished. Default 90 days.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Orders { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Delivered outbox rows (with their full payloads), from delivery. Default 7 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan DeliveredOutbox { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Alerts, from when they were raised. Default 90 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Alerts { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Connectivity transitions (the newest is always kept: it is the state at start). Default 90 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan ConnectivityHistory { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Daily files in the reports folder, by the date in their name. Default 90 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan DailyFiles { get; set; } = TimeSpan.FromDays(90);

    /// <summary>When the purge job runs (Quartz cron, the worker's time zone). Default 03:30 every night.</summary>
    [Required]
    public string Schedule { get; set; } = "0 30 3 * * ?";

    /// <summary>Rows deleted per transaction, so a large purge never holds the writer for long. Default 1,000.</summary>
    [Range(10, 100_000)]
    public int BatchSize { get; set; } = 1000;
}

/// <summary>The attributes of <see cref="RetentionOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class RetentionOptionsAnnotationsValidator : IValidateOptions<RetentionOptions>;
