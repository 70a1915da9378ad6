using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrderCapture.Core.Orders;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Dashboard;

/// <summary>The status page in Debian's headless Chromium, driven by Playwright: no browser download.</summary>
public sealed class StatusPageBrowserTests : WorkerTestBase
{
    private static readonly Regex SignInUrl = new("/signin"); // no options: Playwright passes the pattern to the browser, which takes few

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [Test]
    public async Task The_page_shows_an_outage_and_its_recovery_and_acknowledges_an_alert()
    {
        await StartWorkerAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync();
        await SignInAsync(page);
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
        await SignInAsync(page);

        await Assertions.Expect(page.Locator("#oversold")).ToContainTextAsync("short-1");
        await Assertions.Expect(page.Locator("#oversold")).ToContainTextAsync("SKU-1: 3 of 4");
        await Assertions.Expect(page.Locator("#reconciliation")).ToContainTextAsync("1");
    }

    /// <summary>Opens the page, which sends an anonymous browser to sign in, and signs in with the operator key.</summary>
    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync(Worker.Http.BaseAddress!.ToString());
        await Assertions.Expect(page).ToHaveURLAsync(SignInUrl, new() { Timeout = 30_000 }); // the URL, not the load event: the page may be mid-refresh when the redirect lands
        await page.Locator("#key").FillAsync(WorkerTestHost.ApiKey);
        await page.Locator("#signin button").ClickAsync();
        await page.Locator("section#oci").WaitForAsync();
    }

    [Test]
    public async Task A_form_posted_from_another_site_changes_nothing_even_while_an_operator_is_signed_in()
    {
        await StartWorkerAsync();
        await Worker.CutOciAsync(Simulator);
        var alert = (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).First(a => a.Kind == "oci_offline");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        var wrongKey = await context.NewPageAsync();

        // A page on another site the operator opens in the same browser: it posts the ack form by itself.
        await page.RouteAsync("http://elsewhere.test/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"<form id=f method=post action='{Worker.Http.BaseAddress}ui/alerts/{alert.Id}/ack'></form><script>document.getElementById('f').submit()</script>",
        }));
        await page.GotoAsync("http://elsewhere.test/");
        await page.WaitForURLAsync($"{Worker.Http.BaseAddress}**");
        var crossSite = page.Url;

        // A sign-in with a storefront key is refused.
        await wrongKey.GotoAsync(Worker.Http.BaseAddress + "signin");
        await wrongKey.Locator("#key").FillAsync(WorkerTestHost.StorefrontKey);
        await wrongKey.Locator("#signin button").ClickAsync();
        await wrongKey.Locator("#signin-error").WaitForAsync();

        var after = (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Single(a => a.Id == alert.Id);
        Assert.Multiple(() =>
        {
            Assert.That(after.AckedAt, Is.Null, "the cross-site post acknowledged nothing");
            Assert.That(crossSite, Does.Contain("/signin"), "SameSite=Strict: the session cookie did not go with it");
        });
    }

    /// <summary>
    /// Counts the pixels of a PNG that are neither white nor the chart's pale background, in the
    /// browser (it decodes PNG; .NET here does not): a chart that draws nothing has none.
    /// </summary>
    private const string InkScript =
        """
        async png => {
          const image = new Image();
          image.src = 'data:image/png;base64,' + png;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = image.width; canvas.height = image.height;
          const context = canvas.getContext('2d');
          context.drawImage(image, 0, 0);
          const data = context.getImageData(0, 0, image.width, image.height).data;
          const ink = { green: 0, orange: 0, red: 0, navy: 0, band: 0 };
          for (let i = 0; i < data.length; i += 4) {
            const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
            // By hue, so anti-aliased edges still count: #2e844a, #dd7a01, #ba0517, #032d60, #fde2e1.
            if (g > r + 40 && g > b + 20) ink.green++;
            else if (r > g + 40 && g > b + 40) ink.orange++;
            else if (r > g + 80 && r > b + 60 && g < 120) ink.red++;
            else if (b > r + 40 && b > g + 15 && r < 140) ink.navy++;
            else if (r > 240 && r > g + 10 && r > b + 10 && g > 190) ink.band++;
          }
          return ink;
        }
        """;

    [Test]
    public async Task The_charts_draw_the_day_an_order_is_found_with_its_history_and_a_NeedsReview_order_is_resolved_from_the_page()
    {
        await StartWorkerAsync();
        foreach (var orderNo in new[] { "day-online", "day-online-2" })
        {
            using var online = await Worker.PostOrderAsync(orderNo, ("SKU-1", 1));
            Assert.That(online.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        // Some of each: online, offline and refused answers, and an outage.
        await Worker.CutOciAsync(Simulator);
        foreach (var orderNo in new[] { "day-offline", "day-offline-2", "day-offline-3" })
        {
            using var offline = await Worker.PostOrderAsync(orderNo, ("SKU-1", 1));
            Assert.That(offline.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using (var refused = await Worker.PostOrderAsync("day-refused", ("SKU-1", 50)))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        }

        // Someone else's document under the offline order's reservation id: reconciliation cannot tell, so NeedsReview.
        Simulator.State.CreateReservation(ReservationIds.For(WorkerTestHost.Site, "day-offline"), "{\"other\":true}",
            new SimReservationRequest { Locations = [new("warehouse-1", [new("SKU-1", 1)])] });
        Simulator.Faults.Set(FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () => (await Worker.Store.GetOrderAsync(WorkerTestHost.Site, "day-offline", CancellationToken.None))!.Status == OrderStatus.NeedsReview,
            "reconciliation sends the order to review", seconds: 60);
        await WorkerTestHost.WaitUntilAsync(async () =>
        {
            var day = await Worker.Store.ListActivityAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
            return day.Sum(m => m.Online) >= 2 && day.Sum(m => m.Offline) >= 3 && day.Sum(m => m.Refused) >= 1 && day.Any(m => m.OciState == "offline");
        }, "the sampler has written the day's minutes", seconds: 30);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync();
        await SignInAsync(page);

        // The charts: their series are in the page, and the screenshot shows their ink.
        await Assertions.Expect(page.Locator("#chart-orders rect.online")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#chart-orders rect.offline")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#chart-orders rect.refused")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#chart-queue rect.band-offline")).Not.ToHaveCountAsync(0);
        var ordersPng = Convert.ToBase64String(await page.Locator("#chart-orders").ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "ordercapture-chart-orders.png") }));
        var queuePng = Convert.ToBase64String(await page.Locator("#chart-queue").ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "ordercapture-chart-queue.png") }));
        var ordersInk = await page.EvaluateAsync<Dictionary<string, int>>(InkScript, ordersPng);
        var queueInk = await page.EvaluateAsync<Dictionary<string, int>>(InkScript, queuePng);

        // The NeedsReview list, and the decision taken from it.
        await Assertions.Expect(page.Locator("tr[data-review='day-offline']")).ToBeVisibleAsync();
        await page.Locator("tr[data-review='day-offline'] select[name=outcome]").SelectOptionAsync("NothingReserved");
        await page.Locator("tr[data-review='day-offline'] input[name=note]").FillAsync("the other document is a marketplace order");
        await page.Locator("button[data-resolve='day-offline']").ClickAsync();

        // Back on the page with the order looked up: its lines, path, outcome and history.
        var article = page.Locator("article[data-order='day-offline']");
        await Assertions.Expect(article).ToHaveAttributeAsync("data-status", "NothingReserved");
        await Assertions.Expect(article).ToContainTextAsync("Offline");
        await Assertions.Expect(article.Locator("table[data-history]")).ToContainTextAsync("needs_review_resolved");
        await Assertions.Expect(article.Locator("table[data-history]")).ToContainTextAsync("marketplace order");
        await Assertions.Expect(page.Locator("tr[data-review='day-offline']")).ToHaveCountAsync(0);

        // A look-up typed into the form; and a number that is not there.
        await page.Locator("#lookup input[name=order]").FillAsync("day-online");
        await page.Locator("#lookup button").ClickAsync();
        await Assertions.Expect(page.Locator("article[data-order='day-online']")).ToHaveAttributeAsync("data-status", "Reserved");
        await page.GotoAsync(Worker.Http.BaseAddress + "?order=no-such-order");
        await Assertions.Expect(page.Locator("[data-not-found='no-such-order']")).ToBeVisibleAsync();

        // Signed out, the page and its forms refuse: the page sends to sign-in, and a form posted again
        // (with the token it carried) changes nothing.
        var alert = (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).First(a => a.AckedAt is null);
        var token = await page.Locator("#signout input[name=__RequestVerificationToken]").GetAttributeAsync("value");
        await page.Locator("#signout button").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(SignInUrl, new() { Timeout = 30_000 }); // the URL, not the load event: the page may be mid-refresh when the redirect lands
        var replay = await page.APIRequest.PostAsync($"{Worker.Http.BaseAddress}ui/alerts/{alert.Id}/ack",
            new() { Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!), MaxRedirects = 0 });
        await page.GotoAsync(Worker.Http.BaseAddress + "?order=day-online");
        var afterSignOut = page.Url;
        var stillOpen = (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Single(a => a.Id == alert.Id);

        Assert.Multiple(() =>
        {
            Assert.That(ordersInk["green"], Is.GreaterThan(0), "the online series draws");
            Assert.That(ordersInk["orange"], Is.GreaterThan(0), "the offline series draws");
            Assert.That(ordersInk["red"], Is.GreaterThan(0), "the refused series draws");
            Assert.That(queueInk["band"], Is.GreaterThan(0), "the outage draws as a band");
            Assert.That(queueInk["navy"], Is.GreaterThan(0), "the queue depth draws");
            Assert.That(replay.Status, Is.EqualTo(302), "a form posted after sign-out goes to sign-in");
            Assert.That(stillOpen.AckedAt, Is.Null, "and acknowledges nothing");
            Assert.That(afterSignOut, Does.Contain("/signin"), "the page itself asks for sign-in again");
        });
    }
}
