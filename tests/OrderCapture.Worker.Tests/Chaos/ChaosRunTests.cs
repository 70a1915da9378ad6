using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reports.Share;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Testing;
using OrderCapture.Worker.Cli;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Chaos;

/// <summary>
/// The chaos run: a driver posts orders while OCI faults come and go, another channel sells
/// stock, and the worker process is killed with SIGKILL at random moments and started again on
/// the same folder. At the end every invariant of DESIGN.md is checked against the store, the
/// simulator and the IMPEX share, and <c>ordercapture check</c> and <c>check --verify-oci</c> must be clean.
/// Short form by default (CI); the long form by environment:
/// <c>ORDERCAPTURE_CHAOS_SECONDS=600 ORDERCAPTURE_CHAOS_KILLS=40 dotnet test --filter Chaos</c>
/// (<c>ORDERCAPTURE_CHAOS_SEED</c> replays a run).
/// </summary>
public abstract class ChaosRun(RepeatedPutAnswer repeatedPut) : WorkerTestBase
{
    /// <summary>Each run is made with both readings of a repeated PUT: replayed, or 409 as the spec promises no more.</summary>
    protected override OrderCapture.OciSimulator.SimulatorOptions SimulatorOptions => new() { ExportDelay = TimeSpan.Zero, RepeatedPut = repeatedPut };

    private static readonly string[] FinalStatuses = ["Reserved", "CompletelyReserved", "PartiallyReserved", "NothingReserved"];

    // Enough stock that orders are still accepted at the end of a long run (the clients take about
    // 150 units a second between them); another channel and oversold orders still bite. The store
    // in the site's group is where shoppers pick up: a tenth of it, so its last units are contested.
    protected override InventorySeed Seed
    {
        get
        {
            var units = 40m * Setting("ORDERCAPTURE_CHAOS_SECONDS", 40);
            return new InventorySeed
            {
                Locations =
                [
                    new SeedLocation("warehouse-1", [.. ChaosDriver.Skus.Select(s => new SeedRecord(s, units))]),
                    new SeedLocation(ChaosDriver.PickupStore, [.. ChaosDriver.Skus.Select(s => new SeedRecord(s, units / 10))]),
                ],
                Groups = [new SeedGroup(WorkerTestHost.List, ["warehouse-1", ChaosDriver.PickupStore])],
            };
        }
    }

    protected static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    /// <summary>Worker processes sharing the store (one: SQLite; more: one PostgreSQL database).</summary>
    protected virtual int Instances => 1;

    /// <summary>Settings of the store the run uses, added to every worker's and verb's.</summary>
    protected virtual IDictionary<string, string> StoreSettings => new Dictionary<string, string>();

    /// <summary>A read-only connection to the store, for the end checks.</summary>
    protected abstract System.Data.Common.DbConnection OpenStore();

    /// <summary>
    /// What else must hold before the workers are stopped: by default every OCI cancel delivered,
    /// safety nets included. On PostgreSQL a row an instance took just before it was killed comes due
    /// again only after <c>Storage:OutboxLease</c>; a live instance delivers it then, which the end
    /// checks must wait for rather than read the documents before.
    /// </summary>
    protected virtual Func<Task<bool>>? SettledTooAsync => NothingLeftInOutboxAsync;

