using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OrderCapture.Core.Storage;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Security;

/// <summary>
/// The status page and its forms are an operator's: a sign-in with an operator key, a session cookie
/// a browser keeps to this site, and this session's anti-forgery token on every form.
/// </summary>
public sealed partial class SignInTests : WorkerTestBase
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>A browser-like client: cookies kept, redirects not followed (so a test sees them).</summary>
    private HttpClient Browser(CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Worker.Http.BaseAddress };

    private static async Task<string> TokenOfAsync(HttpResponseMessage page) =>
        WebUtility.HtmlDecode(TokenField().Match(await page.Content.ReadAsStringAsync()).Groups["token"].Value);

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key)
    {
        using var form = await browser.GetAsync("/signin");
        return await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = key, ["returnUrl"] = "/", ["__RequestVerificationToken"] = await TokenOfAsync(form),
        }));
    }

    private async Task<Alert> OpenAlertAsync()
    {
        await Worker.CutOciAsync(Simulator);
        return (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).First(a => a.Kind == "oci_offline");
    }

    private async Task<DateTimeOffset?> AckedAtAsync(long id) =>
        (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Single(a => a.Id == id).AckedAt;

    [Test]
    public async Task Without_sign_in_the_page_an_order_and_every_form_send_to_sign_in_and_change_nothing()
    {
        await StartWorkerAsync();
        using (await Worker.PostOrderAsync("private-1", ("SKU-1", 1)))
        {
        }

        var alert = await OpenAlertAsync();
        using var anonymous = Browser(new CookieContainer());

        using var page = await anonymous.GetAsync("/");
        using var order = await anonymous.GetAsync("/?order=private-1");
        using var ack = await anonymous.PostAsync($"/ui/alerts/{alert.Id}/ack", new FormUrlEncodedContent([]));
        using var resolve = await anonymous.PostAsync("/ui/orders/MySite/private-1/resolve", new FormUrlEncodedContent(new Dictionary<string, string> { ["outcome"] = "Cancelled" }));
        var orderText = await order.Content.ReadAsStringAsync();

        Assert.Multiple(async () =>
        {
            foreach (var response in new[] { page, order, ack, resolve })
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), response.RequestMessage!.RequestUri!.ToString());
                Assert.That(response.Headers.Location!.ToString(), Does.Contain("/signin"));
            }

            Assert.That(orderText, Does.Not.Contain("SKU-1"), "no order details without sign-in");
            Assert.That(await AckedAtAsync(alert.Id), Is.Null);
            Assert.That((await Worker.Store.GetOrderAsync(WorkerTestHost.Site, "private-1", CancellationToken.None))!.Status, Is.Not.EqualTo(Core.Orders.OrderStatus.Cancelled));
        });
    }

    [Test]
    public async Task Signed_in_a_form_needs_the_pages_token_and_with_it_works()
    {
        await StartWorkerAsync();
        var alert = await OpenAlertAsync();
        var cookies = new CookieContainer();
        using var browser = Browser(cookies);

        using var signedIn = await SignInAsync(browser, WorkerTestHost.ApiKey);
        var sessionCookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("OrderCapture.Session=", StringComparison.Ordinal));
        using var page = await browser.GetAsync("/");
        var token = await TokenOfAsync(page);
        using var forged = await browser.PostAsync($"/ui/alerts/{alert.Id}/ack", new FormUrlEncodedContent([]));
        using var wrongToken = await browser.PostAsync($"/ui/alerts/{alert.Id}/ack", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token[..^4] + "AAAA" }));
        var ackedAfterForgeries = await AckedAtAsync(alert.Id);
        using var real = await browser.PostAsync($"/ui/alerts/{alert.Id}/ack", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Multiple(async () =>
        {
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(signedIn.Headers.Location!.ToString(), Is.EqualTo("/"));
            Assert.That(sessionCookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
            Assert.That(sessionCookie, Does.Not.Contain(WorkerTestHost.ApiKey), "the key is not the session");
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(token, Is.Not.Empty, "the page's forms carry a token");
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "no token");
            Assert.That(wrongToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a token not this session's");
            Assert.That(ackedAfterForgeries, Is.Null, "neither changed anything");
            Assert.That(real.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(await AckedAtAsync(alert.Id), Is.Not.Null, "the page's own form works");
        });
    }

    [Test]
    public async Task Only_an_operator_key_signs_in_and_signing_out_ends_the_session()
    {
        await StartWorkerAsync();
        var cookies = new CookieContainer();
        using var browser = Browser(cookies);

        using var storefront = await SignInAsync(browser, WorkerTestHost.StorefrontKey);
        using var wrong = await SignInAsync(browser, "not-a-key-at-all-0123456789");
        using var operatorSignIn = await SignInAsync(browser, WorkerTestHost.ApiKey);
        using var page = await browser.GetAsync("/");
        var token = await TokenOfAsync(page);
        using var signOut = await browser.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        using var after = await browser.GetAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(storefront.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a storefront key is no operator");
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(operatorSignIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed out, the page asks again");
        });
    }

    [Test]
    public async Task The_feed_takes_Basic_with_an_operator_key_and_stays_well_formed_whatever_a_note_holds()
    {
        await StartWorkerAsync();
        using (await Worker.PostOrderAsync("noted-1", ("SKU-1", 1)))
        {
        }

        // A note typed with control characters, and an alert stored raw as an older version may have stored it.
        using var cancel = await Worker.Http.PostAsync("/api/orders/MySite/noted-1/cancel",
            new StringContent("{\"reason\":\"customer\",\"note\":\"line one\\u0001\\u000bline two\\u007f\"}", System.Text.Encoding.UTF8, "application/json"));
        await Worker.Store.AddAlertAsync(new NewAlert(DateTimeOffset.UtcNow, AlertSeverity.Warning, "raw", "bell \u0007 and \ufffe and \ud800"), push: false, CancellationToken.None);
        await Worker.Store.AddAlertAsync(new NewAlert(DateTimeOffset.UtcNow, AlertSeverity.Info, "needs_review_resolved", "resolved: a\u0002b"), push: false, CancellationToken.None);

        using var anonymous = new HttpClient { BaseAddress = Worker.Http.BaseAddress };
        using var refused = await anonymous.GetAsync("/alerts.atom");
        using var reader = new HttpClient { BaseAddress = Worker.Http.BaseAddress };
        reader.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"feed:{WorkerTestHost.ApiKey}")));
        using var feed = await reader.GetAsync("/alerts.atom");
        var text = await feed.Content.ReadAsStringAsync();
        using var storefrontReader = new HttpClient { BaseAddress = Worker.Http.BaseAddress };
        storefrontReader.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"feed:{WorkerTestHost.StorefrontKey}")));
        using var storefrontFeed = await storefrontReader.GetAsync("/alerts.atom");
        var order = await Worker.Store.GetOrderAsync(WorkerTestHost.Site, "noted-1", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(order!.Cancellation!.Note, Is.EqualTo("line one  line two "), "stored without control characters");
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(refused.Headers.WwwAuthenticate.ToString(), Does.StartWith("Basic"));
            Assert.That(storefrontFeed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a storefront key reads no feed");
            Assert.That(feed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(() => XDocument.Parse(text), Throws.Nothing, "the whole feed, well formed");
            Assert.That(XDocument.Parse(text).Root!.Elements(XName.Get("entry", "http://www.w3.org/2005/Atom")).Select(e => e.Value), Has.Some.Contains("bell"));
        });
    }

    [TestCase("NL-1\n")]
    [TestCase("NL-1\r\n")]
    public async Task An_order_number_with_a_trailing_newline_is_refused_and_changes_nothing(string orderNo)
    {
        await StartWorkerAsync();

        using var response = await Worker.PostOrderAsync(orderNo, ("SKU-1", 1));
        var availability = await Worker.AvailabilityAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await Worker.Store.GetOrderAsync(WorkerTestHost.Site, orderNo, CancellationToken.None), Is.Null);
            Assert.That(availability.Held, Is.Zero);
        });
    }
}
