using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Oci;

public sealed class OciClientAuthTests
{
    private static readonly PlaceRef Group = new(PlaceType.Group, "MySiteInventory");
    private OciTestContext _oci = null!;

    [TearDown]
    public async Task StopAsync() => await _oci.DisposeAsync();

    [Test]
    public async Task The_token_is_fetched_once_and_reused()
    {
        _oci = await OciTestContext.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            await _oci.Client.GetAvailabilityAsync(["SKU-1"], [Group], CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(_oci.Simulator.Stats.Get("token", 200), Is.EqualTo(1));
            Assert.That(_oci.Simulator.Stats.Get("getAvailability", 200), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task A_revoked_token_is_refreshed_once_and_the_call_repeated()
    {
        _oci = await OciTestContext.StartAsync();
        await _oci.Client.GetAvailabilityAsync(["SKU-1"], [Group], CancellationToken.None);
        _oci.Simulator.Tokens.RevokeAll();

        var result = await _oci.Client.GetAvailabilityAsync(["SKU-1"], [Group], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<OciResult<IReadOnlyList<AvailabilityRecord>>.Success>());
            Assert.That(_oci.Simulator.Stats.Get("token", 200), Is.EqualTo(2));
            Assert.That(_oci.Simulator.Stats.Get("getAvailability", 401), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_wrong_secret_is_an_outage_and_the_secret_is_not_in_the_reason()
    {
        _oci = await OciTestContext.StartAsync(o => o.ClientSecret = "wrong-secret-value");

        var result = await _oci.Client.GetAvailabilityAsync(["SKU-1"], [Group], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<OciResult<IReadOnlyList<AvailabilityRecord>>.Outage>());
            Assert.That(result.ToString(), Does.Not.Contain("wrong-secret-value"));
            Assert.That(_oci.Simulator.Stats.Get("token", 401), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Every_call_carries_a_correlation_id()
    {
        _oci = await OciTestContext.StartAsync();

        await _oci.Client.GetAvailabilityAsync(["SKU-1"], [Group], CancellationToken.None);
        await _oci.Client.CancelReservationAsync("none", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_oci.Simulator.Stats.Get("missingCorrelationId"), Is.Zero);
            Assert.That(_oci.Simulator.Stats.Get("token") + _oci.Simulator.Stats.Get("getAvailability") + _oci.Simulator.Stats.Get("cancelReservation"), Is.EqualTo(3));
        });
    }
}
