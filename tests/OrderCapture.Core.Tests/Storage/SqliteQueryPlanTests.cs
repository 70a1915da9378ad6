using Microsoft.Data.Sqlite;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;
using OrderCapture.Storage;
using OrderCapture.Storage.Sqlite;

namespace OrderCapture.Core.Tests.Storage;

/// <summary>
/// The statements run on every poll or order find their rows through an index, whatever the
/// table holds: SQLite has no statistics in the worker's file, so a plan that scans is chosen
/// silently, and costs more with every order ever taken.
/// </summary>
public sealed class SqliteQueryPlanTests
{
    private static async Task<IReadOnlyList<string>> PlanAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var temp = await TempStore.CreateAsync(StorageProvider.Sqlite);
        await using var connection = new SqliteConnection(temp.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }

    [Test]
    public async Task Due_outbox_rows_are_found_through_the_due_index_without_a_sort()
    {
        var plan = await PlanAsync(OutboxSql.Due, ("@now", 0L), ("@n", 100), ("@wf", "work_file"), ("@files", true));

        Assert.Multiple(() =>
        {
            Assert.That(plan, Has.Some.Contains("USING INDEX ix_outbox_due"), string.Join(" | ", plan));
            Assert.That(plan, Has.None.StartsWith("SCAN outbox"), "a scan reads every delivered row too");
            Assert.That(plan, Has.None.Contains("TEMP B-TREE"), "the index gives the order; nothing is sorted");
        });
    }

    [Test]
    public async Task Retiring_a_lists_replaced_holds_reads_its_counting_holds_through_the_index()
    {
        var plan = await PlanAsync(AvailabilitySql.RetireReplacedHolds(SqliteOrderStore.CountingHoldTerm), ("@l", "list"), ("@f", 0L));

        Assert.That(plan, Has.Some.Contains("USING INDEX ix_holds_counting"), string.Join(" | ", plan));
        Assert.That(plan, Has.None.StartsWith("SCAN holds"), "a scan reads every hold ever taken, on every delta poll");
    }

    [Test]
    public async Task The_held_sum_an_accept_reads_comes_from_the_counting_index_alone()
    {
        var plan = await PlanAsync(SqliteOrderStore.HeldSql, ("@l", "list"), ("@k", "SKU-1"), ("@f", 0L));

        // Every accept of a SKU sums its counting holds; read from the table, that is one more page
        // lookup for every hold the SKU has, growing with the queue.
        Assert.That(plan, Has.Some.Contains("USING COVERING INDEX ix_holds_counting"), string.Join(" | ", plan));
    }

    [TestCase("heads", "o")]
    [TestCase("lines", "l")]
    [TestCase("claim", "orders")]
    public async Task Orders_read_or_claimed_by_their_keys_are_found_by_key_not_by_a_scan(string statement, string table)
    {
        var (keys, parameters) = SqliteOrderStore.KeysAsJson([("MySite", "1"), ("MySite", "2")]);
        var sql = statement switch
        {
            "heads" => OrdersSql.ReadHeadsOf(keys),
            "lines" => OrdersSql.ReadLinesOf(keys),
            _ => ReconciliationSql.Claim(keys),
        };
        var plan = await PlanAsync(sql, [("@w", "owner"), ("@until", 0L), .. parameters.Select(p => (p.Name, p.Value!))]);

        // A claim reads and marks hundreds of orders this way; a scan would read every order ever taken.
        Assert.Multiple(() =>
        {
            Assert.That(plan, Has.Some.StartsWith($"SEARCH {table} USING"), string.Join(" | ", plan));
            Assert.That(plan, Has.None.StartsWith($"SCAN {table}"), string.Join(" | ", plan));
        });
    }

    [Test]
    public async Task The_queue_is_counted_from_the_status_index_alone()
    {
        var plan = await PlanAsync(OrdersSql.CountInStatus, ("@st", "ReservationMissing"));

        // The recovery loop counts the queue on every tick; every order ever kept must not weigh on it.
        Assert.That(plan, Has.Some.Contains("USING COVERING INDEX ix_orders_status"), string.Join(" | ", plan));
    }
}
