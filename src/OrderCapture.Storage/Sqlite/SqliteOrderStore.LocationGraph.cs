using OrderCapture.Core.Places;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    public Task<LocationGraph?> GetLocationGraphAsync(CancellationToken cancellationToken) =>
        ReadAsync(c =>
        {
            using var query = Command(c, null, StoreSql.ReadLocationGraph);
            using var reader = query.ExecuteReader();
            return reader.Read() ? StoreRows.LocationGraph(reader) : null;
        }, cancellationToken);

    public Task SaveLocationGraphAsync(LocationGraph graph, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => Execute(c, tx, StoreSql.SaveLocationGraph, ("@d", StoreRows.LocationGraphDocument(graph)), ("@at", ToUnixMs(graph.ReadAt!.Value))), cancellationToken);
}
