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
/// and starts it again on the same folder.
/// </summary>
internal sealed class ChaosDriver(OciSimulatorServer simulator, string folder, IDictionary<string, string> settings, Random random) : IAsyncDisposable
{
    private const int Clients = 3;
    /// <summary>What the simulator is seeded with and the clients order.</summary>
    public static readonly string[] Skus = ["SKU-A", "SKU-B", "SKU-C", "SKU-D"];
    private static readonly SimPlace Warehouse = new(SimPlaceType.Location, "warehouse-1");

    private readonly HashSet<string> _accepted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _unsettled = new(StringComparer.Ordinal); // order number → body
    private readonly SemaphoreSlim _restart = new(1, 1);
    private WorkerProcess? _worker;
    private int _next;

    public int Kills { get; private set; }

    public int FaultChanges { get; private set; }

    public async Task RunAsync(TimeSpan duration, int kills)
    {
        _worker = await WorkerProcess.StartAsync(simulator, folder, settings);
        await WorkerTestHost.WaitUntilAsync(async () => (await _worker.Http.GetAsync($"/api/availability/{WorkerTestHost.List}/SKU-A")).IsSuccessStatusCode, "the cache is loaded", seconds: 30);
        var clock = Stopwatch.StartNew();
        var killAt = Enumerable.Range(0, kills)
            .Select(i => duration * ((i + 0.2 + (0.6 * Next(1000) / 1000.0)) / kills)).ToList(); // one kill somewhere in each slice
        await Task.WhenAll([
            .. Enumerable.Range(0, Clients).Select(_ => PostLoopAsync(clock, duration)),
            FaultLoopAsync(clock, duration),
            KillLoopAsync(clock, killAt)]);
    }

    /// <summary>OCI healthy, the worker up, every unsettled order retried until its answer is definite.</summary>
    public async Task<(IReadOnlySet<string> Accepted, IReadOnlySet<string> Refused)> SettleAsync()
    {
        simulator.Faults.Set(FaultSettings.None);
        var worker = _worker!;
        await WorkerTestHost.WaitUntilAsync(async () =>
        {
            foreach (var (orderNo, body) in _unsettled.ToList())
            {
                await PostAsync(worker, orderNo, body);
            }

            return _unsettled.Count == 0;
        }, "every order has a definite answer", seconds: 60);
        await WorkerTestHost.WaitUntilAsync(async () =>
        {
            var status = JsonDocument.Parse(await worker.Http.GetStringAsync("/api/status")).RootElement;
            return status.GetProperty("queue").GetProperty("reservationMissing").GetInt64() == 0 && status.GetProperty("oci").GetString() == "online";
        }, "the queue is reconciled and OCI online", seconds: 90);
        await worker.DisposeAsync(); // SIGKILL with nothing in flight: what is left (reports) must not depend on a graceful stop
        return (_accepted, _refused);
    }

    private async Task PostLoopAsync(Stopwatch clock, TimeSpan duration)
    {
        while (clock.Elapsed < duration)
        {
            var orderNo = $"c{Interlocked.Increment(ref _next):D6}";
            var lines = Enumerable.Range(0, 1 + Next(2)).Select(_ => $$"""{"sku":"{{Skus[Next(Skus.Length)]}}","quantity":{{1 + Next(3)}}}""");
            var body = $$"""{"orderNo":"{{orderNo}}","site":"{{WorkerTestHost.Site}}","lines":[{{string.Join(',', lines)}}]}""";
            await _restart.WaitAsync();
            var worker = _worker!;
            _restart.Release();
            await PostAsync(worker, orderNo, body);
            await Task.Delay(10 + Next(40));
        }
    }

    /// <summary>Records a definite answer, or keeps the order for a retry (lost answer, 503 busy).</summary>
    private async Task PostAsync(WorkerProcess worker, string orderNo, string body)
    {
        HttpStatusCode status;
        string answer;
        try
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await worker.Http.PostAsync("/api/orders", content);
            status = response.StatusCode;
            answer = await response.Content.ReadAsStringAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
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
        ];
        while (clock.Elapsed < duration)
        {
            simulator.Faults.Set(faults[Next(faults.Length)]);
            FaultChanges++;
            if (Next(3) == 0)
            {
                simulator.State.Consume(Warehouse, Skus[Next(Skus.Length)], 40); // another channel sells
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
                await _worker!.DisposeAsync(); // SIGKILL
                Kills++;
                await Task.Delay(Next(500));
                _worker = await WorkerProcess.StartAsync(simulator, folder, settings);
            }
            finally
            {
                _restart.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
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
