using Microsoft.Data.Sqlite;

namespace OrderCapture.Storage.Sqlite;

/// <summary>SQLite's side of the schema: <see cref="SchemaSteps"/>, in a file that gives pages back.</summary>
internal static class SqliteSchema
{
    /// <summary>
    /// The purge gives freed pages back with <c>PRAGMA incremental_vacuum</c>, which needs
    /// auto_vacuum=INCREMENTAL, which only a VACUUM applies: at the creation of a file, and once for
    /// a file made before retention existed (at its first start on this version).
    /// </summary>
    private static void UseIncrementalVacuum(SqliteConnection connection)
    {
        if (AutoVacuum(connection) == 2)
        {
            return;
        }

        // A file already in WAL mode has its header written, so even an empty one needs the VACUUM.
        foreach (var statement in new[] { "PRAGMA auto_vacuum = INCREMENTAL", "VACUUM" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }

    private static long AutoVacuum(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA auto_vacuum";
        return (long)read.ExecuteScalar()!;
    }

    public static void Migrate(SqliteConnection connection)
    {
        UseIncrementalVacuum(connection);
        SchemaDialect.Sqlite.Migrate(connection);
    }
}
