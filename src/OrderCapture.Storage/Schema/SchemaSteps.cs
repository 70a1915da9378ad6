namespace OrderCapture.Storage;

/// <summary>
/// The schema, one numbered list of steps for both dialects. A step is written once, with type
/// tokens each dialect spells its own way (<see cref="SchemaDialect"/>); a dialect gives DDL of
/// its own only where the two truly differ. A database's version counts the steps its dialect has:
/// a step one dialect does not have (null) is not one of its numbers.
/// </summary>
internal static class SchemaSteps
{
    /// <param name="Why">What the step is for.</param>
    /// <param name="Both">DDL for both dialects, with tokens.</param>
    /// <param name="Sqlite">SQLite's own DDL after <paramref name="Both"/>; null with a null <paramref name="Both"/>: no step on SQLite.</param>
    /// <param name="Postgres">PostgreSQL's own, likewise.</param>
    public sealed record Step(string Why, string? Both, string? Sqlite = "", string? Postgres = "");

    public static readonly Step[] All =
    [
        new("Orders, their lines and holds, the availability cache, the outbox, alerts and the connectivity log.",
            """
            CREATE TABLE orders(
                site text NOT NULL, order_no text NOT NULL, status text NOT NULL,
                captured_at {long} NOT NULL, reconciled_at {long}, attempts {int} NOT NULL DEFAULT 0,
                claimed_by text, lease_until {long},
                PRIMARY KEY(site, order_no));
            CREATE INDEX ix_orders_status ON orders(status, captured_at, site, order_no);
            CREATE TABLE order_lines(
                site text NOT NULL, order_no text NOT NULL, line_no {int} NOT NULL,
                sku text NOT NULL, list_id text NOT NULL, place_type text NOT NULL,
                quantity {long} NOT NULL, reserved {long},
                PRIMARY KEY(site, order_no, line_no));
            CREATE TABLE holds(
                id {rowid}, site text NOT NULL, order_no text NOT NULL,
                list_id text NOT NULL, sku text NOT NULL, quantity {long} NOT NULL,
                replaced_at {long}, counting {bool} NOT NULL DEFAULT {true});
            CREATE INDEX ix_holds_counting ON holds(list_id, sku) WHERE counting = {true};
            CREATE INDEX ix_holds_order ON holds(site, order_no);
            CREATE TABLE availability(
                list_id text NOT NULL, generation {long} NOT NULL, sku text NOT NULL,
                ato {long} NOT NULL, atf {long} NOT NULL, on_hand {long} NOT NULL, reserved {long} NOT NULL,
                PRIMARY KEY(list_id, generation, sku)){without_rowid};
            CREATE TABLE list_sync(
                list_id text PRIMARY KEY, place_type text NOT NULL, generation {long} NOT NULL,
                delta_token text, fetched_at {long});
            CREATE TABLE outbox(
                id {serial}, kind text NOT NULL, site text NOT NULL, order_no text NOT NULL,
                target text NOT NULL, payload text NOT NULL, attempts {int} NOT NULL DEFAULT 0,
                created_at {long} NOT NULL, next_attempt_at {long} NOT NULL, done_at {long}, last_error text);
            CREATE INDEX ix_outbox_due ON outbox(next_attempt_at, id) WHERE done_at IS NULL;
            CREATE TABLE alerts(
                id {serial}, at {long} NOT NULL, severity text NOT NULL, kind text NOT NULL,
                message text NOT NULL, site text, order_no text, acked_at {long});
            CREATE TABLE connectivity(
                id {serial}, at {long} NOT NULL, from_state text NOT NULL,
                to_state text NOT NULL, reason text NOT NULL);
            """,
            // Cache generations: a sequence where there are sequences.
            Sqlite: "CREATE TABLE generations(next INTEGER NOT NULL); INSERT INTO generations(next) VALUES (1);",
            Postgres: "CREATE SEQUENCE generations START 1;"),

        // The clustered job store provisions Quartz's tables itself as it starts (from Quartz's own
        // script); the step stays, empty, so the numbers after it keep their meaning on every database.
        new("Quartz's job-store tables (PostgreSQL only).", Both: null, Sqlite: null),

        new("How an order was captured, and cancels; claimed_by and lease_until also own Reserving rows.",
            """
            ALTER TABLE orders ADD COLUMN path text NOT NULL DEFAULT 'Offline';
            ALTER TABLE orders ADD COLUMN cancel_reason text;
            ALTER TABLE orders ADD COLUMN cancel_note text;
            ALTER TABLE orders ADD COLUMN cancelled_at {long};
            ALTER TABLE orders ADD COLUMN oci_cancel text;
            CREATE INDEX ix_outbox_order ON outbox(site, order_no, kind) WHERE done_at IS NULL;
            """),

        new("The other channels' pace per (list, SKU), and since when a list's deltas were all seen.",
            """
            CREATE TABLE sku_pace(
                list_id text NOT NULL, sku text NOT NULL, units {real} NOT NULL, seconds {real} NOT NULL, observed_at {long} NOT NULL,
                PRIMARY KEY(list_id, sku)){without_rowid};
            ALTER TABLE list_sync ADD COLUMN paced_since {long};
            """),

        new("The status page's day, one row per minute.",
            """
            CREATE TABLE activity(
                minute {long} PRIMARY KEY, online {long} NOT NULL, offline {long} NOT NULL, refused {long} NOT NULL,
                reconciled {long} NOT NULL, queue_depth {long} NOT NULL, oci_state text NOT NULL);
            CREATE INDEX ix_alerts_order ON alerts(site, order_no) WHERE order_no IS NOT NULL;
            """),

        new("How far check --verify-oci got, so the next run starts there.",
            "CREATE TABLE check_marks(name text PRIMARY KEY, mark {long} NOT NULL){without_rowid};"),

        new("The location graph, so a restart while OCI is down still counts holds where OCI does.",
            "CREATE TABLE location_graph(id {int} PRIMARY KEY CHECK (id = 1), document text NOT NULL, read_at {long} NOT NULL);"),

        new("The counting holds' sum read from the index alone, on every accept of a SKU, however many holds it has.",
            """
            DROP INDEX ix_holds_counting;
            CREATE INDEX ix_holds_counting ON holds(list_id, sku, replaced_at, quantity) WHERE counting = {true};
            """),
    ];
}
