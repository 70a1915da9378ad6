using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Tests.Support;
using Polly.CircuitBreaker;

namespace OrderCapture.Core.Tests.Oci;

public sealed class OciClientFaultTests
{
    private static readonly PlaceRef Group = new(PlaceType.Group, "MySiteInventory");
    private OciTestContext _oci = null!;

    [TearDown]
    public async Task StopAsync() => await _oci.DisposeAsync();

    private Task<OciResult<IReadOnlyList<AvailabilityRecord>>> AvailabilityAsync() =>
        _oci.Client.GetAvailabilityAsync(["SKU-1"], [Group], CancellationToken.None);

    [TestCase("drop", "connection failed")]
    [TestCase("error503", "HTTP 503")]
    [TestCase("malformed", "malformed answer")]
    [TestCase("hang", "timeout")]
    public async Task A_faulty_OCI_is_an_outage_never_an_exception(string mode, string reason)
    {
        _oci = await OciTestContext.StartAsync(o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.Resilience.MaxRetryAttempts = 1;
            o.Resilience.BreakerMinimumThroughput = 100; // about mapping each fault, not the breaker (it opened first on a slow machine)
        });
        await AvailabilityAsync(); // fetch the token while OCI is healthy
        await _oci.SetFaultAsync(mode);

        var result = await AvailabilityAsync();

        Assert.That(result, Is.TypeOf<OciResult<IReadOnlyList<AvailabilityRecord>>.Outage>().With.Property("Reason").Contains(reason));
    }

    [Test]
    public async Task Transient_faults_on_an_idempotent_call_are_retried()
    {
        _oci = await OciTestContext.StartAsync(o =>
        {
            o.Resilience.MaxRetryAttempts = 3;
            o.Resilience.BreakerMinimumThroughput = 100; // this test is about retry, not the breaker
        });
        await AvailabilityAsync();
        await _oci.SetFaultAsync("error503", count: 2);

        var result = await AvailabilityAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<OciResult<IReadOnlyList<AvailabilityRecord>>.Success>());
            Assert.That(_oci.Simulator.Stats.Get("getAvailability", 503), Is.EqualTo(2));
            Assert.That(_oci.Simulator.Stats.Get("getAvailability", 200), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_create_export_is_not_retried_because_it_is_not_idempotent()
    {
        _oci = await OciTestContext.StartAsync(o => o.Resilience.MaxRetryAttempts = 3);
        await AvailabilityAsync();
        await _oci.SetFaultAsync("error503", count: 1);

        var result = await _oci.Client.ExportAsync([Group], (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<OciResult<ExportResult>.Outage>());
            Assert.That(_oci.Simulator.Stats.Get("initiateExport"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_429_storm_is_waited_out_with_Retry_After()
    {
        _oci = await OciTestContext.StartAsync(o => o.Resilience.MaxRetryAttempts = 5);
        await _oci.SetFaultAsync("rateLimit", requestsPerSecond: 2);

        var results = new List<OciResult<IReadOnlyList<AvailabilityRecord>>>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await AvailabilityAsync());
        }

        Assert.Multiple(() =>
        {
            Assert.That(results, Has.All.TypeOf<OciResult<IReadOnlyList<AvailabilityRecord>>.Success>());
            Assert.That(_oci.Simulator.Stats.Get("getAvailability", 429), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task A_429_that_outlasts_the_retries_is_reported_as_rate_limited()
    {
        _oci = await OciTestContext.StartAsync(o => o.Resilience.MaxRetryAfter = TimeSpan.Zero);
        await _oci.SetFaultAsync("rateLimit", requestsPerSecond: 1);

        // Five quick calls cannot all land in different one-second windows.
        var results = new List<OciResult<IReadOnlyList<AvailabilityRecord>>>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await AvailabilityAsync());
        }

        Assert.That(results, Has.Some.EqualTo(new OciResult<IReadOnlyList<AvailabilityRecord>>.RateLimited(TimeSpan.FromSeconds(1))));
    }

    [Test]
    public async Task Repeated_outages_open_the_circuit_and_later_calls_fail_fast()
    {
        _oci = await OciTestContext.StartAsync(o =>
        {
            o.Resilience.MaxRetryAttempts = 0;
            o.Resilience.BreakerMinimumThroughput = 2;
            o.Resilience.BreakerBreakDuration = TimeSpan.FromSeconds(30);
        });
        var opened = new List<bool>();
        _oci.Circuit.OpenChanged += opened.Add;
        await AvailabilityAsync();
        await _oci.SetFaultAsync("error503");

        await AvailabilityAsync();
        await AvailabilityAsync();
        var before = _oci.Simulator.Stats.Get("getAvailability");
        var fast = await AvailabilityAsync();

        Assert.Multiple(() =>
        {
            Assert.That(opened, Is.EqualTo(new[] { true }));
            Assert.That(_oci.Circuit.State, Is.EqualTo(CircuitState.Open));
            Assert.That(fast, Is.EqualTo(new OciResult<IReadOnlyList<AvailabilityRecord>>.Outage("circuit open")));
            Assert.That(_oci.Simulator.Stats.Get("getAvailability"), Is.EqualTo(before), "an open circuit does not reach OCI");
        });
    }

    [Test]
    public async Task A_rate_limit_does_not_open_the_circuit()
    {
        _oci = await OciTestContext.StartAsync(o =>
        {
            o.Resilience.MaxRetryAfter = TimeSpan.Zero;
            o.Resilience.BreakerMinimumThroughput = 2;
        });
        await _oci.SetFaultAsync("rateLimit", requestsPerSecond: 1);

        for (var i = 0; i < 6; i++)
        {
            await AvailabilityAsync();
        }

        Assert.That(_oci.Circuit.IsOpen, Is.False);
    }
}
