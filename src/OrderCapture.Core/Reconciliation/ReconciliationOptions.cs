using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// Outcomes OCI has answered that may wait for their commit at once, while the next PUTs go out.
    /// Default 32. Too few and the PUTs wait for the store's flushes (at 8, a SQLite run went about
    /// a tenth slower); on PostgreSQL each one holds a pooled connection while it commits, so with
    /// several instances keep their sum within the server's <c>max_connections</c>.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxCommittingOutcomes { get; set; } = 32;

    /// <summary>Quartz cron for the recurring run while the queue is not empty. Default every 2 minutes.</summary>
    [Required]
    public string Schedule { get; set; } = "0 0/2 * * * ?";

    /// <summary>
    /// How long a claimed batch belongs to one worker before another may take it over. Default 5 min.
    /// Must exceed the longest a reservation PUT can take (Oci:Resilience:AttemptTimeout × (MaxRetryAttempts + 1)):
    /// a cancel while a run's PUT is in flight relies on the claim still being live.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many times one order's 429 is waited out (its <c>Retry-After</c>, above the OCI client's own
    /// retries) before the run stops as it does for an outage, leaving the order queued. Never past
    /// the order's claim. Default 10.
    /// </summary>
    [Range(1, 1000)]
    public int RateLimitWaits { get; set; } = 10;

    /// <summary>The longest one such wait, whatever <c>Retry-After</c> asks. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan LongestRateLimitWait { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>A live run's claim must outlast its own PUTs, or a cancel could not tell that one may still land.</summary>
public sealed class ClaimLeaseValidator(Microsoft.Extensions.Options.IOptions<Oci.OciOptions> oci) : Microsoft.Extensions.Options.IValidateOptions<ReconciliationOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ReconciliationOptions options)
    {
        var resilience = oci.Value.Resilience;
        var longestPut = resilience.AttemptTimeout * (resilience.MaxRetryAttempts + 1);
        return options.ClaimLease > longestPut
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(
                $"Reconciliation:ClaimLease ({options.ClaimLease}) must be longer than a reservation PUT can take: Oci:Resilience:AttemptTimeout × (MaxRetryAttempts + 1) = {longestPut}.");
    }
}

/// <summary>The attributes of <see cref="ReconciliationOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class ReconciliationOptionsAnnotationsValidator : IValidateOptions<ReconciliationOptions>;
