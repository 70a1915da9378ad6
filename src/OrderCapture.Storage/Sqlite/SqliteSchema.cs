using Microsoft.Data.Sqlite;

namespace OrderCapture.Storage.Sqlite;

/// <summary>Versioned migrations; each runs once, in order, in its own transaction.</summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE orders(
            site TEXT NOT NULL, order_no TEXT NOT NULL, status TEXT NOT NULL,
            captured_at INTEGER NOT NULL, reconciled_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0,
            claimed_by TEXT, lease_until INTEGER,
            PRIMARY KEY(site, order_no));
        CREATE INDEX ix_orders_status ON orders(status, captured_at, site, order_no);
        CREATE TABLE order_lines(
            site TEXT NOT NULL, order_no TEXT NOT NULL, line_no INTEGER NOT NULL,
            sku TEXT NOT NULL, list_id TEXT NOT NULL, place_type TEXT NOT NULL,
            quantity INTEGER NOT NULL, reserved INTEGER,
            PRIMARY KEY(site, order_no, line_no));
        CREATE TABLE holds(
            id INTEGER PRIMARY KEY, site TEXT NOT NULL, order_no TEXT NOT NULL,
            list_id TEXT NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL,
            replaced_at INTEGER, counting INTEGER NOT NULL DEFAULT 1);
        CREATE INDEX ix_holds_counting ON holds(list_id, sku) WHERE counting = 1;
        CREATE INDEX ix_holds_order ON holds(site, order_no);
        CREATE TABLE availability(
            list_id TEXT NOT NULL, generation INTEGER NOT NULL, sku TEXT NOT NULL,
            ato INTEGER NOT NULL, atf INTEGER NOT NULL, on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL,
            PRIMARY KEY(list_id, generation, sku)) WITHOUT ROWID;
        CREATE TABLE list_sync(
            list_id TEXT PRIMARY KEY, place_type TEXT NOT NULL, generation INTEGER NOT NULL,
            delta_token TEXT, fetched_at INTEGER);
        CREATE TABLE generations(next INTEGER NOT NULL);
        INSERT INTO generations(next) VALUES (1);
        CREATE TABLE outbox(
            id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, site TEXT NOT NULL, order_no TEXT NOT NULL,
            target TEXT NOT NULL, payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, done_at INTEGER, last_error TEXT);
        CREATE INDEX ix_outbox_due ON outbox(next_attempt_at, id) WHERE done_at IS NULL;
        CREATE TABLE alerts(
            id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, severity TEXT NOT NULL, kind TEXT NOT NULL,
            message TEXT NOT NULL, site TEXT, order_no TEXT, acked_at INTEGER);
        CREATE TABLE connectivity(
            id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, from_state TEXT NOT NULL,
            to_state TEXT NOT NULL, reason TEXT NOT NULL);
        """,
        // How an order was captured, and cancels. claimed_by/lease_until also own Reserving rows now.
        """
        ALTER TABLE orders ADD COLUMN path TEXT NOT NULL DEFAULT 'Offline';
        ALTER TABLE orders ADD COLUMN cancel_reason TEXT;
        ALTER TABLE orders ADD COLUMN cancel_note TEXT;
        ALTER TABLE orders ADD COLUMN cancelled_at INTEGER;
        ALTER TABLE orders ADD COLUMN oci_cancel TEXT;
        CREATE INDEX ix_outbox_order ON outbox(site, order_no, kind) WHERE done_at IS NULL;
        """,
        // The other channels' pace per (list, SKU), and since when a list's deltas were all seen.
        """
        CREATE TABLE sku_pace(
            list_id TEXT NOT NULL, sku TEXT NOT NULL, units REAL NOT NULL, seconds REAL NOT NULL, observed_at INTEGER NOT NULL,
            PRIMARY KEY(list_id, sku)) WITHOUT ROWID;
        ALTER TABLE list_sync ADD COLUMN paced_since INTEGER;
        """,
        // The status page's day, one row per minute.
        """
        CREATE TABLE activity(
            minute INTEGER PRIMARY KEY, online INTEGER NOT NULL, offline INTEGER NOT NULL, refused INTEGER NOT NULL,
            reconciled INTEGER NOT NULL, queue_depth INTEGER NOT NULL, oci_state TEXT NOT NULL);
        CREATE INDEX ix_alerts_order ON alerts(site, order_no) WHERE order_no IS NOT NULL;
        """,
        // How far check --verify-oci got, so the next run starts there.
        """
        CREATE TABLE check_marks(name TEXT PRIMARY KEY, mark INTEGER NOT NULL) WITHOUT ROWID;
        """,
        // The location graph, so a restart while OCI is down still counts holds where OCI does.
        """
        CREATE TABLE location_graph(id INTEGER PRIMARY KEY CHECK (id = 1), document TEXT NOT NULL, read_at INTEGER NOT NULL);
        """,
    ];

    public static int LatestVersion => Migrations.Length;

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
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)";
            create.ExecuteNonQuery();
        }

        long current;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = SchemaSql.Version;
            current = (long)read.ExecuteScalar()!;
        }

        for (var version = (int)current + 1; version <= Migrations.Length; version++)
        {
            using var tx = connection.BeginTransaction();
            using var migrate = connection.CreateCommand();
            migrate.Transaction = tx;
            migrate.CommandText = Migrations[version - 1] + $";\nINSERT INTO schema_version(version) VALUES ({version});";
            migrate.ExecuteNonQuery();
            tx.Commit();
        }
    }
}
