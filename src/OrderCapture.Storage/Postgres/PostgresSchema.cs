using Npgsql;

namespace OrderCapture.Storage.Postgres;

/// <summary>
/// PostgreSQL's side of the schema: <see cref="SchemaSteps"/>. Several workers may start at the
/// same moment, so migrating happens under a database-wide advisory lock.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Prefix of Quartz's tables, which the clustered job store creates and uses.</summary>
    public const string QuartzTablePrefix = "qrtz_";

    private const long MigrationLockKey = 0x0c_0de_0001;

    public static int LatestVersion => SchemaDialect.Postgres.LatestVersion;

    public static void Migrate(NpgsqlConnection connection)
    {
        SchemaDialect.Run(connection, null, $"SELECT pg_advisory_lock({MigrationLockKey})");
        try
        {
            SchemaDialect.Postgres.Migrate(connection);
        }
        finally
        {
            SchemaDialect.Run(connection, null, $"SELECT pg_advisory_unlock({MigrationLockKey})");
        }
    }
}
