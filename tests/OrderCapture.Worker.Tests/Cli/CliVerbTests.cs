using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Oci;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Cli;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Cli;

/// <summary>Each verb against a running service, then in-process with none running, as a real child process.</summary>
public sealed class CliVerbTests : WorkerTestBase
{
    private const string NoService = "http://127.0.0.1:1";

    private string[] Settings(params string[] extra) => [.. WorkerTestHost.SettingsArgs(Simulator, Folder), .. extra];

    private async Task QueueOfflineAsync(params string[] orderNos)
    {
        await Worker.CutOciAsync(Simulator);
        foreach (var orderNo in orderNos)
        {
            using var response = await Worker.PostOrderAsync(orderNo, ("SKU-1", 1));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
    }

    [Test]
    public async Task Status_orders_and_alerts_read_the_running_service()
    {
        await StartWorkerAsync();
        await QueueOfflineAsync("cli-1", "cli-2");
        var url = Worker.Http.BaseAddress!.ToString();

        var status = await CliProcess.RunAsync(Folder, ["status", "--url", url, .. Settings()]);
        var orders = await CliProcess.RunAsync(Folder, ["orders", "--status", "ReservationMissing", "--url", url, .. Settings()]);
        var alerts = await CliProcess.RunAsync(Folder, ["alerts", "--url", url, .. Settings()]);

        Assert.Multiple(() =>
        {
            Assert.That(status.ExitCode, Is.Zero);
            Assert.That(status.Output, Does.Contain("offline"));
            Assert.That(orders.Output, Does.Contain("cli-1").And.Contain("cli-2"));
            Assert.That(orders.ExitCode, Is.Zero);
            Assert.That(alerts.Output, Does.Contain("oci_offline"));
        });
    }

    [Test]
    public async Task Cancel_and_purge_answers_are_read_into_the_services_own_records()
    {
        await StartWorkerAsync();
        await QueueOfflineAsync("cli-5");
        var url = Worker.Http.BaseAddress!.ToString();

        var cancel = await CliProcess.RunAsync(Folder, ["cancel", "MySite", "cli-5", "--reason", "customer", "--url", url, .. Settings()]);
        var purge = await CliProcess.RunAsync(Folder, ["purge", "--url", url, .. Settings()]);
        var status = await CliProcess.RunAsync(Folder, ["status", "--url", url, .. Settings()]);

        Assert.Multiple(() =>
        {
            Assert.That(cancel.ExitCode, Is.Zero, cancel.Output);
            Assert.That(cancel.Output, Does.Contain("MySite").And.Contain("cli-5").And.Contain("customer"), "every field of the cancel answer reached the table");
            Assert.That(purge.ExitCode, Is.Zero, purge.Output);
            Assert.That(purge.Output, Does.Match(@"purge: removed \d+ order\(s\), \d+ delivered outbox row\(s\), \d+ alert\(s\), \d+ connectivity transition\(s\), \d+ daily file\(s\)"));
            Assert.That(status.Output, Does.Contain("offline").And.Contain("none yet"), "no reconciliation has run: the record's null, not an empty cell");
        });
    }

    [Test]
    public async Task Reconcile_wait_and_merge_act_through_the_running_service()
    {
        await StartWorkerAsync(new Dictionary<string, string> { ["Connectivity:ProbeInterval"] = "00:10:00" }); // no automatic recovery
        await QueueOfflineAsync("cli-3");
        Simulator.Faults.Set(FaultSettings.None);
        var url = Worker.Http.BaseAddress!.ToString();
        var circuit = Worker.Host.App.Services.GetRequiredService<OciCircuit>();
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(!circuit.IsOpen), "the circuit lets calls through again");

        var reconcile = await CliProcess.RunAsync(Folder, ["reconcile", "--wait", "--url", url, .. Settings()]);
        await WorkerTestHost.WaitUntilAsync(async () => await Worker.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "the reports are written");
        var merge = await CliProcess.RunAsync(Folder, ["merge", "--url", url, .. Settings()]);

        Assert.Multiple(async () =>
        {
            Assert.That(reconcile.ExitCode, Is.Zero, reconcile.Output);
            Assert.That((await Worker.Store.GetOrderAsync("MySite", "cli-3", CancellationToken.None))!.Status.ToString(), Is.EqualTo("CompletelyReserved"));
            Assert.That(merge.ExitCode, Is.Zero, merge.Output);
            Assert.That(Directory.GetFiles(Worker.ReportsFolder, "*_reserved_MySite.json"), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task With_no_service_running_the_verbs_work_in_process_on_the_same_store()
    {
        await StartWorkerAsync();
        await QueueOfflineAsync("cli-4");
        await Worker.DisposeAsync();
        Worker = null!;
        Simulator.Faults.Set(FaultSettings.None);

        var orders = await CliProcess.RunAsync(Folder, ["orders", "--url", NoService, .. Settings()]);
        var reconcile = await CliProcess.RunAsync(Folder, ["reconcile", "--url", NoService, .. Settings()]);
        var merge = await CliProcess.RunAsync(Folder, ["merge", "--url", NoService, .. Settings()]);
        var status = await CliProcess.RunAsync(Folder, ["status", "--url", NoService, .. Settings()]);

        Assert.Multiple(() =>
        {
            Assert.That(orders.Output, Does.Contain("cli-4"));
            Assert.That(reconcile.ExitCode, Is.Zero, reconcile.Output);
            Assert.That(reconcile.Output, Does.Contain("Reconciliation finished"));
            Assert.That(merge.ExitCode, Is.Zero, merge.Output);
            Assert.That(Directory.GetFiles(Path.Combine(Folder, "impex", "src", "continuous_order_capture"), "*_reserved_MySite.json"), Has.Length.EqualTo(1));
            Assert.That(status.Output, Does.Contain("online"), "recovered in-process: the queue is empty");
        });
    }

    [Test]
    public async Task Reconcile_is_refused_while_another_run_holds_the_lock()
    {
        using var held = ProcessLock.TryAcquire(Path.Combine(Folder, "ordercapture.lock"));
        Assert.That(held, Is.Not.Null);

        var reconcile = await CliProcess.RunAsync(Folder, ["reconcile", "--url", NoService, .. Settings()]);

        Assert.Multiple(() =>
        {
            Assert.That(reconcile.ExitCode, Is.EqualTo(ExitCodes.Locked));
            Assert.That(reconcile.Output, Does.Contain("holds the lock"));
        });
    }

    [Test]
    public async Task A_second_service_on_the_same_data_folder_refuses_to_start()
    {
        using var held = ProcessLock.TryAcquire(Path.Combine(Folder, "ordercapture.lock"));

        var run = await CliProcess.RunAsync(Folder, ["run", .. Settings()]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Locked));
    }
}
