using OrderCapture.Core.Orders;
using OrderCapture.Core.Outbox;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Storage;

/// <summary>
/// Two store instances on one PostgreSQL database, as two workers have them: what one takes,
/// the other must see and must not take again.
/// </summary>
public sealed class SharedPostgresStoreTests
{
    private TempStore _temp = null!;
    private IOrderStore _other = null!;

    [SetUp]
    public async Task CreateAsync()
    {
        _temp = await TempStore.CreateAsync(StorageProvider.Postgres);
        await _temp.SeedAsync(10, "SKU-1", "SKU-2");
        _other = _temp.OpenAnother();
    }

    [TearDown]
    public async Task DeleteAsync()
    {
        await ((IAsyncDisposable)_other).DisposeAsync();
        await _temp.DisposeAsync();
    }

    [Test]
    public async Task Two_instances_taking_the_last_units_at_once_never_oversell()
    {
        // Orders of two lines in both SKU orders, so the per-SKU locks are taken across each other.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
        {
            var store = i % 2 == 0 ? _temp.Store : _other;
            string[] skus = i % 3 == 0 ? ["SKU-1", "SKU-2"] : ["SKU-2", "SKU-1"];
            var order = new Order("MySite", $"o-{i}", OrderStatus.ReservationMissing, _temp.Clock.GetUtcNow(),
                [.. skus.Select(s => new OrderLine(s, TempStore.List, OrderCapture.Core.Oci.Contracts.PlaceType.Group, 1))]);
            return store.TryAcceptAsync(order, plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        }));
        var sku1 = await _other.GetAvailabilityAsync(TempStore.List, "SKU-1", CancellationToken.None);
        var sku2 = await _temp.Store.GetAvailabilityAsync(TempStore.List, "SKU-2", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Count(d => d is AcceptDecision.Accepted), Is.EqualTo(10));
            Assert.That((sku1!.Held, sku1.EffectiveAto), Is.EqualTo((10m, 0m)));
            Assert.That((sku2!.Held, sku2.EffectiveAto), Is.EqualTo((10m, 0m)));
        });
    }

    [Test]
    public async Task The_same_order_sent_to_both_instances_is_taken_once()
    {
        var decisions = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? _temp.Store : _other).TryAcceptAsync(_temp.Order("twice", 1), plan: null, null, attempt: null, headroom: null, CancellationToken.None)));

        Assert.Multiple(async () =>
        {
            Assert.That(decisions.Count(d => d is AcceptDecision.Accepted), Is.EqualTo(1));
            Assert.That(decisions.Count(d => d is AcceptDecision.Duplicate), Is.EqualTo(19));
            Assert.That((await _other.GetAvailabilityAsync(TempStore.List, "SKU-1", CancellationToken.None))!.Held, Is.EqualTo(1m));
        });
    }

    [Test]
    public async Task Instances_claiming_at_once_split_the_queue_without_overlap()
    {
        // Ten SKUs, one order each: nothing in common, so first come, first served holds nothing back.
        await _temp.SeedAsync(10, [.. Enumerable.Range(0, 10).Select(i => $"SKU-{i}")]);
        for (var i = 0; i < 10; i++)
        {
            await _temp.Store.TryAcceptAsync(_temp.Order($"q{i}", 1, sku: $"SKU-{i}"), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        }

        var now = _temp.Clock.GetUtcNow();
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? _temp.Store : _other).ClaimReconciliationBatchAsync($"w{i}", 3, now, now.AddMinutes(5), null, scope: null, CancellationToken.None)));
        var claimed = claims.SelectMany(c => c.Select(o => o.OrderNo)).ToList();

        Assert.That(claimed, Is.Unique.And.EquivalentTo(Enumerable.Range(0, 10).Select(i => $"q{i}")));
    }

    [Test]
    public async Task Instances_claiming_at_once_never_let_a_younger_order_overtake_an_older_one_on_the_same_stock()
    {
        for (var i = 0; i < 10; i++)
        {
            await _temp.Store.TryAcceptAsync(_temp.Order($"q{i}", 1), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        }

        var now = _temp.Clock.GetUtcNow();
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? _temp.Store : _other).ClaimReconciliationBatchAsync($"w{i}", 3, now, now.AddMinutes(5), null, scope: null, CancellationToken.None)));

        Assert.That(claims.Where(c => c.Count > 0).Select(c => c.Select(o => o.OrderNo)), Is.EqualTo(new[] { new[] { "q0", "q1", "q2" } }),
            "one claim takes the three oldest; every other claim would overtake them on SKU-1 and takes nothing");
    }

    [Test]
    public async Task An_outbox_message_is_handed_to_one_instance_until_its_lease_ends()
    {
        await _temp.Store.TryAcceptAsync(_temp.Order("filed", 1), plan: null, new OutboxMessage(OutboxMessage.WorkFile, "MySite", "filed", "work/offline_x.json", "{}"), attempt: null, headroom: null, CancellationToken.None);
        var now = _temp.Clock.GetUtcNow();

        var first = await _temp.Store.DueOutboxAsync(OutboxLane.WorkFiles, now, 10, CancellationToken.None);
        var second = await _other.DueOutboxAsync(OutboxLane.WorkFiles, now, 10, CancellationToken.None);
        var afterLease = await _other.DueOutboxAsync(OutboxLane.WorkFiles, now + TimeSpan.FromMinutes(3), 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(i => i.Message.OrderNo), Is.EqualTo(new[] { "filed" }));
            Assert.That(second, Is.Empty);
            Assert.That(afterLease.Select(i => i.Message.OrderNo), Is.EqualTo(new[] { "filed" }), "a message whose taker died is delivered by another");
        });
    }

    [Test]
    public async Task Migrations_run_once_when_instances_start_together()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(_temp.OpenAnother)));
        foreach (var store in stores)
        {
            await ((IAsyncDisposable)store).DisposeAsync();
        }

        await using var connection = new Npgsql.NpgsqlConnection(_temp.ConnectionString);
        await connection.OpenAsync();
        await using var versions = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM schema_version", connection);
        Assert.That(await versions.ExecuteScalarAsync(), Is.EqualTo(OrderCapture.Storage.Postgres.PostgresSchema.LatestVersion), "one row per migration, none twice");
    }
}
