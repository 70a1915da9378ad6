using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    public Task<DateTimeOffset?> GetCheckMarkAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync(c =>
        {
            using var query = Command(c, null, StoreRows.GetCheckMarkSql, ("@n", name));
            return query.ExecuteScalar() is long ms ? FromUnixMs(ms) : (DateTimeOffset?)null;
        }, cancellationToken);

    public Task SetCheckMarkAsync(string name, DateTimeOffset mark, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => Execute(c, tx, StoreRows.SetCheckMarkSql, ("@n", name), ("@m", ToUnixMs(mark))), cancellationToken);
}
