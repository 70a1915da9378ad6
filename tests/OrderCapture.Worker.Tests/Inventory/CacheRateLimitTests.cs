using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Inventory;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Inventory;

/// <summary>
/// The cache sync meeting OCI's rate limit: its pass ends at once (sleeping out Retry-After,
/// however long, would hold the cluster's cache-writer lock), and no pass calls OCI again before
/// Retry-After has passed — capped by Inventory:LongestRateLimitPause.
/// </summary>
public sealed class CacheRateLimitTests : WorkerTestBase
{
    private AvailabilityCacheSync Sync => Worker.Host.App.Services.GetRequiredService<AvailabilityCacheSync>();

    private async Task<CacheSyncResult> RateLimitedPassAsync(string longestPause)
    {
        await StartWorkerAsync(new Dictionary<string, string>
        {
            ["Oci:Resilience:MaxRetryAttempts"] = "0", // the client hands the 429 straight back
            ["Inventory:DeltaPollInterval"] = "01:00:00", // only the test's passes after the first
            ["Inventory:LongestRateLimitPause"] = longestPause,
        });
        Simulator.Faults.Set(new FaultSettings(FaultMode.RateLimit, TimeSpan.Zero, RequestsPerSecond: 0)); // every call 429, Retry-After: 1
        return await Sync.SyncOnceAsync(CancellationToken.None);
    }

    [Test]
    public async Task A_429_ends_the_pass_and_the_next_pass_leaves_OCI_alone_until_Retry_After_has_passed()
    {
        var limited = await RateLimitedPassAsync("00:01:00");
        var passEnded = DateTimeOffset.UtcNow;
        var refused = Simulator.Stats.Get("getDeltas", 429);

        var paused = await Sync.SyncOnceAsync(CancellationToken.None);
        var pausedCalls = Simulator.Stats.Get("getDeltas", 429) - refused;
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var after = await Sync.SyncOnceAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(limited.RateLimitedUntil, Is.Not.Null.And.InRange(passEnded, passEnded.AddSeconds(1)), "paused for the simulator's Retry-After of 1 s");
            Assert.That(refused, Is.EqualTo(1), "one call met the limit");
            Assert.That(paused.RateLimitedUntil, Is.EqualTo(limited.RateLimitedUntil));
            Assert.That(pausedCalls, Is.Zero, "no call while paused");
            Assert.That(Simulator.Stats.Get("getDeltas", 429), Is.EqualTo(refused + 1), "after Retry-After the next pass asks again");
            Assert.That(after.RateLimitedUntil, Is.Not.Null, "and is limited again");
        });
    }

    [Test]
    public async Task A_Retry_After_longer_than_the_longest_pause_is_cut_to_it()
    {
        var limited = await RateLimitedPassAsync("00:00:00.200");
        var passEnded = DateTimeOffset.UtcNow;

        Assert.That(limited.RateLimitedUntil, Is.Not.Null.And.LessThanOrEqualTo(passEnded.AddSeconds(0.2)), "0.2 s, not the 1 s OCI asked for");
    }
}
