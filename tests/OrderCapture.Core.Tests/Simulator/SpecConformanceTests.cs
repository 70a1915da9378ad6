using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrderCapture.Core.Tests.Support;
using OrderCapture.OciSimulator;

namespace OrderCapture.Core.Tests.Simulator;

/// <summary>
/// The simulator held to the vendor's RAML, operation by operation, for every operation the worker
/// uses: the status the spec declares for the case, the content type, the required properties and
/// their JSON kinds, optional properties left out rather than sent as null, the rate-limit headers the
/// spec puts on every answer, and the scope its <c>securedBy</c> names. The facts are written here
/// (a user's clone has no spec folder); when the simulator drifts, a case fails.
/// </summary>
public sealed class SpecConformanceTests
{
    private const string Org = "/organizations/oc_sim";
    private const string Availability = "/inventory/availability/v1" + Org;
    private const string Reservation = "/inventory/reservation/v1" + Org;
    private const string Impex = "/inventory/impex/v1" + Org;
    private static readonly string[] RateLimitHeaders = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"];

    private OciTestContext _oci = null!;

    [SetUp]
    public async Task StartAsync() => _oci = await OciTestContext.StartAsync(simulatorOptions: new SimulatorOptions { ExportDelay = TimeSpan.FromSeconds(2) });

    [TearDown]
    public async Task StopAsync() => await _oci.DisposeAsync();

