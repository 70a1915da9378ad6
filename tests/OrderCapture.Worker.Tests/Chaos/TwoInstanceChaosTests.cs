using Npgsql;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Testing;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Chaos;

/// <summary>
/// The chaos run on PostgreSQL with two worker processes on one database: clients post
/// to either, either is SIGKILLed at random, delta tokens die so both rebuild the cache while they
/// run, and merges start on both at once. Besides the single-instance checks: the shared cache
/// equals the simulator's figures, and the holds that count equal the open orders' lines.
/// Short form in CI; the long form as for <see cref="ChaosRunTests"/> (ORDERCAPTURE_CHAOS_SECONDS …).
/// </summary>
[TestFixture(RepeatedPutAnswer.FirstResult)]
[TestFixture(RepeatedPutAnswer.Conflict)]
public sealed class TwoInstanceChaosTests(RepeatedPutAnswer repeatedPut) : ChaosRun(repeatedPut)
{
    private static readonly string[] OpenStatuses = ["ReservationMissing", "Reserving", "NeedsReview"];
    private string _database = null!;

    protected override int Instances => 2;

    protected override IDictionary<string, string> StoreSettings => new Dictionary<string, string>
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = _database,
    };

    [SetUp]
    public async Task CreateDatabaseAsync() => _database = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync();

    protected override System.Data.Common.DbConnection OpenStore()
    {
        var connection = new NpgsqlConnection(_database);
        connection.Open();
        return connection;
    }

    /// <summary>ATO per SKU in the shared cache's current generation.</summary>
    private Dictionary<string, decimal> CachedAto()
    {
        using var connection = OpenStore();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT a.sku, a.ato FROM availability a JOIN list_sync s ON s.list_id = a.list_id AND s.generation = a.generation WHERE a.list_id = 'MySiteInventory'";
        using var reader = command.ExecuteReader();
        var cached = new Dictionary<string, decimal>(StringComparer.Ordinal);
        while (reader.Read())
        {
            cached[reader.GetString(0)] = reader.GetInt64(1) / 1000m;
        }

        return cached;
    }

    private Dictionary<string, decimal> SimulatorAto() => ChaosDriver.Skus.ToDictionary(
        sku => sku, sku => Simulator.State.Figures(new SimPlace(SimPlaceType.Group, WorkerTestHost.List), sku)!.Ato, StringComparer.Ordinal);

    protected override Func<Task<bool>>? SettledTooAsync => async () =>
        await NothingLeftInOutboxAsync() && CachedAto().OrderBy(kv => kv.Key).SequenceEqual(SimulatorAto().OrderBy(kv => kv.Key));

    protected override void AssertMore(Dictionary<string, StoredOrder> stored)
    {
        Assert.That(CachedAto(), Is.EquivalentTo(SimulatorAto()), "the shared cache equals OCI's figures");

        using var connection = OpenStore();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            SELECT COALESCE((SELECT SUM(quantity) FROM holds WHERE counting AND replaced_at IS NULL), 0),
                   COALESCE((SELECT SUM(l.quantity) FROM order_lines l JOIN orders o ON o.site = l.site AND o.order_no = l.order_no
                             WHERE o.status IN ({string.Join(", ", OpenStatuses.Select(s => $"'{s}'"))})), 0)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.That(reader.GetInt64(0), Is.EqualTo(reader.GetInt64(1)), "the holds that count are the open orders' lines");
    }

    [Test]
    public Task Two_instances_on_one_database_survive_faults_kills_cache_rebuilds_and_merges_together() => RunAndCheckAsync(seconds: 40, kills: 4);
}
