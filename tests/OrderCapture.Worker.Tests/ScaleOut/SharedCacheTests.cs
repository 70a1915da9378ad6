using System.Net;
using Npgsql;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.ScaleOut;

/// <summary>
/// Two workers started together on one fresh PostgreSQL database with a catalogue of several
/// staging batches: one of them writes the shared cache at a time, so it comes out
/// whole, also when a dead delta token makes both rebuild while they run.
/// </summary>
public sealed class SharedCacheTests : PostgresInstancesTestBase
{
    private const int Skus = 12_000; // 3 staging batches of 5,000

    protected override InventorySeed Seed => Catalogue(onHand: 5);

    private static InventorySeed Catalogue(decimal onHand) => WorkerTestHost.Seed(onHand, [.. Enumerable.Range(0, Skus).Select(i => $"SKU-{i}")]);

    /// <summary>The machine's clock, an hour behind: an instance whose NTP failed.</summary>
    private sealed class HourBehind : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddHours(-1);
    }

    [Test]
    public async Task A_reservation_and_a_poll_are_stamped_with_the_databases_clock_not_a_skewed_instances()
    {
        var skewed = await StartInstanceAsync("skewed", clock: new HourBehind());
        await skewed.WaitForCacheAsync("SKU-1");
        using (var response = await skewed.PostOrderAsync("skewed-1", ("SKU-1", 1)))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT MAX(replaced_at) FROM holds WHERE order_no = 'skewed-1'), (SELECT MAX(fetched_at) FROM list_sync),
                   (extract(epoch FROM clock_timestamp()) * 1000)::bigint
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (replacedAt, fetchedAt, databaseNow) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));

        Assert.Multiple(() =>
        {
            Assert.That(databaseNow - replacedAt, Is.InRange(0, 60_000), "replaced_at is the database's time, not an hour ago");
            Assert.That(databaseNow - fetchedAt, Is.InRange(0, 60_000), "fetched_at too");
        });
    }

    [Test]
    public async Task An_order_a_skewed_instance_reconciles_has_its_holds_stamped_with_the_databases_clock()
    {
        var skewed = await StartInstanceAsync("skewed", clock: new HourBehind());
        await skewed.WaitForCacheAsync("SKU-1");
        await skewed.CutOciAsync(Simulator);
        using (var response = await skewed.PostOrderAsync("skewed-queued", ("SKU-1", 1)))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        Simulator.Faults.Set(FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () =>
            (await skewed.Store.GetOrderAsync("MySite", "skewed-queued", CancellationToken.None))?.Status == Core.Orders.OrderStatus.CompletelyReserved,
            "the queued order is reconciled", seconds: 60);

        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT MIN(replaced_at) FROM holds WHERE order_no = 'skewed-queued'), (extract(epoch FROM clock_timestamp()) * 1000)::bigint
            """, connection);
        var (replacedAt, databaseNow) = await ReadPairAsync(command);

        Assert.That(databaseNow - replacedAt, Is.InRange(0, 60_000), "replaced_at is the database's time when the outcome was written, not an hour ago");
    }

    private static async Task<(long, long)> ReadPairAsync(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Rows of the current generation, and the ATO of a SKU in it.</summary>
    private async Task<(long Rows, long SampleAto)> CacheAsync()
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT COUNT(*), COALESCE(MAX(CASE WHEN a.sku = 'SKU-0' THEN a.ato END), -1)
            FROM availability a JOIN list_sync s ON a.list_id = s.list_id AND a.generation = s.generation
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1) / 1000);
    }

    [Test]
    public async Task Two_instances_started_together_keep_the_whole_catalogue_also_after_both_must_rebuild()
    {
        var instances = await Task.WhenAll(StartInstanceAsync("a"), StartInstanceAsync("b"));
        await WorkerTestHost.WaitUntilAsync(async () => await CacheAsync() is { Rows: > 0 }, "the cache is published", seconds: 60);
        await Task.Delay(TimeSpan.FromSeconds(1)); // both instances' first passes are over
        var first = await CacheAsync();

        // Every delta token dies (the simulator's state is replaced): both instances must rebuild, at once.
        Simulator.State.Replace(Catalogue(onHand: 7));
        await WorkerTestHost.WaitUntilAsync(async () => await CacheAsync() is { SampleAto: 7 }, "the cache is rebuilt with the new figures", seconds: 60);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var rebuilt = await CacheAsync();

        // Offline, both instances take orders for SKUs from every staging batch: none is unknown.
        foreach (var instance in instances)
        {
            await instance.CutOciAsync(Simulator);
        }

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < Skus; i += 997)
        {
            using var response = await instances[i % 2].PostOrderAsync($"whole-{i}", ($"SKU-{i}", 1));
            answers.Add(response.StatusCode);
        }

        Assert.Multiple(() =>
        {
            Assert.That(first.Rows, Is.EqualTo(Skus), "started together, nothing lost");
            Assert.That(rebuilt.Rows, Is.EqualTo(Skus), "rebuilt together, nothing lost");
            Assert.That(answers, Has.All.EqualTo(HttpStatusCode.Created), "no SKU refused as unknown");
        });
    }
}