    /// <summary>
    /// Every OCI cancel delivered and every work file written. A message taken by an instance that
    /// was then killed comes due again only after <c>Storage:OutboxLease</c>; read before that, a
    /// cancelled order's document is still live, or an offline report is missing from the merge
    /// (both seen in CI). Nothing is lost either way; the end checks must wait for it.
    /// </summary>
    protected Task<bool> NothingLeftInOutboxAsync()
    {
        using var connection = OpenStore();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM outbox WHERE kind IN ('oci_cancel', 'work_file') AND done_at IS NULL";
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0);
    }

    /// <summary>Where the reports go, added to every worker's and verb's settings (default: the folder under the run's own).</summary>
    protected virtual IDictionary<string, string> ImpexSettings => new Dictionary<string, string>();

    /// <summary>Faults of the IMPEX share during the run (none by default); the share must be up when it returns.</summary>
    protected virtual Task ShareFaultsAsync(TimeSpan duration, Random random) => Task.CompletedTask;

    /// <summary>Checks only a run of this kind can make, inside the same Assert.Multiple.</summary>
    protected virtual void AssertMore(Dictionary<string, StoredOrder> stored)
    {
    }

    private Dictionary<string, string> WorkerSettings => new Dictionary<string, string>(StoreSettings.Concat(ImpexSettings).Concat(new Dictionary<string, string>
    {
        ["Reconciliation:Schedule"] = "0/2 * * * * ?",
        ["OrderCapture:Sites:0:PickupLocations:0"] = ChaosDriver.PickupStore,
        ["Reconciliation:ClaimLease"] = "00:00:05",
        ["Inventory:DeltaPollInterval"] = "00:00:00.250",
        ["Connectivity:ProbeInterval"] = "00:00:00.200",
        // How long a PUT given up on may still land. The simulator shares two cores with the whole
        // suite; starved, it has been seen to process a request more than 5 s after its client gave
        // up, which then landed after the cancel that should have covered it.
        ["Capture:AttemptLease"] = "00:00:15",
        // A killed instance's taken reports and cancels come due to the other after this (default 30 s).
        ["Storage:OutboxLease"] = "00:00:05",
    }));

    /// <summary>The run and every end check; <paramref name="seconds"/> and <paramref name="kills"/> are the short form's.</summary>
    protected async Task RunAndCheckAsync(int seconds, int kills)
    {
        var duration = TimeSpan.FromSeconds(Setting("ORDERCAPTURE_CHAOS_SECONDS", seconds));
        kills = Setting("ORDERCAPTURE_CHAOS_KILLS", kills);
        var seed = Setting("ORDERCAPTURE_CHAOS_SEED", Environment.TickCount);
        TestContext.Out.WriteLine($"chaos: {Instances} instance(s), {duration.TotalSeconds} s, {kills} kills, repeated PUT {repeatedPut}, seed {seed}");
        var random = new Random(seed);
        await using var driver = new ChaosDriver(Simulator, Folder, WorkerSettings, random, Instances);

        await Task.WhenAll(driver.RunAsync(duration, kills), ShareFaultsAsync(duration, new Random(seed + 1)));
        var seen = await driver.SettleAsync(TimeSpan.FromSeconds(15), SettledTooAsync, "every OCI cancel is delivered and every work file written (and, shared, the cache has caught up with OCI)");
        var (accepted, refused, cancelled) = (seen.Accepted, seen.Refused, seen.Cancelled);
        TestContext.Out.WriteLine($"chaos: {accepted.Count} accepted, {refused.Count} refused, {cancelled.Count} cancelled ({seen.CancelledUnknown.Count} cancels found no order), {driver.Kills} kills, {driver.FaultChanges} fault changes, {driver.CacheRebuildsForced} forced cache rebuilds, {driver.MergeRounds} merge rounds");

        // The worker is killed once more with nothing in flight; the in-process verbs then drain
        // the outbox, merge, and check: nothing accepted may depend on a graceful stop.
        var merge = await CliProcess.RunAsync(Folder, ["merge", .. WorkerTestHost.SettingsArgs(Simulator, Folder, WorkerSettings)]);
        var check = await CliProcess.RunAsync(Folder, ["check", "--raw", .. WorkerTestHost.SettingsArgs(Simulator, Folder, WorkerSettings)]);
        var documentsBefore = Simulator.State.Reservations().Count;
        // An operator's one-shot comparison, with the shipped OCI timeouts rather than the workers'
        // 1 s test setting: on a loaded two-core machine an export poll has taken longer than that.
        var verify = await CliProcess.RunAsync(Folder, ["check", "--verify-oci", "--raw", .. WorkerTestHost.SettingsArgs(Simulator, Folder, WorkerSettings),
            "--Oci:Resilience:AttemptTimeout=00:00:10", "--Oci:Resilience:MaxRetryAttempts=3", "--Reconciliation:ClaimLease=00:05:00"]);
        var stored = ReadOrders();
        var documents = Simulator.State.Reservations();
        var reports = ReadReports();

        Assert.Multiple(() =>
        {
            Assert.That(driver.Kills, Is.EqualTo(kills), "every planned kill happened");
            Assert.That(accepted, Is.Not.Empty);
            Assert.That(OrdersWithPickupLines(), Is.Not.Zero, "pick-up and mixed orders were taken too");
            Assert.That(merge.ExitCode, Is.EqualTo(ExitCodes.Ok), merge.Output);
            Assert.That(check, Is.EqualTo((ExitCodes.Ok, "")), "ordercapture check is clean");
            Assert.That(verify.ExitCode, Is.EqualTo(ExitCodes.Ok), $"ordercapture check --verify-oci is clean: {verify.Output}");
            Assert.That(documents, Has.Count.EqualTo(documentsBefore), "check --verify-oci created no document");
            Assert.That(LeftoverWorkFiles(), Is.Empty, "the final merge folded every work file");

            // Every order the driver saw accepted is there, finally classified or cancelled; nothing left Reserving.
            Assert.That(accepted.Except(stored.Keys), Is.Empty, "accepted orders missing from the store");
            Assert.That(cancelled.Except(stored.Keys), Is.Empty, "cancelled orders missing from the store");
            Assert.That(stored.Where(o => !accepted.Contains(o.Key) && !cancelled.Contains(o.Key) && !seen.CancelledUnknown.Contains(o.Key) && o.Value.CancelReason != "not_accepted").Select(o => o.Key),
                Is.Empty, "orders in the store the driver never saw accepted (a budget refusal is kept as not_accepted)");
            Assert.That(stored.Values.Select(o => o.Status).Distinct(), Is.SubsetOf(FinalStatuses.Append("Cancelled")));
            Assert.That(cancelled.Where(o => stored[o].Status != "Cancelled"), Is.Empty, "a cancel answered 200 left the order uncancelled");

            // A cancelled order holds nothing and has no live document; cancelled before reconciliation, it is in no outcome report.
            var cancelledOrders = stored.Where(o => o.Value.Status == "Cancelled").Select(o => o.Key).ToHashSet();
            Assert.That(HoldsOf(cancelledOrders), Is.Empty, "holds of cancelled orders");

            // One reservation document per order that holds stock, and no live one for anything else. A
            // document is cancelled only for an order that got nothing or was cancelled.
            var byId = documents.ToDictionary(d => d.Id);
            var holding = stored.Where(o => o.Value.Status != "Cancelled").ToDictionary(o => o.Key, o => o.Value);
            Assert.That(holding.Keys.Where(o => !byId.ContainsKey(ReservationIds.For(WorkerTestHost.Site, o))), Is.Empty, "orders without a document");
            var orderOf = stored.Keys.ToDictionary(o => ReservationIds.For(WorkerTestHost.Site, o));
            Assert.That(documents.Where(d => !d.Cancelled).Select(d => d.Id).Except(holding.Keys.Select(o => ReservationIds.For(WorkerTestHost.Site, o)))
                .Select(id => orderOf.TryGetValue(id, out var o) ? $"{o} ({stored[o].Status}, {stored[o].CancelReason})" : $"{id} (not stored)"), Is.Empty,
                "live documents of orders not taken or cancelled");
            Assert.That(holding.Where(o => byId[ReservationIds.For(WorkerTestHost.Site, o.Key)].Cancelled && o.Value.Status != "NothingReserved").Select(o => o.Key), Is.Empty, "cancelled documents of orders that hold stock");
            AssertMore(stored);

            // Every order in the reports exactly once per kind, in the kind its outcome says.
            Assert.That(reports.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "an order reported twice in one kind");
            foreach (var (orderNo, order) in stored)
            {
                var kinds = reports.Where(r => r.OrderNo == orderNo).Select(r => r.Kind).Order().ToArray();
                if (order.Status == "Cancelled")
                {
                    Assert.That(kinds.Count(k => k != "offline"), Is.EqualTo(order.Reconciled ? 1 : 0), $"outcome reports of cancelled {orderNo}: one exactly when reconciled first");
                    Assert.That(kinds.Count(k => k == "offline"), Is.LessThanOrEqualTo(1), $"offline reports of cancelled {orderNo}");
                    continue;
                }

                string[] expected = order.Status switch
                {
                    "Reserved" => [],
                    "CompletelyReserved" => ["offline", "reserved"],
                    _ => ["offline", "oversold"],
                };
                Assert.That(kinds, Is.EqualTo(expected), $"reports of {orderNo} ({order.Status})");
            }
        });
    }

    protected sealed record StoredOrder(string Status, int Attempts, string? CancelReason, bool Reconciled);

    private Dictionary<string, StoredOrder> ReadOrders()
    {
        using var connection = OpenStore();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT order_no, status, attempts, cancel_reason, reconciled_at IS NOT NULL FROM orders";
        using var reader = command.ExecuteReader();
        var orders = new Dictionary<string, StoredOrder>(StringComparer.Ordinal);
        while (reader.Read())
        {
            orders[reader.GetString(0)] = new StoredOrder(reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetBoolean(4));
        }

        return orders;
    }

    private long OrdersWithPickupLines()
    {
        using var connection = OpenStore();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(DISTINCT order_no) FROM order_lines WHERE list_id = '{ChaosDriver.PickupStore}'";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private List<string> HoldsOf(HashSet<string> orderNumbers)
    {
        using var connection = OpenStore();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT order_no FROM holds";
        using var reader = command.ExecuteReader();
        var held = new List<string>();
        while (reader.Read())
        {
            if (orderNumbers.Contains(reader.GetString(0)))
            {
                held.Add(reader.GetString(0));
            }
        }

        return held;
    }

    /// <summary>The reports folder as a reader of the share sees it (the WebDAV server's disk when the run uses one).</summary>
    protected virtual string ReportsFolder => Path.Combine(Folder, "impex", "src", "continuous_order_capture");

    /// <summary>(kind, order number) of every entry in the daily files.</summary>
    private List<(string Kind, string OrderNo)> ReadReports()
    {
        var entries = new List<(string, string)>();
        foreach (var file in Directory.Exists(ReportsFolder) ? Directory.GetFiles(ReportsFolder, "*.json") : [])
        {
            using var daily = JsonDocument.Parse(File.ReadAllText(file));
            var kind = daily.RootElement.GetProperty("kind").GetString()!;
            entries.AddRange(daily.RootElement.GetProperty("orders").EnumerateArray().Select(o => (kind, o.GetProperty("orderNo").GetString()!)));
        }

        return entries;
    }

    // Work files only: a SIGKILL mid-write leaves a temp file behind, which merge and check ignore.
    private string[] LeftoverWorkFiles() => Directory.Exists(Path.Combine(ReportsFolder, "work"))
        ? Directory.GetFiles(Path.Combine(ReportsFolder, "work"), "*.json")
        : [];
}

