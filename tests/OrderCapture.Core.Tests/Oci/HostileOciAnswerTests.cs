using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Tests.Support;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.Core.Tests.Oci;

/// <summary>Malformed or hostile OCI answers end as an outage or a rejection: never an exception, never a success.</summary>
public sealed class HostileOciAnswerTests
{
    private static readonly ReservationRequest Reservation = new()
    {
        Groups = [new ReservationPlaceRequest("MySiteInventory", [new ReservationLineRequest("SKU-1", 2)])],
    };

    private OciTestContext _oci = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _oci = await OciTestContext.StartAsync(o =>
        {
            o.Resilience.MaxRetryAttempts = 0;
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.Resilience.BreakerMinimumThroughput = 1000;
        });
        await _oci.Client.GetAvailabilityAsync(["SKU-1"], [new(PlaceType.Group, "MySiteInventory")], CancellationToken.None); // token first
    }

    [TearDown]
    public async Task StopAsync() => await _oci.DisposeAsync();

    private void Answer(string body, string contentType = "application/json") =>
        _oci.Simulator.Faults.Set(new FaultSettings(FaultMode.Answer, TimeSpan.Zero, 0, Body: body, ContentType: contentType));

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
        Answer(body, contentType);

        var result = await _oci.Client.CreateReservationAsync("r-hostile", Reservation, CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<ReservationResponse>.Outage>());
    }

    [Test]
    public async Task A_slow_drip_past_the_timeout_is_an_outage()
    {
        _oci.Simulator.Faults.Set(new FaultSettings(FaultMode.Drip, TimeSpan.FromMilliseconds(100), 0, Body: "{\"groups\":[],\"locations\":[]}"));

        var result = await _oci.Client.GetAvailabilityAsync(["SKU-1"], [new(PlaceType.Group, "MySiteInventory")], CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<IReadOnlyList<AvailabilityRecord>>.Outage>());
    }

    [TestCase("{\"nextDeltaToken\":\"\",\"shouldQueryAgain\":true,\"records\":[]}", TestName = "A delta page without a next token is an outage")]
    [TestCase("{\"nextDeltaToken\":\"t\",\"records\":[{\"id\":\"x\"}]}", TestName = "A delta record without its sku is an outage")]
    public async Task Hostile_delta_answer(string body)
    {
        Answer(body);

        var result = await _oci.Client.GetDeltasAsync("any", (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<string>.Outage>());
    }

    [Test]
    public async Task An_export_status_that_never_completes_ends_in_an_outage_not_a_hang()
    {
        await using var slow = await OciTestContext.StartAsync(
            o => o.ExportTimeout = TimeSpan.FromSeconds(1),
            new OciSimulator.SimulatorOptions { ExportDelay = TimeSpan.FromMinutes(5) });

        var result = await slow.Client.ExportAsync([new(PlaceType.Group, "MySiteInventory")], (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<ExportResult>.Outage>());
    }
}