    /// <summary>A token granted exactly <paramref name="scopes"/> (space-separated).</summary>
    private async Task<string> TokenAsync(string scopes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dwsso/oauth2/access_token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", scopes)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ordercapture:simulator-secret")));
        using var response = await _oci.Raw.SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static readonly string AllScopes = string.Join(' ', OciSimulator.Middleware.SpecScopes.All);

    private async Task<HttpResponseMessage> SendAsync(string method, string path, object? body, string? scopes = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(scopes ?? AllScopes));
        request.Headers.Add("Correlation-ID", Guid.NewGuid().ToString());
        return await _oci.Raw.SendAsync(request);
    }

    /// <summary>One operation's facts from the spec.</summary>
    public sealed record Operation(string Name, string Method, string Path, object? Body, HttpStatusCode Status, string Scope,
        string[] Required, string[] Absent, string? ContentType = "application/json");

    private static readonly object GroupLine = new { groups = new[] { new { id = "MySiteInventory", reservations = new[] { new { sku = "SKU-1", quantity = 1 } } } } };

    public static IEnumerable<Operation> Operations()
    {
        yield return new("get-availability", "POST", $"{Availability}/availability-records/actions/get-availability", new { skus = new[] { "SKU-1" }, groups = new[] { "MySiteInventory" } },
            HttpStatusCode.OK, "sfcc.inventory.availability", ["groups:Array", "groups.0.id:String", "groups.0.records.0.sku:String", "groups.0.records.0.ato:Number"], ["groups.0.records.0.effectiveDate"]);
        yield return new("create reservation", "PUT", $"{Reservation}/reservation-documents/conf-1", GroupLine,
            HttpStatusCode.OK, "sfcc.inventory.reservations.rw", ["success:True", "groups:Array", "groups.0.details.0.quantity:Number"], ["expirationTime"]);
        yield return new("release, short", "POST", $"{Reservation}/releases", new { records = new[] { new { id = "rel-1", externalRefId = "ext-1", group = "MySiteInventory", sku = "SKU-1", quantity = 5 } } },
            HttpStatusCode.OK, "sfcc.inventory.reservations.rw",
            ["errors.0.details.id:String", "errors.0.details.externalRefId:String", "errors.0.details.group:String", "errors.0.details.sku:String", "errors.0.details.quantity:Number", "errors.0.errorCode:String"], []);
        yield return new("start availability export", "POST", $"{Impex}/availability-records/exports", new { objects = new { groups = new[] { "MySiteInventory" } } },
            HttpStatusCode.OK, "sfcc.inventory.impex-inventory", ["exportId:String", "exportStatusLink:String"], []);
        yield return new("availability export of groups and locations", "POST", $"{Impex}/availability-records/exports", new { objects = new { groups = new[] { "MySiteInventory" }, locations = new[] { "store-1" } } },
            HttpStatusCode.BadRequest, "sfcc.inventory.impex-inventory", ["errorCode:InvalidRequestParameter"], []);
        yield return new("start reservations export", "POST", $"{Impex}/reservations/exports", new { status = "open", fromDate = "2020-01-01T00:00:00Z" },
            HttpStatusCode.OK, "sfcc.inventory.impex-inventory.rw", ["exportId:String", "exportStatusLink:String"], []);
        yield return new("start location-graph export", "POST", $"{Impex}/location-graph/exports", null,
            HttpStatusCode.OK, "sfcc.inventory.impex-graphs", ["exportId:String", "exportStatusLink:String"], []);
    }

    [TestCaseSource(nameof(Operations))]
    public async Task An_answer_has_the_specs_status_content_type_properties_and_rate_limit_headers(Operation operation)
    {
        using var response = await SendAsync(operation.Method, operation.Path, operation.Body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(operation.Status), text);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Does.StartWith(operation.ContentType!.Split(';')[0]).Or.EqualTo("application/problem+json"));
            foreach (var header in RateLimitHeaders)
            {
                Assert.That(response.Headers.Contains(header), Is.True, $"{operation.Name}: {header}");
            }

            using var json = JsonDocument.Parse(text);
            foreach (var required in operation.Required)
            {
                var (path, kind) = (required[..required.LastIndexOf(':')], required[(required.LastIndexOf(':') + 1)..]);
                var found = Find(json.RootElement, path);
                Assert.That(found, Is.Not.Null, $"{operation.Name}: required {path} missing in {text}");
                if (found is { } value)
                {
                    Assert.That(Enum.TryParse<JsonValueKind>(kind, out var expected) ? value.ValueKind.ToString() : value.ToString(), Is.EqualTo(Enum.TryParse<JsonValueKind>(kind, out _) ? expected.ToString() : kind),
                        $"{operation.Name}: {path}");
                }
            }

            foreach (var absent in operation.Absent)
            {
                Assert.That(Find(json.RootElement, absent), Is.Null, $"{operation.Name}: optional {absent} must be left out, not sent as null");
            }
        });
    }

    [TestCaseSource(nameof(Operations))]
    public async Task A_token_without_the_scope_the_spec_names_is_refused_with_the_gateways_403(Operation operation)
    {
        var others = string.Join(' ', OciSimulator.Middleware.SpecScopes.All.Where(s => s != operation.Scope));

        using var response = await SendAsync(operation.Method, operation.Path, operation.Body, others);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(json.RootElement.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[] { "timestamp", "status", "error", "message", "path" }));
            Assert.That(json.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(403));
        });
    }

    [Test]
    public async Task An_export_still_running_leaves_download_validation_and_end_time_out()
    {
        using var start = await SendAsync("POST", $"{Impex}/availability-records/exports", new { objects = new { groups = new[] { "MySiteInventory" } } });
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();

        using var status = await SendAsync("GET", $"{Impex}/availability-records/exports/{id}/status", null);
        using var json = JsonDocument.Parse(await status.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("status").GetString(), Is.AnyOf("PENDING", "RUNNING"));
            Assert.That(json.RootElement.GetProperty("export").ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(json.RootElement.TryGetProperty("download", out _), Is.False);
            Assert.That(json.RootElement.TryGetProperty("validation", out _), Is.False);
            Assert.That(json.RootElement.GetProperty("export").TryGetProperty("endTimeUTC", out _), Is.False);
            Assert.That(status.Headers.Contains("X-RateLimit-Limit"), Is.True);
        });
    }

    [Test]
    public async Task The_token_answer_and_a_401_are_plain_json()
    {
        using var bad = new HttpRequestMessage(HttpMethod.Post, $"{Availability}/availability-records/actions/get-availability") { Content = JsonContent.Create(new { skus = new[] { "SKU-1" }, groups = new[] { "MySiteInventory" } }) };
        bad.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        using var unauthorised = await _oci.Raw.SendAsync(bad);
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "/dwsso/oauth2/access_token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "sfcc.inventory.availability")]),
        };
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ordercapture:simulator-secret")));
        using var token = await _oci.Raw.SendAsync(tokenRequest);
        using var json = JsonDocument.Parse(await token.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(unauthorised.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(unauthorised.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(json.RootElement.GetProperty("access_token").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(json.RootElement.GetProperty("expires_in").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(json.RootElement.GetProperty("scope").GetString(), Is.EqualTo("sfcc.inventory.availability"), "granted what was asked and allowed, nothing more");
        });
    }

    /// <summary>The element at a dotted path (array indexes as numbers), or null when absent or JSON null.</summary>
    private static JsonElement? Find(JsonElement root, string path)
    {
        var at = root;
        foreach (var step in path.Split('.'))
        {
            if (at.ValueKind == JsonValueKind.Array && int.TryParse(step, out var index))
            {
                if (index >= at.GetArrayLength())
                {
                    return null;
                }

                at = at[index];
            }
            else if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(step, out at))
            {
                return null;
            }
        }

        return at.ValueKind == JsonValueKind.Null ? null : at;
    }
}