/// <summary>
/// The chaos run on the embedded store: one worker process on its SQLite file. With the WebDAV
/// target its reports go to a real WebDAV server (nginx) that vanishes and comes back during the
/// run, on top of the OCI faults and the SIGKILLs.
/// </summary>
[TestFixture(RepeatedPutAnswer.FirstResult, ImpexTarget.Folder)]
[TestFixture(RepeatedPutAnswer.Conflict, ImpexTarget.WebDav)]
public sealed class ChaosRunTests(RepeatedPutAnswer repeatedPut, ImpexTarget impex) : ChaosRun(repeatedPut)
{
    private NginxWebDav? _share;

    [SetUp]
    public async Task StartShareAsync() => _share = impex == ImpexTarget.WebDav ? await NginxWebDav.StartAsync(Path.Combine(Folder, "nginx")) : null;

    [TearDown]
    public async Task StopShareAsync()
    {
        if (_share is not null)
        {
            await _share.DisposeAsync();
        }
    }

    protected override IDictionary<string, string> ImpexSettings => _share is null
        ? new Dictionary<string, string>()
        : new Dictionary<string, string>(ImpexShares.WebDavSettings(_share.Url))
        {
            ["OrderCapture:Impex:RequestTimeout"] = "00:00:05",
        };

    protected override string ReportsFolder => _share?.ReportsFolder ?? base.ReportsFolder;

    /// <summary>The share goes away for 0.5–2 s every 2–5 s, connections refused, and comes back.</summary>
    protected override async Task ShareFaultsAsync(TimeSpan duration, Random random)
    {
        if (_share is null)
        {
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outages = 0;
        while (clock.Elapsed < duration - TimeSpan.FromSeconds(3))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(2000, 5000)));
            await _share.StopAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 2000)));
            await _share.StartAgainAsync();
            outages++;
        }

        TestContext.Out.WriteLine($"chaos: the WebDAV share went away {outages} time(s)");
    }

    protected override System.Data.Common.DbConnection OpenStore()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(Folder, "ordercapture.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        return connection;
    }

    [Test]
    public Task Orders_survive_OCI_faults_and_SIGKILLs_and_end_classified_and_reported_once() => RunAndCheckAsync(seconds: 40, kills: 4);
}
