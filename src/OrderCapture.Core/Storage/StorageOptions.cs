using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderCapture.Core.Storage;

/// <summary>Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Sqlite (embedded, the default) or Postgres (scale-out).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>ADO.NET connection string. Default "Data Source=data/ordercapture.db" (folder created at start).</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/ordercapture.db";

    /// <summary>Most writes folded into one durable commit: SQLite, every write; Postgres, orders being accepted. Default 256.</summary>
    [Range(1, 10_000)]
    public int MaxGroupCommit { get; set; } = 256;

    /// <summary>
    /// Most writes (SQLite) or orders being accepted (Postgres) waiting for the database at once. A
    /// flood beyond it is answered <c>503 busy</c> straight away (the storefront retries) instead of
    /// queueing in memory without end. Default 10,000 (a few seconds of the fastest capture).
    /// </summary>
    [Range(16, 1_000_000)]
    public int MaxQueuedWrites { get; set; } = 10_000;

    /// <summary>
    /// Postgres: how many transactions accept orders at once on one instance, each folding whatever
    /// orders are waiting. More than one keeps an order from waiting behind a batch held up by
    /// another instance's lock on a SKU. Default 4.
    /// </summary>
    [Range(1, 64)]
    public int AcceptWriters { get; set; } = 4;

    /// <summary>
    /// Postgres: how long an outbox message taken by one instance is left to it before any instance
    /// may deliver it (its taker died mid-delivery). Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OutboxLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Postgres: how often each instance checks in with the Quartz cluster. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Postgres: how long past a missed check-in the other instances wait before treating an
    /// instance as dead and recovering its jobs (a job it was running stops blocking them). Default 15 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClusterFailoverAfter { get; set; } = TimeSpan.FromSeconds(15);
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The attributes of <see cref="StorageOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class StorageOptionsAnnotationsValidator : IValidateOptions<StorageOptions>;
