using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OrderCapture.Core.Tests.Oci.Contract;

/// <summary>
/// Malformed or hostile OCI answers end as an outage: never an exception, never a success. Served by
/// WireMock.Net, which says the answer as plainly as it is (the simulator keeps its fault modes for
/// the chaos run, the demo and the benchmarks).
/// </summary>
public sealed class HostileAnswerContractTests
{
    private const string Reservation = $"{WireMockOci.ReservationBase}/reservation-documents/r-hostile";
    private const string GetDeltas = $"{WireMockOci.AvailabilityBase}/availability-records/actions/get-deltas";
    private const string GetAvailability = $"{WireMockOci.AvailabilityBase}/availability-records/actions/get-availability";
    private static readonly PlaceRef Group = new(PlaceType.Group, "MySiteInventory");

    private static readonly ReservationRequest Body = new()
    {
        ExternalRefId = "MySite-hostile",
        Groups = [new ReservationPlaceRequest("MySiteInventory", [new ReservationLineRequest("SKU-1", 1)])],
    };

    private WireMockOci _oci = null!;

    [SetUp]
    public void Start() => _oci = WireMockOci.Start(o =>
    {
        o.Resilience.MaxRetryAttempts = 0;
        o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(500);
        o.Resilience.BreakerMinimumThroughput = 1000;
        o.ExportTimeout = TimeSpan.FromSeconds(1);
    });

    [TearDown]
    public void Stop() => _oci.Dispose();

    [TestCase("<html><body>Service Unavailable</body></html>", "text/html", TestName = "An HTML error page is an outage")]
    [TestCase("{\"success\":true,\"groups\":[{\"id\":\"MySiteInventory\",\"details\":[{\"sku\":\"SKU-1\",\"quantity\":", "application/json", TestName = "A truncated body is an outage")]
    [TestCase("{}", "application/json", TestName = "An answer without success is an outage")]
    [TestCase("{\"success\":false,\"groups\":[]}", "application/json", TestName = "An answer that omits the place asked about is an outage")]
    [TestCase("{\"success\":true,\"groups\":[{\"id\":\"MySiteInventory\",\"details\":[{\"sku\":\"SKU-1\",\"quantity\":-5}]}]}", "application/json", TestName = "A negative reserved quantity is an outage")]
    [TestCase("{\"success\":true,\"groups\":[{\"id\":\"MySiteInventory\",\"details\":[{\"sku\":\"SKU-1\",\"quantity\":1e40}]}]}", "application/json", TestName = "An absurd quantity is an outage")]
    [TestCase("{\"success\":\"yes\",\"groups\":[]}", "application/json", TestName = "A field of the wrong type is an outage")]
    [TestCase("[1,2,3]", "application/json", TestName = "An array for an object is an outage")]
    [TestCase("null", "application/json", TestName = "A JSON null is an outage")]
    public async Task Hostile_reservation_answer(string body, string contentType)
    {
        _oci.Answer("PUT", Reservation, 200, body, contentType);

        var result = await _oci.Client.CreateReservationAsync("r-hostile", Body, CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<ReservationResponse>.Outage>());
    }

    [Test]
    public async Task An_answer_slower_than_the_attempt_timeout_is_an_outage()
    {
        _oci.Server.Given(Request.Create().WithPath(GetAvailability).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"groups\":[],\"locations\":[]}").WithDelay(TimeSpan.FromSeconds(3)));

        var result = await _oci.Client.GetAvailabilityAsync(["SKU-1"], [Group], CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<IReadOnlyList<AvailabilityRecord>>.Outage>());
    }

    [TestCase("{\"nextDeltaToken\":\"\",\"shouldQueryAgain\":true,\"records\":[]}", TestName = "A delta page without a next token is an outage")]
    [TestCase("{\"nextDeltaToken\":\"t\",\"records\":[{\"id\":\"x\"}]}", TestName = "A delta record without its sku is an outage")]
    public async Task Hostile_delta_answer(string body)
    {
        _oci.Answer("POST", GetDeltas, 200, body);

        var result = await _oci.Client.GetDeltasAsync("any", (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<string>.Outage>());
    }

    [Test]
    public async Task An_export_status_that_never_completes_ends_in_an_outage_not_a_hang()
    {
        const string exports = $"{WireMockOci.ImpexBase}/availability-records/exports";
        _oci.Answer("POST", exports, 202, $$"""{"exportId":"e1","exportStatusLink":"{{exports}}/e1/status"}""");
        _oci.Answer("GET", $"{exports}/e1/status", 200, """{"id":"e1","status":"RUNNING","export":{"recordsExportedCount":0}}""");

        var result = await _oci.Client.ExportAsync([Group], (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<ExportResult>.Outage>());
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    public async Task A_5xx_is_an_outage(int status)
    {
        _oci.Answer("PUT", Reservation, status, "{}");

        var result = await _oci.Client.CreateReservationAsync("r-hostile", Body, CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<ReservationResponse>.Outage>());
    }
}
