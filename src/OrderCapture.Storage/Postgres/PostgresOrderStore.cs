using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderCapture.Core.Outbox;
using Polly;
using Polly.Retry;

namespace OrderCapture.Storage.Postgres;

/// <summary>
/// The scale-out store: several workers share one PostgreSQL database. Orders being accepted are
/// folded into shared transactions (<see cref="PostgresAcceptBatcher"/>); every other write is its own. What SQLite gets
/// from its single writer, this store gets from the database: per-SKU transaction locks around the
/// ATO check, <c>FOR UPDATE SKIP LOCKED</c> claims with leases for reconciliation and the outbox.
/// </summary>
public sealed partial class PostgresOrderStore : SqlOrderStore, IOrderStore, IAsyncDisposable
{
    private PostgresClusterLock? _clusterLock;

    /// <summary>A session advisory lock on a connection of its own (<see cref="PostgresClusterLock"/>).</summary>
    public Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken) =>
        (_clusterLock ??= new PostgresClusterLock(_dataSource)).TryAcquireAsync(name, cancellationToken);

    // A deadlock (40P01) or serialization failure (40001) rolls the whole transaction back, so
    // running it again is safe; anything else is the caller's to see.
    private const int MaxTransientRetries = 5;

    /// <summary>Prefix of Quartz's job-store tables, which the clustered scheduler provisions and uses.</summary>
    public const string QuartzTablePrefix = PostgresSchema.QuartzTablePrefix;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeSpan _outboxLease;
    private readonly PostgresAcceptBatcher _acceptBatcher;

    public PostgresOrderStore(IOptions<StorageOptions> options, OutboxSignal outboxSignal, TimeProvider timeProvider)
        : base(outboxSignal, timeProvider)
    {
        // Every statement here is one of a few dozen shapes: prepared once per connection, they skip
        // parsing and planning on every order (unless the connection string says otherwise).
        var connection = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        if (!options.Value.ConnectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            connection.MaxAutoPrepare = 64;
        }

        _dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
        _outboxLease = options.Value.OutboxLease;
        using var migrating = _dataSource.OpenConnection();
        PostgresSchema.Migrate(migrating);
        _acceptBatcher = new PostgresAcceptBatcher(AcceptAllAsync, options.Value.MaxGroupCommit, options.Value.AcceptWriters, options.Value.MaxQueuedWrites);
    }

    /// <summary>
    /// A transaction PostgreSQL aborted as a deadlock victim or a serialization failure runs again
    /// whole, at once, up to <see cref="MaxTransientRetries"/> times in all; anything else fails.
    /// </summary>
    private static readonly ResiliencePipeline TransientRetry = new ResiliencePipelineBuilder { Name = "postgres-transient" }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<PostgresException>(ex => ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure),
            MaxRetryAttempts = MaxTransientRetries - 1,
            Delay = TimeSpan.Zero,
            BackoffType = DelayBackoffType.Constant,
            UseJitter = false,
        })
        .Build();

    private protected override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        TransientRetry.ExecuteAsync(async ct =>
        {
            // Disposing an uncommitted transaction rolls it back before a retry runs the whole unit again.
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var result = await work(connection, tx).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }, cancellationToken).AsTask();

    private protected override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }

    private protected override string LockRows => " FOR UPDATE";

    private protected override string SkipLockedRows => " FOR UPDATE SKIP LOCKED";

    private protected override string BytewiseCollation => "\"C\"";

    private protected override (string Relation, (string Name, object? Value)[] Parameters) KeysRelation(IReadOnlyList<(string Site, string OrderNo)> keys) =>
        ("unnest(@ss, @os) AS k(site, order_no)", [("@ss", keys.Select(k => k.Site).ToArray()), ("@os", keys.Select(k => k.OrderNo).ToArray())]);

    internal static NpgsqlBatchCommand BatchCommand(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        await _acceptBatcher.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
