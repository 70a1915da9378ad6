using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Chaos;

/// <summary>
/// Drives one chaos run: clients posting orders as a storefront would (an answer lost to a
/// crash is retried with the same order number until it is definite), a fault toggler at the
/// simulator, another sales channel taking stock, and a killer that SIGKILLs the worker process
/// and starts it again on the same folder. One client is impatient: it gives up after 0.5–3 s,
/// then retries later or cancels the order (abandoned); about one accepted order in ten is
/// cancelled afterwards (payment declined).
/// </summary>
/// <remarks>
/// With several instances (<paramref name="instances"/> &gt; 1, one PostgreSQL database in
/// <paramref name="settings"/>), each has a folder of its own for its lock file, the share is common,
/// clients post to a random instance (a retry may go to the other one), the killer picks one at
/// random, delta tokens are expired now and then (both rebuild the cache while they run), and merges
/// are started on every instance at once.
/// </remarks>
internal sealed class ChaosDriver(OciSimulatorServer simulator, string folder, IDictionary<string, string> settings, Random random, int instances = 1) : IAsyncDisposable
{
    private const int Clients = 3;
    /// <summary>What the simulator is seeded with and the clients order.</summary>
    public static readonly string[] Skus = ["SKU-A", "SKU-B", "SKU-C", "SKU-D"];
    /// <summary>The store in the site's group where shoppers pick up.</summary>
    public const string PickupStore = "store-1";
    private static readonly SimPlace Warehouse = new(SimPlaceType.Location, "warehouse-1");
    private static readonly SimPlace Store = new(SimPlaceType.Location, PickupStore);

    private readonly HashSet<string> _accepted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _unsettled = new(StringComparer.Ordinal); // order number → body
    private readonly HashSet<string> _cancelled = new(StringComparer.Ordinal); // the worker answered the cancel with 200
    private readonly HashSet<string> _cancelledUnknown = new(StringComparer.Ordinal); // the cancel found no order (404)
    private readonly Dictionary<string, string> _toCancel = new(StringComparer.Ordinal); // order number → reason, not yet answered
    private readonly SemaphoreSlim _restart = new(1, 1);
    private readonly WorkerProcess?[] _workers = new WorkerProcess?[instances];
    private int _next;

    public int Kills { get; private set; }

    public int FaultChanges { get; private set; }

    public int CacheRebuildsForced { get; private set; }

    public int MergeRounds { get; private set; }

    /// <summary>The folder of instance <paramref name="index"/>: the run's own for one instance, a subfolder each for several.</summary>
    private string FolderOf(int index) => instances == 1 ? folder : Directory.CreateDirectory(Path.Combine(folder, $"instance-{index}")).FullName;

    private Task<WorkerProcess> StartWorkerAsync(int index)
    {
        var own = new Dictionary<string, string>(settings);
        if (instances > 1)
        {
            own["OrderCapture:LockFile"] = Path.Combine(FolderOf(index), "ordercapture.lock");
            own["OrderCapture:ImpexRoot"] = Path.Combine(folder, "impex");
        }

        return WorkerProcess.StartAsync(simulator, FolderOf(index), own);
    }

    public async Task RunAsync(TimeSpan duration, int kills)
    {
        for (var i = 0; i < instances; i++)
        {
            _workers[i] = await StartWorkerAsync(i);
        }

        await WorkerTestHost.WaitUntilAsync(async () => (await _workers[0]!.Http.GetAsync($"/api/availability/{WorkerTestHost.List}/SKU-A")).IsSuccessStatusCode
            && (await _workers[0]!.Http.GetAsync($"/api/availability/{PickupStore}/SKU-A")).IsSuccessStatusCode, "the cache is loaded", seconds: 30);
        var clock = Stopwatch.StartNew();
        var killAt = Enumerable.Range(0, kills)
            .Select(i => duration * ((i + 0.2 + (0.6 * Next(1000) / 1000.0)) / kills)).ToList(); // one kill somewhere in each slice
        List<Task> loops = [
            .. Enumerable.Range(0, Clients).Select(i => PostLoopAsync(clock, duration, impatient: i == 0)),
            FaultLoopAsync(clock, duration),
            KillLoopAsync(clock, killAt)];
        if (instances > 1)
        {
            loops.Add(ClusterLoopAsync(clock, duration));
        }

        await Task.WhenAll(loops);
    }

    /// <summary>A worker to post to: any live one (a storefront behind a load balancer).</summary>
    private async Task<WorkerProcess> AnyWorkerAsync()
    {
        await _restart.WaitAsync();
        try
        {
            return _workers[Next(instances)]!;
        }
        finally
        {
            _restart.Release();
        }
    }

    /// <summary>Several instances: dead delta tokens now and then (both rebuild at once), and merges started on every instance together.</summary>
    private async Task ClusterLoopAsync(Stopwatch clock, TimeSpan duration)
    {
        while (clock.Elapsed < duration)
        {
            await Task.Delay(2000 + Next(3000));
            if (Next(3) == 0)
            {
                simulator.State.ExpireDeltaTokens();
                CacheRebuildsForced++;
            }

            await _restart.WaitAsync();
            var all = _workers.ToList();
            _restart.Release();
            await Task.WhenAll(all.Select(async w =>
            {
                try
                {
                    using var merged = await w!.Http.PostAsync("/api/merge", null);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or ObjectDisposedException)
                {
                    // killed meanwhile: that merge did not happen, the next one folds its files
                }
            }));
            MergeRounds++;
        }
    }

