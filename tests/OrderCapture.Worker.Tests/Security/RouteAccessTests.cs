using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Worker.Security;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Security;

/// <summary>
/// Invariant 12 over the whole route table: a new route is an operator's unless it is deliberately
/// opened to storefronts or to everyone, and a storefront key is refused on every operator route.
/// </summary>
public sealed partial class RouteAccessTests : WorkerTestBase
{
    /// <summary>What a storefront may call; nothing else.</summary>
    private static readonly string[] StorefrontRoutes =
    [
        "POST /api/orders", "POST /api/orders/validate", "POST /api/orders/{site}/{orderNo}/cancel", "GET /api/orders/{site}/{orderNo}", "GET /api/availability/{inventoryListId}/{sku}",
    ];

    /// <summary>Open to anyone, each for its reason: probes, the scrape, the API description, signing in.</summary>
    private static readonly string[] OpenRoutes =
    [
        "GET /healthz", "GET /readyz", "GET /metrics", "GET /openapi/{documentName}.json", "GET /signin", "POST /signin", "POST /signout",
    ];

    private IReadOnlyList<(string Name, string Method, string Path, EndpointMetadataCollection Metadata)> Routes() =>
    [
        .. Worker.Host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => ($"{m} /{e.RoutePattern.RawText!.TrimStart('/')}", m, Concrete(e.RoutePattern.RawText!), e.Metadata))),
    ];

    /// <summary>A route pattern with sample values in its parameters.</summary>
    private static string Concrete(string pattern) => "/" + Parameter().Replace(pattern.TrimStart('/'), m => m.Groups["name"].Value switch
    {
        "id" => "1",
        "site" => WorkerTestHost.Site,
        "inventoryListId" => WorkerTestHost.List,
        "sku" => "SKU-1",
        "documentName" => "v1",
        _ => "x-1",
    });

    [GeneratedRegex(@"\{(?<name>\w+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

    [Test]
    public async Task Every_route_is_classified_and_a_storefront_key_is_refused_on_every_operator_route()
    {
        await StartWorkerAsync();
        using var storefront = new HttpClient { BaseAddress = Worker.Http.BaseAddress };
        storefront.DefaultRequestHeaders.Add("X-Api-Key", WorkerTestHost.StorefrontKey);

        var routes = Routes();
        var open = routes.Where(r => r.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(r => r.Name).ToList();
        var forStorefronts = routes.Where(r => r.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == AccessPolicies.Storefront)).Select(r => r.Name).ToList();
        var operatorRoutes = routes.Where(r => !open.Contains(r.Name) && !forStorefronts.Contains(r.Name)).ToList();
        var answers = new List<string>();
        foreach (var route in operatorRoutes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
            if (route.Method == "POST")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await storefront.SendAsync(request);
            answers.Add($"{route.Name} -> {(int)response.StatusCode}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(forStorefronts, Is.EquivalentTo(StorefrontRoutes), "exactly these are a storefront's");
            Assert.That(open, Is.EquivalentTo(OpenRoutes), "exactly these are open");
            Assert.That(operatorRoutes.Select(r => r.Name), Has.Member("POST /api/purge").And.Member("GET /").And.Member("POST /ui/orders/{site}/{orderNo}/resolve").And.Member("GET /alerts.atom"));
            Assert.That(answers, Has.All.EndsWith("-> 403"), string.Join("\n", answers));
        });
    }

    [Test]
    public async Task A_storefront_key_captures_reads_cancels_and_sees_availability_and_nothing_more()
    {
        await StartWorkerAsync();
        using var storefront = new HttpClient { BaseAddress = Worker.Http.BaseAddress };
        storefront.DefaultRequestHeaders.Add("X-Api-Key", WorkerTestHost.StorefrontKey);

        using var captured = await storefront.PostAsync("/api/orders", Json("""{"orderNo":"sf-1","site":"MySite","lines":[{"sku":"SKU-1","quantity":1}]}"""));
        using var read = await storefront.GetAsync("/api/orders/MySite/sf-1");
        using var availability = await storefront.GetAsync($"/api/availability/{WorkerTestHost.List}/SKU-1");
        using var cancelled = await storefront.PostAsync("/api/orders/MySite/sf-1/cancel", Json("""{"reason":"customer"}"""));
        using var status = await storefront.GetAsync("/api/status");
        using var purge = await storefront.PostAsync("/api/purge", null);
        using var none = await new HttpClient { BaseAddress = Worker.Http.BaseAddress }.GetAsync("/api/status");

        Assert.Multiple(() =>
        {
            Assert.That(captured.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(availability.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(purge.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task Two_operator_keys_work_together_while_one_is_rotated_and_a_hashed_key_is_accepted()
    {
        const string Old = "old-operator-key-0123456789abc";
        const string New = "new-operator-key-0123456789abc";
        await StartWorkerAsync(new Dictionary<string, string>
        {
            ["OrderCapture:OperatorKeys:0"] = WorkerTestHost.ApiKey,
            ["OrderCapture:OperatorKeys:1"] = Old,
            ["OrderCapture:OperatorKeys:2"] = AccessKeys.Hash(New),
        });

        async Task<HttpStatusCode> StatusWith(string key)
        {
            using var http = new HttpClient { BaseAddress = Worker.Http.BaseAddress };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            using var response = await http.GetAsync("/api/status");
            return response.StatusCode;
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await StatusWith(Old), Is.EqualTo(HttpStatusCode.OK), "the old key, until it is removed");
            Assert.That(await StatusWith(New), Is.EqualTo(HttpStatusCode.OK), "the new key, configured only as its hash");
            Assert.That(await StatusWith(AccessKeys.Hash(New)), Is.EqualTo(HttpStatusCode.Unauthorized), "the hash itself is not a key");
            Assert.That(await StatusWith(New[..^1]), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await StatusWith(New + "x"), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await StatusWith(""), Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task The_older_single_key_still_carries_both_roles()
    {
        const string Legacy = "a-legacy-key-0123456789";
        await StartWorkerAsync(new Dictionary<string, string> { ["OrderCapture:ApiKey"] = Legacy });
        using var http = new HttpClient { BaseAddress = Worker.Http.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", Legacy);

        using var captured = await http.PostAsync("/api/orders", Json("""{"orderNo":"legacy-1","site":"MySite","lines":[{"sku":"SKU-1","quantity":1}]}"""));
        using var status = await http.GetAsync("/api/status");

        Assert.Multiple(() =>
        {
            Assert.That(captured.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task A_request_for_a_host_name_not_configured_is_refused()
    {
        await StartWorkerAsync();

        async Task<HttpStatusCode> WithHost(string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
            request.Headers.Host = $"{host}:{Worker.Http.BaseAddress!.Port}";
            using var response = await Worker.Http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await WithHost("attacker.example"), Is.EqualTo(HttpStatusCode.BadRequest), "DNS rebinding gets nothing");
            Assert.That(await WithHost("localhost"), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await WithHost("127.0.0.1"), Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task The_metrics_are_open_by_default_and_need_an_operator_when_asked()
    {
        await StartWorkerAsync(new Dictionary<string, string> { ["Metrics:RequireKey"] = "true" });
        using var anonymous = new HttpClient { BaseAddress = Worker.Http.BaseAddress };
        using var basic = new HttpClient { BaseAddress = Worker.Http.BaseAddress };
        basic.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"prometheus:{WorkerTestHost.ApiKey}")));

        using var refused = await anonymous.GetAsync("/metrics");
        using var scraped = await basic.GetAsync("/metrics");
        using var health = await anonymous.GetAsync("/healthz");

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(refused.Headers.WwwAuthenticate.ToString(), Does.StartWith("Basic"));
            Assert.That(scraped.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "probes stay open");
        });
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
