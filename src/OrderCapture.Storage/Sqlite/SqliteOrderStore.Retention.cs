namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    // Gives the freed pages back to the file system (auto_vacuum=INCREMENTAL, see SqliteSchema), on a
    // connection of its own, outside the writer's transactions.
    private protected override Task AfterPurgeAsync(CancellationToken cancellationToken) =>
        ReadAsync(c => Execute(c, null, "PRAGMA incremental_vacuum"), cancellationToken);
}
