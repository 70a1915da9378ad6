using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Capture;

/// <summary>
/// A share whose disk barrier fails (a directory fsync it does not support) or hangs: the work
/// files wait and are alerted, the other lane (alert webhook pushes) goes on, and the backlog is
/// delivered once the share works again.
/// </summary>
public sealed class DiskBarrierTests : WorkerTestBase
{
    /// <summary>The real barrier, until a test breaks it: failing with EINVAL, or hanging.</summary>
    private sealed class BreakableBarrier : IDiskBarrier, IDisposable
    {
        private readonly ManualResetEventSlim _released = new(initialState: true);

        public volatile bool Failing;

        public bool CanFlushFileSystem => DiskBarrier.Instance.CanFlushFileSystem;

        public void Hang() => _released.Reset();

        public void Release() => _released.Set();

        public void Dispose() => _released.Dispose();

        public void FlushFileSystem(string folder) => DiskBarrier.Instance.FlushFileSystem(folder);

        public void FlushFolder(string folder)
        {
            _released.Wait(TimeSpan.FromMinutes(1));
            if (Failing)
            {
                throw new IOException($"Cannot flush folder {folder} (errno 22).");
            }

            DiskBarrier.Instance.FlushFolder(folder);
        }
    }

    private BreakableBarrier _barrier = null!;
    private WebhookReceiver _webhook = null!;

    [SetUp]
    public async Task StartWebhookAsync()
    {
        _barrier = new BreakableBarrier();
        _webhook = await WebhookReceiver.StartAsync();
    }

    private async Task<long> PendingWorkFilesAsync() =>
        (await Worker.Store.OutboxBacklogAsync(CancellationToken.None)).SingleOrDefault(b => b.Kind == Core.Storage.OutboxMessage.WorkFile)?.Count ?? 0;

    [TearDown]
    public async Task StopWebhookAsync()
    {
        _barrier.Release();
        await _webhook.DisposeAsync();
        _barrier.Dispose();
    }

    private async Task StartAsync()
    {
        Worker = await WorkerTestHost.StartAsync(Simulator, Folder,
            new Dictionary<string, string> { ["Alerts:WebhookUrl"] = _webhook.Url.ToString() },
            services => services.AddSingleton<IDiskBarrier>(_barrier));
        await Worker.WaitForCacheAsync();
    }

    private string[] WorkFiles() => Directory.Exists(Path.Combine(Worker.ReportsFolder, "work"))
        ? Directory.GetFiles(Path.Combine(Worker.ReportsFolder, "work"), "offline_*.json")
        : [];

    private Task<bool> PushedAsync(string kind) => Task.FromResult(_webhook.Received.Any(r => r.Status == 200 && r.Body.Contains($"\"{kind}\"", StringComparison.Ordinal)));

    [Test]
    public async Task A_failing_directory_flush_is_alerted_the_pushes_go_on_and_the_backlog_is_written_once_it_works()
    {
        await StartAsync();
        _barrier.Failing = true;
        await Worker.CutOciAsync(Simulator);
        for (var i = 1; i <= 3; i++)
        {
            using var response = await Worker.PostOrderAsync($"barrier-{i}", ("SKU-1", 1));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), "capture does not wait for the share");
        }

        await WorkerTestHost.WaitUntilAsync(() => PushedAsync(AlertKinds.ImpexUnavailable), "the share's outage reaches the alert webhook");
        var pending = await PendingWorkFilesAsync();

        _barrier.Failing = false;
        await WorkerTestHost.WaitUntilAsync(async () => await Worker.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "the backlog is delivered", seconds: 20);
        await WorkerTestHost.WaitUntilAsync(() => PushedAsync(AlertKinds.ImpexRecovered), "the recovery reaches the alert webhook");

        Assert.Multiple(() =>
        {
            Assert.That(pending, Is.EqualTo(3), "a file whose rename is not durable is not delivered: it is written again, whole");
            Assert.That(WorkFiles().Select(Path.GetFileName).ToList(), Has.Count.EqualTo(3).And.All.Match(@"^offline_MySite_\d{8}_\d{6}_barrier-\d\.json$"));
            Assert.That(Directory.GetFiles(Worker.ReportsFolder, ".tmp-*", SearchOption.AllDirectories), Is.Empty);
        });
    }

    [Test]
    public async Task A_hanging_share_holds_up_only_the_work_files()
    {
        await StartAsync();
        _barrier.Hang();
        await Worker.CutOciAsync(Simulator);
        using (var response = await Worker.PostOrderAsync("while-hanging", ("SKU-1", 1)))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        // The outage alert is queued after the order's work file and goes out while the share hangs.
        await Worker.Store.AddAlertAsync(new Core.Storage.NewAlert(DateTimeOffset.UnixEpoch, Core.Storage.AlertSeverity.Info, "while_share_hangs", "pushed past the share"), push: true, CancellationToken.None);
        await WorkerTestHost.WaitUntilAsync(() => PushedAsync("while_share_hangs"), "an alert push goes out while the share hangs");
        var pendingWhileHanging = await PendingWorkFilesAsync();

        _barrier.Release();
        await WorkerTestHost.WaitUntilAsync(async () => await Worker.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "the work file is delivered", seconds: 20);

        Assert.Multiple(() =>
        {
            Assert.That(pendingWhileHanging, Is.EqualTo(1), "the work file waited");
            Assert.That(WorkFiles().Select(Path.GetFileName).ToList(), Has.One.Contains("while-hanging"));
        });
    }
}
