using OrderCapture.Core.Oci;

namespace OrderCapture.Core.Tests.Oci.Resilience;

/// <summary>The strategy every "wait out OCI's 429" goes through: capped in number, length and by a deadline.</summary>
public sealed class RateLimitWaitsTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(10);

    /// <summary>Answers from a script, one per call, the last one for ever; counts the calls.</summary>
    private sealed class ScriptedOci(params OciResult<string>[] answers)
    {
        public int Calls { get; private set; }

        public ValueTask<OciResult<string>> CallAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(answers[Math.Min(Calls++, answers.Length - 1)]);
    }

    [Test]
    public async Task A_429_is_waited_out_and_the_next_answer_is_the_result()
    {
        var oci = new ScriptedOci(new OciResult<string>.RateLimited(Short), new OciResult<string>.Success("done"));

        var result = await RateLimitWaits.Pipeline<string>(5, TimeSpan.FromSeconds(1), TimeProvider.System).ExecuteAsync(oci.CallAsync);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new OciResult<string>.Success("done")));
            Assert.That(oci.Calls, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_rate_limit_that_never_lifts_is_handed_back_after_the_allowed_waits()
    {
        var oci = new ScriptedOci(new OciResult<string>.RateLimited(Short));

        var result = await RateLimitWaits.Pipeline<string>(3, TimeSpan.FromSeconds(1), TimeProvider.System).ExecuteAsync(oci.CallAsync);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.InstanceOf<OciResult<string>.RateLimited>());
            Assert.That(oci.Calls, Is.EqualTo(4), "the first call and three after a wait each");
        });
    }

    [Test]
    public async Task A_Retry_After_longer_than_the_cap_waits_only_the_cap()
    {
        var oci = new ScriptedOci(new OciResult<string>.RateLimited(TimeSpan.FromHours(1)), new OciResult<string>.Success("done"));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await RateLimitWaits.Pipeline<string>(5, Short, TimeProvider.System).ExecuteAsync(oci.CallAsync);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new OciResult<string>.Success("done")));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "not the hour OCI asked for");
        });
    }

    [Test]
    public async Task No_wait_is_taken_that_would_end_past_the_deadline()
    {
        var oci = new ScriptedOci(new OciResult<string>.RateLimited(TimeSpan.FromSeconds(5)), new OciResult<string>.Success("done"));
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(1);

        var result = await RateLimitWaits.Pipeline<string>(5, TimeSpan.FromMinutes(1), TimeProvider.System, () => deadline).ExecuteAsync(oci.CallAsync);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.InstanceOf<OciResult<string>.RateLimited>(), "handed back at once");
            Assert.That(oci.Calls, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Other_answers_are_never_repeated()
    {
        var oci = new ScriptedOci(new OciResult<string>.Outage("HTTP 503"));

        var result = await RateLimitWaits.Pipeline<string>(5, Short, TimeProvider.System).ExecuteAsync(oci.CallAsync);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.InstanceOf<OciResult<string>.Outage>());
            Assert.That(oci.Calls, Is.EqualTo(1));
        });
    }
}