    /// <summary>
    /// OCI healthy, the worker up, every unsettled order retried until its answer is definite,
    /// every cancel sent until answered, and every OCI cancel (the safety nets too) delivered.
    /// </summary>
    public async Task<ChaosOutcome> SettleAsync(TimeSpan attemptLease, Func<Task<bool>>? settledToo = null, string? what = null)
    {
        simulator.Faults.Set(FaultSettings.None);
        var worker = _workers[0]!;
        await WorkerTestHost.WaitUntilAsync(async () =>
        {
            foreach (var (orderNo, body) in Snapshot(_unsettled))
            {
                await PostAsync(worker, orderNo, body, TimeSpan.FromSeconds(30));
            }

            foreach (var (orderNo, reason) in Snapshot(_toCancel))
            {
                await CancelAsync(worker, orderNo, reason);
            }

            return _unsettled.Count == 0 && _toCancel.Count == 0;
        }, "every order has a definite answer", seconds: 60);
        await Task.Delay(attemptLease + TimeSpan.FromSeconds(1)); // safety-net cancels come due
        await WorkerTestHost.WaitUntilAsync(async () =>
        {
            var cancelled = JsonDocument.Parse(await worker.Http.GetStringAsync("/api/orders?status=Cancelled&limit=10000")).RootElement;
            return cancelled.EnumerateArray().All(o => o.GetProperty("cancellation").GetProperty("ociCancel").GetString() != "pending");
        }, "every OCI cancel is confirmed", seconds: 60);
        var lastStatus = "";
        try
        {
            await WorkerTestHost.WaitUntilAsync(async () =>
            {
                lastStatus = await worker.Http.GetStringAsync("/api/status");
                var status = JsonDocument.Parse(lastStatus).RootElement;
                return status.GetProperty("queue").GetProperty("reservationMissing").GetInt64() == 0 && status.GetProperty("oci").GetString() == "online";
            }, "the queue is reconciled and OCI online", seconds: 90);
        }
        catch (AssertionException)
        {
            // What the worker said last, and its queued orders, say why it did not settle.
            var queued = await worker.Http.GetStringAsync("/api/orders?status=ReservationMissing&limit=20");
            TestContext.Out.WriteLine($"chaos: not settled. Last /api/status: {lastStatus}\nqueued: {queued}\nworker output (last 20,000 characters):\n{worker.Output[^Math.Min(20_000, worker.Output.Length)..]}");
            throw;
        }
        if (settledToo is not null)
        {
            await WorkerTestHost.WaitUntilAsync(settledToo, what ?? "the run has settled", seconds: 60);
        }

        foreach (var each in _workers)
        {
            await each!.DisposeAsync(); // SIGKILL with nothing in flight: what is left (reports) must not depend on a graceful stop
        }

        return new ChaosOutcome(_accepted, _refused, _cancelled, _cancelledUnknown);
    }

    private List<KeyValuePair<string, string>> Snapshot(Dictionary<string, string> pending)
    {
        lock (_accepted)
        {
            return [.. pending];
        }
    }

    private async Task PostLoopAsync(Stopwatch clock, TimeSpan duration, bool impatient)
    {
        while (clock.Elapsed < duration)
        {
            var orderNo = $"c{Interlocked.Increment(ref _next):D6}";
            // About one line in four is picked up at the store, so some orders are mixed.
            var lines = Enumerable.Range(0, 1 + Next(2)).Select(_ => Next(4) == 0
                ? $$"""{"sku":"{{Skus[Next(Skus.Length)]}}","quantity":{{1 + Next(2)}},"inventoryListId":"{{PickupStore}}"}"""
                : $$"""{"sku":"{{Skus[Next(Skus.Length)]}}","quantity":{{1 + Next(3)}}}""");
            var body = $$"""{"orderNo":"{{orderNo}}","site":"{{WorkerTestHost.Site}}","lines":[{{string.Join(',', lines)}}]}""";
            var worker = await AnyWorkerAsync();
            var giveUpAfter = impatient ? TimeSpan.FromMilliseconds(500 + Next(2500)) : TimeSpan.FromSeconds(30);
            await PostAsync(worker, orderNo, body, giveUpAfter);
            await ActLikeAStorefrontAsync(worker, orderNo, impatient);
            await Task.Delay(10 + Next(40));
        }
    }

    /// <summary>A storefront that got no answer retries later or gives up and cancels; a declined payment cancels an accepted order.</summary>
    private async Task ActLikeAStorefrontAsync(WorkerProcess worker, string orderNo, bool impatient)
    {
        string? reason = null;
        lock (_accepted)
        {
            if (impatient && _unsettled.ContainsKey(orderNo) && Next(2) == 0)
            {
                _unsettled.Remove(orderNo);
                reason = "abandoned";
            }
            else if (_accepted.Contains(orderNo) && Next(10) == 0)
            {
                reason = "payment_declined";
            }

            if (reason is not null)
            {
                _toCancel[orderNo] = reason;
            }
        }

        if (reason is not null)
        {
            await CancelAsync(worker, orderNo, reason);
        }
    }

