using OrderCapture.Core.Places;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    public Task<LocationGraph?> GetLocationGraphAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            await using var query = Command(c, null, StoreSql.ReadLocationGraph);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoreRows.LocationGraph(reader) : null;
        }, cancellationToken);

    public Task SaveLocationGraphAsync(LocationGraph graph, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) => await ExecuteAsync(c, tx, StoreSql.SaveLocationGraph,
            ("d", StoreRows.LocationGraphDocument(graph)), ("at", ToUnixMs(graph.ReadAt!.Value))).ConfigureAwait(false), cancellationToken);
}
