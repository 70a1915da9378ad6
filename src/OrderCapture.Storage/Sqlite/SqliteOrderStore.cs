using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Outbox;

namespace OrderCapture.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a write is on
/// disk before its task completes. Writes go through <see cref="SqliteWriter"/>; reads use
/// their own pooled connections and never block the writer.
/// </summary>
public sealed partial class SqliteOrderStore : SqlOrderStore, IOrderStore, IAsyncDisposable
{
    private readonly ProcessClusterLock _clusterLock;

    /// <summary>One process owns the file (the lock file), so a lock in the process is the cluster's.</summary>
    public Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken) => _clusterLock.TryAcquireAsync(name, cancellationToken);

    private readonly string _connectionString;
    private readonly SqliteWriter _writer;

    public SqliteOrderStore(IOptions<StorageOptions> options, OutboxSignal outboxSignal, TimeProvider timeProvider)
        : this(options, outboxSignal, timeProvider, faults: null)
    {
    }

    internal SqliteOrderStore(IOptions<StorageOptions> options, OutboxSignal outboxSignal, TimeProvider timeProvider, SqliteWriterFaults? faults)
        : base(outboxSignal, timeProvider)
    {
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString) { Pooling = true };
        if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        _connectionString = builder.ToString();
        _clusterLock = new ProcessClusterLock(Path.GetFullPath(builder.DataSource));
        var writeConnection = Open();
        SqliteSchema.Migrate(writeConnection);
        _writer = new SqliteWriter(writeConnection, options.Value.MaxGroupCommit, options.Value.MaxQueuedWrites, faults);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private protected override string BytewiseCollation => "BINARY";

    /// <summary>SQLite has no arrays: the keys go as one JSON array of [site, orderNo] pairs.</summary>
    private protected override (string Relation, (string Name, object? Value)[] Parameters) KeysRelation(IReadOnlyList<(string Site, string OrderNo)> keys) =>
        KeysAsJson(keys);

    internal static (string Relation, (string Name, object? Value)[] Parameters) KeysAsJson(IReadOnlyList<(string Site, string OrderNo)> keys) =>
        ("(SELECT value ->> 0 AS site, value ->> 1 AS order_no FROM json_each(@keys)) AS k", [("@keys", KeysJson(keys))]);

    private static string KeysJson(IReadOnlyList<(string Site, string OrderNo)> keys)
    {
        var json = new System.Buffers.ArrayBufferWriter<byte>(keys.Count * 32);
        using (var writer = new System.Text.Json.Utf8JsonWriter(json))
        {
            writer.WriteStartArray();
            foreach (var (site, orderNo) in keys)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(site);
                writer.WriteStringValue(orderNo);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(json.WrittenSpan);
    }

    /// <summary>The term of ix_holds_counting ("WHERE counting = 1"): "counting = TRUE" would read every hold.</summary>
    internal const string CountingHoldTerm = "counting = 1";

    private protected override string CountingHold => CountingHoldTerm;

    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken) =>
        _writer.ExecuteAsync(work, cancellationToken);

    // Microsoft.Data.Sqlite's async calls complete before they return, so shared code written
    // with await runs inside the writer's batch, on its thread, like the synchronous writes.
    private protected override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        _writer.ExecuteAsync((c, tx) => Completed(work(c, tx)), cancellationToken);

    private protected override Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken) =>
        ReadAsync((SqliteConnection c) => Completed(work(c)), cancellationToken);

    // Synchronous underneath; keep request threads free.
    private async Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken) =>
        await Task.Run(() =>
        {
            using var connection = Open();
            return work(connection);
        }, cancellationToken).ConfigureAwait(false);

    private static T Completed<T>(Task<T> task) => task.IsCompleted
        ? task.GetAwaiter().GetResult()
        : throw new InvalidOperationException("A SQLite statement did not complete synchronously; the writer cannot wait for it.");

    /// <summary>A command the caller disposes: on the writer's connection a kept one (<see cref="KeptCommands"/>).</summary>
    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        (SqliteCommand)KeptCommands.Command(connection, transaction, sql, parameters);

    internal static long Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar() is long value ? value : 0;
    }

    internal static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
