using System.ComponentModel.DataAnnotations;

namespace OrderCapture.Core.Reconciliation;

/// <summary>Section <c>Reconciliation</c>.</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Reconciliation";

    /// <summary>Orders claimed and reserved per batch, oldest capture first. Default 100.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Reservation requests in flight at once. Default 8.</summary>
    [Range(1, 256)]
    public int MaxParallelRequests { get; set; } = 8;

    /// <summary>Quartz cron for the recurring run while the queue is not empty. Default every 2 minutes.</summary>
    [Required]
    public string Schedule { get; set; } = "0 0/2 * * * ?";

    /// <summary>How long a claimed batch belongs to one worker before another may take it over. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);
}
