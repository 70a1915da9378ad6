using Microsoft.Playwright;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Dashboard;

/// <summary>The status page in Debian's headless Chromium, driven by Playwright: no browser download.</summary>
public sealed class StatusPageBrowserTests : WorkerTestBase
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [Test]
    public async Task The_page_shows_an_outage_and_its_recovery_and_acknowledges_an_alert()
    {
        await StartWorkerAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Worker.Http.BaseAddress!.ToString());
        await page.Locator("[data-state=online]").WaitForAsync();

        // OCI goes down: the page refreshes itself and shows it, with the alert.
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));
        await page.Locator("[data-state=offline]").WaitForAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#alerts")).ToContainTextAsync("oci_offline");

        // OCI comes back: Recovering, then Online once the (empty) queue is confirmed.
        Simulator.Faults.Set(FaultSettings.None);
        await page.Locator("[data-state=online]").WaitForAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#alerts")).ToContainTextAsync("oci_recovering");

        // Acknowledge the outage alert from the page.
        var offlineAlert = (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Single(a => a.Kind == "oci_offline");
        await page.Locator($"button[data-ack='{offlineAlert.Id}']").ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-alert='{offlineAlert.Id}']")).ToContainTextAsync("acknowledged");

        var acked = (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Single(a => a.Id == offlineAlert.Id);
        Assert.That(acked.AckedAt, Is.Not.Null);
    }

    [Test]
    public async Task The_page_lists_oversold_orders_with_the_items_short()
    {
        await StartWorkerAsync();
        await Worker.CutOciAsync(Simulator);
        using (var response = await Worker.PostOrderAsync("short-1", ("SKU-1", 4)))
        {
            Assert.That(response.IsSuccessStatusCode, Is.True);
        }

        Simulator.State.Consume(new SimPlace(SimPlaceType.Location, "warehouse-1"), "SKU-1", 9);
        Simulator.Faults.Set(FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () => await Worker.OciStateAsync() == "online", "OCI is online and the queue reconciled", seconds: 30);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Worker.Http.BaseAddress!.ToString());

        await Assertions.Expect(page.Locator("#oversold")).ToContainTextAsync("short-1");
        await Assertions.Expect(page.Locator("#oversold")).ToContainTextAsync("SKU-1: 3 of 4");
        await Assertions.Expect(page.Locator("#reconciliation")).ToContainTextAsync("1");
    }
}
