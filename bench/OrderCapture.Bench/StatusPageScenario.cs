using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace OrderCapture.Bench;

/// <summary>
/// The status page's cost against the size of the store: the same page timed on an empty store and
/// after <c>--orders</c> orders of <c>--lines</c> lines each are written straight into the SQLite file
/// (cancelled, oversold, in review, reserved), with the worker's memory before and after.
/// <c>--keep FILE</c> leaves a copy of the filled database there, to study a query plan.
/// </summary>
internal static class StatusPageScenario
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var orders = args.Int("orders", 100_000);
        var lines = args.Int("lines", 100);
        var requests = args.Int("requests", 30);
        await using var worker = await BenchWorker.StartAsync(skus: 10, onHand: 1000);

        var empty = await TimePageAsync(worker, requests);
        var rssBefore = Process.GetCurrentProcess().WorkingSet64;
        var fill = Stopwatch.StartNew();
        Fill(Path.Combine(worker.Folder, "bench.db"), orders, lines);
        fill.Stop();
        if (args.String("keep", "") is { Length: > 0 } keep)
        {
            using var copy = new SqliteConnection($"Data Source={Path.Combine(worker.Folder, "bench.db")};Pooling=False");
            copy.Open();
            using var vacuum = copy.CreateCommand();
            vacuum.CommandText = $"VACUUM INTO '{keep.Replace("'", "''", StringComparison.Ordinal)}'";
            vacuum.ExecuteNonQuery();
        }

        var full = await TimePageAsync(worker, requests);
        var rssAfter = Process.GetCurrentProcess().WorkingSet64;

        BenchReport.Print("statuspage",
        [
            ("orders stored", orders, "orders"),
            ("lines per order", lines, "lines"),
            ("fill time", fill.Elapsed.TotalSeconds, "s"),
            ("page p50, empty store", empty[empty.Count / 2], "ms"),
            ("page p50, full store", full[full.Count / 2], "ms"),
            ("page p99, full store", BenchReport.Percentile(full, 99), "ms"),
            ("full ÷ empty (p50)", full[full.Count / 2] / empty[empty.Count / 2], "x"),
            ("process growth over the full pages", (rssAfter - rssBefore) / 1048576.0, "MB"),
        ]);
        return 0;
    }

    private static async Task<List<double>> TimePageAsync(BenchWorker worker, int requests)
    {
        (await worker.Http.GetAsync("/")).EnsureSuccessStatusCode(); // warm
        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await worker.Http.GetAsync("/");
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    /// <summary>Orders and lines written in one transaction beside the running worker (WAL lets its readers go on).</summary>
    private static void Fill(string database, int orders, int lines)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout=60000; PRAGMA synchronous=OFF;";
            pragma.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var order = connection.CreateCommand();
        order.Transaction = transaction;
        order.CommandText = """
            INSERT INTO orders(site, order_no, status, captured_at, reconciled_at, attempts, path, cancel_reason, cancel_note, cancelled_at, oci_cancel)
            VALUES ('MySite', $o, $st, $at, $rec, 1, 'Offline', $reason, $note, $cancelled, $oci)
            """;
        var (o, st, at, rec, reason, note, cancelled, oci) = (order.Parameters.Add("$o", SqliteType.Text), order.Parameters.Add("$st", SqliteType.Text),
            order.Parameters.Add("$at", SqliteType.Integer), order.Parameters.Add("$rec", SqliteType.Integer), order.Parameters.Add("$reason", SqliteType.Text),
            order.Parameters.Add("$note", SqliteType.Text), order.Parameters.Add("$cancelled", SqliteType.Integer), order.Parameters.Add("$oci", SqliteType.Text));
        using var line = connection.CreateCommand();
        line.Transaction = transaction;
        line.CommandText = "INSERT INTO order_lines(site, order_no, line_no, sku, list_id, place_type, quantity, reserved) VALUES ('MySite', $o, $n, $k, 'MySiteInventory', 'Group', 1000, $r)";
        var (lo, n, k, r) = (line.Parameters.Add("$o", SqliteType.Text), line.Parameters.Add("$n", SqliteType.Integer), line.Parameters.Add("$k", SqliteType.Text), line.Parameters.Add("$r", SqliteType.Integer));
        string[] statuses = ["Cancelled", "Cancelled", "Cancelled", "Cancelled", "PartiallyReserved", "PartiallyReserved", "NothingReserved", "NothingReserved", "NeedsReview", "CompletelyReserved"];
        var start = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds();
        for (var i = 0; i < orders; i++)
        {
            var status = statuses[i % statuses.Length];
            o.Value = lo.Value = $"page-{i:D7}";
            st.Value = status;
            at.Value = start + i;
            rec.Value = status is "Cancelled" or "NeedsReview" ? DBNull.Value : start + i + 1000;
            var isCancelled = status == "Cancelled";
            reason.Value = isCancelled ? "customer" : DBNull.Value;
            note.Value = isCancelled ? "changed their mind" : DBNull.Value;
            cancelled.Value = isCancelled ? start + i + 500 : DBNull.Value;
            oci.Value = isCancelled ? "Done" : DBNull.Value;
            order.ExecuteNonQuery();
            for (var j = 0; j < lines; j++)
            {
                n.Value = j;
                k.Value = $"SKU-{j % 10}";
                r.Value = status switch { "CompletelyReserved" => 1000L, "PartiallyReserved" => j % 2 == 0 ? 1000L : 0L, "NothingReserved" => 0L, _ => DBNull.Value };
                line.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }
}
