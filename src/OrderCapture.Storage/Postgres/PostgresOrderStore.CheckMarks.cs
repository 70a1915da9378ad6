using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    public Task<DateTimeOffset?> GetCheckMarkAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            await using var query = Command(c, null, StoreRows.GetCheckMarkSql, ("n", name));
            return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ms ? FromUnixMs(ms) : (DateTimeOffset?)null;
        }, cancellationToken);

    public Task SetCheckMarkAsync(string name, DateTimeOffset mark, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) => await ExecuteAsync(c, tx, StoreRows.SetCheckMarkSql, ("n", name), ("m", ToUnixMs(mark))).ConfigureAwait(false), cancellationToken);
}
