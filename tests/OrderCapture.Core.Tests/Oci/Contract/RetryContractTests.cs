using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OrderCapture.Core.Tests.Oci.Contract;

/// <summary>
/// Which calls the resilience pipeline sends again after a 503: every operation OCI can take twice
/// (GET, PUT, DELETE, and the POST/PATCH operations marked idempotent on the Refit interfaces), and
/// never the POST that starts an export, which would start a second one.
/// </summary>
public sealed class RetryContractTests
{
    private const string Id = "MySite-0000012345";
    private static readonly PlaceRef Group = new(PlaceType.Group, "MySiteInventory");
    private WireMockOci _oci = null!;

    [SetUp]
    public void Start() => _oci = WireMockOci.Start(); // one retry (MaxRetryAttempts = 1)

    [TearDown]
    public void Stop() => _oci.Dispose();

    public static IEnumerable<TestCaseData> Operations()
    {
        yield return Case("PUT", $"{WireMockOci.ReservationBase}/reservation-documents/{Id}", 2, "a create (PUT, same id answers as the first)",
            c => c.CreateReservationAsync(Id, new ReservationRequest { ExternalRefId = Id, AllowPartialReservations = true, Groups = [new ReservationPlaceRequest("MySiteInventory", [new ReservationLineRequest("SKU-1", 1)])] }, CancellationToken.None));
        yield return Case("PATCH", $"{WireMockOci.ReservationBase}/reservation-documents/{Id}", 2, "a cancel (PATCH, idempotent)",
            c => c.CancelReservationAsync(Id, CancellationToken.None));
        yield return Case("POST", $"{WireMockOci.ReservationBase}/releases", 2, "a release (POST, idempotent by its record ids)",
            c => c.ReleaseAsync(new ReleaseRequest([new ReleaseRecord { Id = "r-1", Group = "MySiteInventory", Sku = "SKU-1", Quantity = 1 }]), CancellationToken.None));
        yield return Case("POST", $"{WireMockOci.AvailabilityBase}/availability-records/actions/get-availability", 2, "a get-availability (POST, a read)",
            c => c.GetAvailabilityAsync(["SKU-1"], [Group], CancellationToken.None));
        yield return Case("POST", $"{WireMockOci.AvailabilityBase}/availability-records/actions/get-deltas", 2, "a get-deltas (POST, a read)",
            c => c.GetDeltasAsync("token-1", (_, _) => ValueTask.CompletedTask, CancellationToken.None));
        yield return Case("POST", $"{WireMockOci.ImpexBase}/availability-records/exports", 1, "starting an availability export (POST, not idempotent)",
            c => c.ExportAsync([Group], (_, _) => ValueTask.CompletedTask, CancellationToken.None));
        yield return Case("POST", $"{WireMockOci.ImpexBase}/reservations/exports", 1, "starting a reservations export (POST, not idempotent)",
            c => c.ExportReservationsAsync(new ReservationExportQuery(ReservationDocumentState.Open, DateTimeOffset.UnixEpoch), (_, _) => ValueTask.CompletedTask, null, CancellationToken.None));
    }

    private static TestCaseData Case(string method, string path, int sent, string name, Func<IOciClient, Task> call) =>
        new TestCaseData(method, path, sent, call).SetName($"A 503 to {name} is sent {sent} time(s)");

    [TestCaseSource(nameof(Operations))]
    public async Task A_503_is_retried_only_where_OCI_can_take_the_call_twice(string method, string path, int sent, Func<IOciClient, Task> call)
    {
        _oci.Server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(Response.Create().WithStatusCode(503));

        await call(_oci.Client);

        Assert.That(_oci.Requests(path).Count(r => r.Method == method), Is.EqualTo(sent));
    }

    [Test]
    public async Task A_call_repeated_after_a_token_refresh_keeps_its_correlation_id_and_carries_the_new_token()
    {
        var path = $"{WireMockOci.ReservationBase}/reservation-documents/{Id}";
        _oci.Server.Given(Request.Create().WithPath(path).UsingPatch()).InScenario("revoked").WillSetStateTo("refreshed")
            // The gateway's 401: plain JSON, with the challenge in WWW-Authenticate.
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json")
                .WithHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .WithBody("""{"type":"about:blank","title":"Unauthorized","detail":"the access token has expired"}"""));
        _oci.Server.Given(Request.Create().WithPath(path).UsingPatch()).InScenario("revoked").WhenStateIs("refreshed")
            .RespondWith(Response.Create().WithStatusCode(204));

        var result = await _oci.Client.CancelReservationAsync(Id, CancellationToken.None);

        var sent = _oci.Requests(path);
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new OciResult<CancelOutcome>.Success(CancelOutcome.Cancelled)));
            Assert.That(sent, Has.Count.EqualTo(2));
            Assert.That(sent.Select(r => r.Headers!["Correlation-ID"].Single()).Distinct().Count(), Is.EqualTo(1), "one call, one id");
            Assert.That(sent.All(r => r.Headers!["Authorization"].Single() == $"Bearer {WireMockOci.Token}"), Is.True);
            Assert.That(_oci.Requests("/dwsso/oauth2/access_token"), Has.Count.EqualTo(2), "the 401 fetched a fresh token");
        });
    }
}
