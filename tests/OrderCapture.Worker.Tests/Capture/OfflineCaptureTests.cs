using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Capture;

/// <summary>Invariants 1–3 through the HTTP API, with OCI cut at the simulator.</summary>
public sealed class OfflineCaptureTests
{
    private OciSimulatorServer _simulator = null!;
    private string _folder = null!;
    private WorkerTestHost _worker = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _simulator = await OciSimulatorServer.StartAsync(new SimulatorOptions { ExportDelay = TimeSpan.Zero });
        _simulator.State.Replace(WorkerTestHost.Seed(10));
        _folder = WorkerTestHost.NewFolder();
        _worker = await WorkerTestHost.StartAsync(_simulator, _folder);
        await _worker.WaitForCacheAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _worker.DisposeAsync();
        await _simulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Hundred_concurrent_offline_orders_for_ten_units_accept_exactly_ten()
    {
        await _worker.CutOciAsync(_simulator);

        var responses = await Task.WhenAll(Enumerable.Range(1, 100).Select(i => _worker.PostOrderAsync($"race-{i}", ("SKU-1", 1))));

        var availability = await _worker.AvailabilityAsync();
        Assert.Multiple(() =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(10));
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(90));
            Assert.That(availability.Effective, Is.Zero);
            Assert.That(availability.Held, Is.EqualTo(10m));
        });
    }

    [Test]
    public async Task Offline_order_for_last_unit_is_accepted_once_and_answers_ReservationMissing()
    {
        await _worker.CutOciAsync(_simulator);

        using var first = await _worker.PostOrderAsync("1001", ("SKU-1", 10));
        using var second = await _worker.PostOrderAsync("1002", ("SKU-1", 1));

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("ReservationMissing"));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), Is.EqualTo("insufficient_inventory"));
        });
    }

    [Test]
    public async Task The_same_order_posted_twice_decrements_once()
    {
        await _worker.CutOciAsync(_simulator);

        using var first = await _worker.PostOrderAsync("dup-1", ("SKU-1", 3));
        using var again = await _worker.PostOrderAsync("dup-1", ("SKU-1", 3));

        var availability = await _worker.AvailabilityAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("ReservationMissing"));
            Assert.That(availability.Effective, Is.EqualTo(7m));
        });
    }

    [Test]
    public async Task A_restart_during_an_outage_keeps_the_ATO_and_the_queue()
    {
        await _worker.CutOciAsync(_simulator);
        for (var i = 1; i <= 3; i++)
        {
            using var response = await _worker.PostOrderAsync($"keep-{i}", ("SKU-1", 2));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await _worker.DisposeAsync();
        _worker = await WorkerTestHost.StartAsync(_simulator, _folder);

        var status = await _worker.GetJsonAsync("/api/status");
        var availability = await _worker.AvailabilityAsync();
        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("oci").GetString(), Is.EqualTo("offline"));
            Assert.That(status.GetProperty("queue").GetProperty("reservationMissing").GetInt64(), Is.EqualTo(3));
            Assert.That((availability.Ato, availability.Held, availability.Effective), Is.EqualTo((10m, 6m, 4m)));
        });
    }

    [Test]
    public async Task After_recovery_the_effective_ATO_still_excludes_queued_offline_orders()
    {
        await _worker.CutOciAsync(_simulator);
        using (var offline = await _worker.PostOrderAsync("queued-1", ("SKU-1", 6)))
        {
            Assert.That(offline.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        _simulator.Faults.Set(FaultSettings.None);
        var recoveredAt = DateTimeOffset.UtcNow;
        await WorkerTestHost.WaitUntilAsync(async () => await _worker.OciStateAsync() == "recovering", "OCI is recovering");
        await WorkerTestHost.WaitUntilAsync(async () => (await _worker.AvailabilityAsync()).AsOf > recoveredAt, "the cache has data from after the outage");

        // Until reconciliation reserves it, OCI still shows 10: only the hold keeps the queued 6 from online orders.
        using var tooMuch = await _worker.PostOrderAsync("online-5", ("SKU-1", 5));
        // A delta fetched just before reconciliation confirmed may already show OCI's lower ATO while the
        // hold still counts: a conservative refusal by design, gone with the next poll. So retry until it fits.
        HttpResponseMessage fits = null!;
        await WorkerTestHost.WaitUntilAsync(async () =>
        {
            fits = await _worker.PostOrderAsync("online-4", ("SKU-1", 4));
            return fits.StatusCode != HttpStatusCode.Conflict;
        }, "the online order for the free 4 units is accepted");
        await WorkerTestHost.WaitUntilAsync(async () => (await _worker.GetJsonAsync("/api/orders/MySite/queued-1")).GetProperty("status").GetString() != "ReservationMissing", "the queued order is reconciled");

        Assert.Multiple(async () =>
        {
            Assert.That((await _worker.GetJsonAsync("/api/orders/MySite/queued-1")).GetProperty("status").GetString(), Is.EqualTo("CompletelyReserved"), "the queued order got the stock promised to it");
            Assert.That(_simulator.State.Figures(new SimPlace(SimPlaceType.Group, WorkerTestHost.List), "SKU-1")!.Ato, Is.Zero);
            Assert.That(tooMuch.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(fits.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((await fits.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("Reserved"));
        });
    }

    [Test]
    public async Task Offline_orders_write_one_offline_work_file_each()
    {
        await _worker.CutOciAsync(_simulator);

        using var response = await _worker.PostOrderAsync("file-1", ("SKU-1", 2));
        var work = Path.Combine(_worker.ReportsFolder, "work");
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(Directory.Exists(work) && Directory.GetFiles(work, "*.json").Length == 1), "the offline work file exists");

        var file = Directory.GetFiles(work, "*.json").Single();
        var document = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(file), Does.Match(@"^offline_MySite_\d{8}_\d{6}_file-1\.json$"));
            Assert.That(document.GetProperty("orderNo").GetString(), Is.EqualTo("file-1"));
            Assert.That(document.GetProperty("reservationId").GetString(), Does.StartWith("oc-"));
            Assert.That(document.GetProperty("lines")[0].GetProperty("quantity").GetDecimal(), Is.EqualTo(2m));
        });
    }
}
