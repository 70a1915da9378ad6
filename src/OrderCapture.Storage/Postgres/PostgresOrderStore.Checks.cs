using System.Data.Common;
using Npgsql;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    public Task<ConsistencyFacts> GetConsistencyFactsAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => StoreRows.ConsistencyFacts(
            await ReadAllAsync(c, StoreSql.QueuedWithHold, StoreRows.OrderKey, cancellationToken).ConfigureAwait(false),
            await ReadAllAsync(c, StoreSql.OrphanHolds, StoreRows.OrderKey, cancellationToken).ConfigureAwait(false),
            await ReadAllAsync(c, StoreSql.PendingWorkFiles, StoreRows.PendingWorkFile, cancellationToken).ConfigureAwait(false)), cancellationToken);

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlConnection c, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var query = Command(c, null, sql);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