    private async Task CancelAsync(WorkerProcess worker, string orderNo, string reason)
    {
        HttpStatusCode status;
        try
        {
            using var content = new StringContent($"{{\"reason\":\"{reason}\"}}", System.Text.Encoding.UTF8, "application/json");
            using var response = await worker.Http.PostAsync($"/api/orders/{WorkerTestHost.Site}/{orderNo}/cancel", content);
            status = response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or ObjectDisposedException)
        {
            return; // the worker was killed (its client disposed with it): the cancel is sent again later
        }

        Assert.That(status, Is.AnyOf(HttpStatusCode.OK, HttpStatusCode.NotFound), $"cancel of {orderNo}");
        lock (_accepted)
        {
            _toCancel.Remove(orderNo);
            (status == HttpStatusCode.OK ? _cancelled : _cancelledUnknown).Add(orderNo);
        }
    }

    /// <summary>Records a definite answer, or keeps the order for a retry (lost answer, 503 busy).</summary>
    private async Task PostAsync(WorkerProcess worker, string orderNo, string body, TimeSpan giveUpAfter)
    {
        HttpStatusCode status;
        string answer;
        try
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var giveUp = new CancellationTokenSource(giveUpAfter);
            using var response = await worker.Http.PostAsync("/api/orders", content, giveUp.Token);
            status = response.StatusCode;
            answer = await response.Content.ReadAsStringAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or ObjectDisposedException)
        {
            Record(orderNo, body, null);
            return;
        }

        Assert.That(status, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.ServiceUnavailable), $"{orderNo}: {answer}");
        Record(orderNo, body, status);
    }

    private void Record(string orderNo, string body, HttpStatusCode? status)
    {
        lock (_accepted)
        {
            if (_toCancel.ContainsKey(orderNo) || _cancelled.Contains(orderNo) || _cancelledUnknown.Contains(orderNo))
            {
                return; // given up on while this request was out
            }

            _unsettled.Remove(orderNo);
            switch (status)
            {
                case HttpStatusCode.Created or HttpStatusCode.OK:
                    _accepted.Add(orderNo);
                    break;
                case HttpStatusCode.Conflict:
                    _refused.Add(orderNo);
                    break;
                default:
                    _unsettled[orderNo] = body;
                    break;
            }
        }
    }

    private async Task FaultLoopAsync(Stopwatch clock, TimeSpan duration)
    {
        FaultSettings[] faults =
        [
            FaultSettings.None, FaultSettings.None, FaultSettings.None,
            new(FaultMode.Error503, TimeSpan.Zero, 0),
            new(FaultMode.Drop, TimeSpan.Zero, 0),
            new(FaultMode.Malformed, TimeSpan.Zero, 0),
            new(FaultMode.Latency, TimeSpan.FromMilliseconds(300), 0),
            new(FaultMode.Hang, TimeSpan.Zero, 0),
            new(FaultMode.LostAnswer, TimeSpan.Zero, 0, Count: 3), // OCI acts, the answers never come back
        ];
        while (clock.Elapsed < duration)
        {
            simulator.Faults.Set(faults[Next(faults.Length)]);
            FaultChanges++;
            if (Next(3) == 0)
            {
                var atStore = Next(4) == 0; // another channel sells, now and then at the pick-up store
                simulator.State.Consume(atStore ? Store : Warehouse, Skus[Next(Skus.Length)], atStore ? 4 : 40);
            }

            await Task.Delay(1000 + Next(3000));
        }

        simulator.Faults.Set(FaultSettings.None);
    }

    private async Task KillLoopAsync(Stopwatch clock, List<TimeSpan> killAt)
    {
        foreach (var at in killAt)
        {
            if (at > clock.Elapsed)
            {
                await Task.Delay(at - clock.Elapsed);
            }

            await _restart.WaitAsync();
            try
            {
                var victim = Next(instances);
                await _workers[victim]!.DisposeAsync(); // SIGKILL
                Kills++;
                await Task.Delay(Next(500));
                _workers[victim] = await StartWorkerAsync(victim);
            }
            finally
            {
                _restart.Release();
            }
        }
    }

    /// <summary>
    /// What the storefronts saw. <paramref name="CancelledUnknown"/>: given up, and the cancel found no
    /// order — the request it gave up on may still have been accepted after that answer.
    /// </summary>
    public sealed record ChaosOutcome(IReadOnlySet<string> Accepted, IReadOnlySet<string> Refused, IReadOnlySet<string> Cancelled, IReadOnlySet<string> CancelledUnknown);

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            if (worker is not null)
            {
                await worker.DisposeAsync();
            }
        }

        _restart.Dispose();
    }

    private int Next(int max)
    {
        lock (random)
        {
            return random.Next(max);
        }
    }
}
