using System.Net;
using System.Net.Http.Json;
using OrderCapture.Core.Checks.OciVerification;
using OrderCapture.Core.Orders;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Cli;
using OrderCapture.Worker.Cli.Verbs;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Cli;

/// <summary>
/// <c>ordercapture check --verify-oci</c> as an operator runs it, next to a running worker: clean
/// after every path an order can take, each planted kind of disagreement found with its order
/// number, and never a document created.
/// </summary>
public sealed class VerifyOciTests : WorkerTestBase
{
    private static readonly SimPlace Group = new(SimPlaceType.Group, WorkerTestHost.List);

    private static readonly Dictionary<string, string> Settings = new() { ["Capture:AttemptLease"] = "00:00:05", ["Capture:SweepInterval"] = "00:00:00.200" };

    /// <summary>SKU-1 and SKU-3 for the orders; SKU-2 stays in stock for documents planted beside them.</summary>
    protected override InventorySeed Seed => WorkerTestHost.Seed(10, "SKU-1", "SKU-2", "SKU-3");

    [SetUp]
    public async Task TakeOrdersOnEveryPathAsync()
    {
        // A cancelled online order's safety-net cancel goes out after Capture:AttemptLease; the tests wait for it.
        await StartWorkerAsync(Settings);
        await PostAsync("online", 1);
        await PostAsync("declined", 1);
        using (var cancel = await Worker.Http.PostAsJsonAsync("/api/orders/MySite/declined/cancel", new { reason = "payment_declined" }))
        {
            Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await Worker.CutOciAsync(Simulator);
        await PostAsync("offline-all", 2);
        await PostAsync("offline-none", 1, "SKU-3");
        Simulator.State.Consume(Group, "SKU-3", 10); // another channel sells the rest of SKU-3 during the outage
        Simulator.Faults.Set(FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () => (await Worker.GetJsonAsync("/api/status")).GetProperty("queue").GetProperty("reservationMissing").GetInt64() == 0, "reconciliation emptied the queue", seconds: 60);
        await WorkerTestHost.WaitUntilAsync(async () => await Worker.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "reports and cancels are delivered", seconds: 30);
        Assert.That((await StatusAsync("offline-all"), await StatusAsync("offline-none")), Is.EqualTo(("CompletelyReserved", "NothingReserved")));
    }

    private async Task PostAsync(string orderNo, decimal quantity, string sku = "SKU-1")
    {
        using var response = await Worker.PostOrderAsync(orderNo, (sku, quantity));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    private async Task<string> StatusAsync(string orderNo) => (await Worker.GetJsonAsync($"/api/orders/MySite/{orderNo}")).GetProperty("status").GetString()!;

    private async Task<(int ExitCode, string[] Findings, string Output)> VerifyAsync(params string[] extra)
    {
        var (exitCode, output) = await CliProcess.RunAsync(Folder, ["check", "--verify-oci", "--raw", .. extra, .. WorkerTestHost.SettingsArgs(Simulator, Folder, Settings)]);
        return (exitCode, [.. output.Split('\n').Where(l => l.Contains('\t', StringComparison.Ordinal)).Select(l => l.TrimEnd('\r'))], output);
    }

    private static string Id(string orderNo) => ReservationIds.For(WorkerTestHost.Site, orderNo);

    [Test]
    public async Task Verify_is_clean_after_online_cancelled_and_reconciled_orders_and_creates_no_document()
    {
        var documents = Simulator.State.Reservations().Count;
        var puts = Simulator.Stats.Get("createReservation");

        var (exitCode, findings, output) = await VerifyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Ok), output);
            Assert.That(findings, Is.Empty);
            Assert.That(output, Does.Contain("OCI reservations export").And.Contain("COMPLETED"), "progress is shown while the export runs");
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(documents), "verify never creates a document");
            Assert.That(Simulator.Stats.Get("createReservation"), Is.EqualTo(puts), "verify never sends a PUT");
        });
    }

    [Test]
    public async Task Each_planted_disagreement_is_found_with_its_order_number()
    {
        Simulator.State.RemoveReservation(Id("online"));
        Assert.That(Simulator.State.SetReservedQuantity(Id("offline-all"), Group, "SKU-1", 1), Is.True);
        Assert.That(Simulator.State.ReopenReservation(Id("declined")), Is.True);
        Assert.That(Simulator.State.SetReservedQuantity(Id("offline-none"), Group, "SKU-3", 1), Is.True);
        var orphan = new SimReservationRequest { ExternalRefId = "MySite-ghost", ReservationTime = DateTimeOffset.UtcNow, Groups = [new(WorkerTestHost.List, [new("SKU-2", 1)])] };
        Assert.That(Simulator.State.CreateReservation("someone-elses-id", "{\"ghost\":true}", orphan).Status, Is.EqualTo(200));
        var documents = Simulator.State.Reservations().Count;

        var (exitCode, findings, output) = await VerifyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Findings), output);
            Assert.That(findings.Select(f => string.Join('\t', f.Split('\t').Take(3))), Is.EquivalentTo(new[]
            {
                $"{OciDocumentRules.DocumentMissing}\tMySite\tonline",
                $"{OciDocumentRules.QuantityMismatch}\tMySite\toffline-all",
                $"{OciDocumentRules.OpenAfterCancel}\tMySite\tdeclined",
                $"{OciDocumentRules.NothingReservedOpen}\tMySite\toffline-none",
                $"{OciDocumentRules.OrphanDocument}\tMySite\tghost",
            }), output);
            Assert.That(findings.Single(f => f.StartsWith(OciDocumentRules.QuantityMismatch, StringComparison.Ordinal)), Does.Contain("we hold 2, OCI 1"));
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(documents), "verify never creates a document, not even a missing one");
        });
    }

    [Test]
    public async Task Another_channels_document_is_none_of_our_business()
    {
        var pos = new SimReservationRequest { ExternalRefId = "POS-store-7-991", ReservationTime = DateTimeOffset.UtcNow, Groups = [new(WorkerTestHost.List, [new("SKU-2", 1)])] };
        Simulator.State.CreateReservation("pos-991", "{\"pos\":true}", pos);

        var (exitCode, findings, output) = await VerifyAsync();

        Assert.That((exitCode, findings.Length), Is.EqualTo((ExitCodes.Ok, 0)), output);
    }

    [Test]
    public async Task With_OCI_down_nothing_is_judged_and_the_exit_code_says_so()
    {
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));

        var (exitCode, findings, output) = await VerifyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.OciUnavailable), output);
            Assert.That(findings, Is.Empty);
            Assert.That(output, Does.Contain("Nothing was compared with OCI"));
        });
    }

    [Test]
    public async Task The_next_run_starts_where_the_last_one_left_off_and_since_overrides_it()
    {
        var first = await VerifyAsync();
        Simulator.State.RemoveReservation(Id("online"));

        var defaultWindow = await VerifyAsync();
        var explicitWindow = await VerifyAsync("--since", DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Ok), first.Output);
            Assert.That(defaultWindow.ExitCode, Is.EqualTo(ExitCodes.Ok), "every order was settled and checked by the first run; the next starts after them");
            Assert.That(explicitWindow.Findings.Single(), Does.StartWith($"{OciDocumentRules.DocumentMissing}\tMySite\tonline"), explicitWindow.Output);
        });
    }

    [Test]
    public async Task With_the_embedded_simulator_verify_is_refused_rather_than_compared_with_an_empty_OCI()
    {
        var (exitCode, output) = await CliProcess.RunAsync(Folder, ["check", "--verify-oci", .. WorkerTestHost.SettingsArgs(Simulator, Folder), "--Oci:Mode=Simulator"]);

        Assert.That((exitCode, output.Trim()), Is.EqualTo((ExitCodes.Usage, CheckVerb.EmbeddedSimulatorRefusal)));
    }
}
