using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    public Task<ConsistencyFacts> GetConsistencyFactsAsync(CancellationToken cancellationToken) =>
        ReadAsync(c => StoreRows.ConsistencyFacts(
            ReadAll(c, StoreSql.QueuedWithHold, StoreRows.OrderKey),
            ReadAll(c, StoreSql.OrphanHolds, StoreRows.OrderKey),
            ReadAll(c, StoreSql.PendingWorkFiles, StoreRows.PendingWorkFile)), cancellationToken);

    private static List<T> ReadAll<T>(SqliteConnection c, string sql, Func<DbDataReader, T> map)
    {
        var rows = new List<T>();
        using var query = Command(c, null, sql);
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
