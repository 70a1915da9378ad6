using Npgsql;

namespace OrderCapture.Storage.Postgres;

/// <summary>
/// Versioned migrations, each once, in order, in its own transaction. Several workers may start
/// at the same moment, so migrating happens under a database-wide advisory lock.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Prefix of Quartz's tables, which the clustered job store creates and uses.</summary>
    public const string QuartzTablePrefix = "qrtz_";

    private const long MigrationLockKey = 0x0c_0de_0001;

    private static readonly Func<IReadOnlyList<string>>[] Migrations =
    [
        () => ["""
        CREATE TABLE orders(
            site text NOT NULL, order_no text NOT NULL, status text NOT NULL,
            captured_at bigint NOT NULL, reconciled_at bigint, attempts integer NOT NULL DEFAULT 0,
            claimed_by text, lease_until bigint,
            PRIMARY KEY(site, order_no));
        CREATE INDEX ix_orders_status ON orders(status, captured_at, site, order_no);
        CREATE TABLE order_lines(
            site text NOT NULL, order_no text NOT NULL, line_no integer NOT NULL,
            sku text NOT NULL, list_id text NOT NULL, place_type text NOT NULL,
            quantity bigint NOT NULL, reserved bigint,
            PRIMARY KEY(site, order_no, line_no));
        CREATE TABLE holds(
            id bigserial PRIMARY KEY, site text NOT NULL, order_no text NOT NULL,
            list_id text NOT NULL, sku text NOT NULL, quantity bigint NOT NULL,
            replaced_at bigint, counting boolean NOT NULL DEFAULT true);
        CREATE INDEX ix_holds_counting ON holds(list_id, sku) WHERE counting;
        CREATE INDEX ix_holds_order ON holds(site, order_no);
        CREATE TABLE availability(
            list_id text NOT NULL, generation bigint NOT NULL, sku text NOT NULL,
            ato bigint NOT NULL, atf bigint NOT NULL, on_hand bigint NOT NULL, reserved bigint NOT NULL,
            PRIMARY KEY(list_id, generation, sku));
        CREATE TABLE list_sync(
            list_id text PRIMARY KEY, place_type text NOT NULL, generation bigint NOT NULL,
            delta_token text, fetched_at bigint);
        CREATE SEQUENCE generations START 1;
        CREATE TABLE outbox(
            id bigserial PRIMARY KEY, kind text NOT NULL, site text NOT NULL, order_no text NOT NULL,
            target text NOT NULL, payload text NOT NULL, attempts integer NOT NULL DEFAULT 0,
            created_at bigint NOT NULL, next_attempt_at bigint NOT NULL, done_at bigint, last_error text);
        CREATE INDEX ix_outbox_due ON outbox(next_attempt_at, id) WHERE done_at IS NULL;
        CREATE TABLE alerts(
            id bigserial PRIMARY KEY, at bigint NOT NULL, severity text NOT NULL, kind text NOT NULL,
            message text NOT NULL, site text, order_no text, acked_at bigint);
        CREATE TABLE connectivity(
            id bigserial PRIMARY KEY, at bigint NOT NULL, from_state text NOT NULL,
            to_state text NOT NULL, reason text NOT NULL);
        """],
        // Quartz's job-store tables: the job store provisions them itself as it starts (ProvisionSchema,
        // JobsServiceCollectionExtensions), from Quartz's own script. The step stays, empty, so that the
        // numbers of the steps after it keep meaning the same on every database.
        () => [],
        // How an order was captured, and cancels. claimed_by/lease_until also own Reserving rows now.
        () => ["""
        ALTER TABLE orders ADD COLUMN path text NOT NULL DEFAULT 'Offline';
        ALTER TABLE orders ADD COLUMN cancel_reason text;
        ALTER TABLE orders ADD COLUMN cancel_note text;
        ALTER TABLE orders ADD COLUMN cancelled_at bigint;
        ALTER TABLE orders ADD COLUMN oci_cancel text;
        CREATE INDEX ix_outbox_order ON outbox(site, order_no, kind) WHERE done_at IS NULL;
        """],

        // The other channels' pace per (list, SKU), and since when a list's deltas were all seen.
        () => ["""
        CREATE TABLE sku_pace(
            list_id text NOT NULL, sku text NOT NULL, units double precision NOT NULL, seconds double precision NOT NULL,
            observed_at bigint NOT NULL, PRIMARY KEY(list_id, sku));
        ALTER TABLE list_sync ADD COLUMN paced_since bigint;
        """],

        // The status page's day, one row per minute.
        () => ["""
        CREATE TABLE activity(
            minute bigint PRIMARY KEY, online bigint NOT NULL, offline bigint NOT NULL, refused bigint NOT NULL,
            reconciled bigint NOT NULL, queue_depth bigint NOT NULL, oci_state text NOT NULL);
        CREATE INDEX ix_alerts_order ON alerts(site, order_no) WHERE order_no IS NOT NULL;
        """],

        // How far check --verify-oci got, so the next run starts there.
        () => ["CREATE TABLE check_marks(name text PRIMARY KEY, mark bigint NOT NULL)"],

        // The location graph, so a restart while OCI is down still counts holds where OCI does.
        () => ["CREATE TABLE location_graph(id integer PRIMARY KEY CHECK (id = 1), document text NOT NULL, read_at bigint NOT NULL)"],
    ];

    public static int LatestVersion => Migrations.Length;

    public static void Migrate(NpgsqlConnection connection)
    {
        Run(connection, null, $"SELECT pg_advisory_lock({MigrationLockKey})");
        try
        {
            Run(connection, null, "CREATE TABLE IF NOT EXISTS schema_version(version integer NOT NULL)");
            using var read = new NpgsqlCommand(SchemaSql.Version, connection);
            var current = (int)read.ExecuteScalar()!;
            for (var version = current + 1; version <= Migrations.Length; version++)
            {
                using var tx = connection.BeginTransaction();
                foreach (var statement in Migrations[version - 1]())
                {
                    Run(connection, tx, statement);
                }

                Run(connection, tx, $"INSERT INTO schema_version(version) VALUES ({version})");
                tx.Commit();
            }
        }
        finally
        {
            Run(connection, null, $"SELECT pg_advisory_unlock({MigrationLockKey})");
        }
    }

    private static void Run(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        command.ExecuteNonQuery();
    }
}
