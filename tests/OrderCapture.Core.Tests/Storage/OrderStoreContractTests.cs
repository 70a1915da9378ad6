using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Storage;

/// <summary>The store contract: every test runs against SQLite and against PostgreSQL.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.Postgres)]
public sealed class OrderStoreContractTests(StorageProvider provider)
{
    private static readonly PlaceRef List = new(PlaceType.Group, TempStore.List);
    private TempStore _temp = null!;

    [SetUp]
    public async Task CreateAsync()
    {
        _temp = await TempStore.CreateAsync(provider);
        await _temp.SeedAsync(10, "SKU-1");
    }

    [TearDown]
    public async Task DeleteAsync() => await _temp.DisposeAsync();

    private Task<AvailabilityView?> ViewAsync() => _temp.Store.GetAvailabilityAsync(TempStore.List, "SKU-1", CancellationToken.None);

    [Test]
    public async Task Concurrent_orders_for_the_last_units_exactly_ten_win()
    {
        var decisions = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            _temp.Store.TryAcceptAsync(_temp.Order($"o-{i}", 1), offlineReport: null, attempt: null, headroom: null, CancellationToken.None)));

        Assert.Multiple(async () =>
        {
            Assert.That(decisions.Count(d => d is AcceptDecision.Accepted), Is.EqualTo(10));
            Assert.That(decisions.Count(d => d is AcceptDecision.Insufficient), Is.EqualTo(90));
            Assert.That((await ViewAsync())!.EffectiveAto, Is.Zero);
        });
    }

    [Test]
    public async Task The_same_order_twice_is_a_duplicate_and_holds_once()
    {
        await _temp.Store.TryAcceptAsync(_temp.Order("dup", 4), null, attempt: null, headroom: null, CancellationToken.None);
        var again = await _temp.Store.TryAcceptAsync(_temp.Order("dup", 4), null, attempt: null, headroom: null, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(again, Is.TypeOf<AcceptDecision.Duplicate>());
            Assert.That((await ViewAsync())!.Held, Is.EqualTo(4m));
        });
    }

    [Test]
    public async Task Lines_of_one_order_on_the_same_SKU_are_checked_together()
    {
        var order = _temp.Order("two-lines", 6) with
        {
            Lines = [new OrderLine("SKU-1", TempStore.List, PlaceType.Group, 6), new OrderLine("SKU-1", TempStore.List, PlaceType.Group, 6)],
        };

        var decision = await _temp.Store.TryAcceptAsync(order, null, attempt: null, headroom: null, CancellationToken.None);

        Assert.That(decision, Is.TypeOf<AcceptDecision.Insufficient>());
    }

    [Test]
    public async Task Offline_an_unknown_SKU_is_refused_as_unknown()
    {
        var decision = await _temp.Store.TryAcceptAsync(_temp.Order("u", 1, sku: "NOPE"), null, attempt: null, headroom: null, CancellationToken.None);

        Assert.That(((AcceptDecision.Insufficient)decision).Lines.Single().Unknown, Is.True);
    }

    [Test]
    public async Task An_order_in_flight_is_stranded_only_once_its_owners_lease_has_run_out()
    {
        var lease = new AttemptLease("instance-a", _temp.Clock.GetUtcNow() + TimeSpan.FromSeconds(30));
        await _temp.Store.TryAcceptAsync(_temp.Order("in-flight", 1, OrderStatus.Reserving), null, lease, headroom: null, CancellationToken.None);

        var whileLive = await _temp.Store.ListStrandedAttemptsAsync(_temp.Clock.GetUtcNow(), includeLive: false, 10, CancellationToken.None);
        var takingAll = await _temp.Store.ListStrandedAttemptsAsync(_temp.Clock.GetUtcNow(), includeLive: true, 10, CancellationToken.None);
        _temp.Clock.Advance(TimeSpan.FromSeconds(31));
        var afterLease = await _temp.Store.ListStrandedAttemptsAsync(_temp.Clock.GetUtcNow(), includeLive: false, 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(whileLive, Is.Empty, "a live instance's attempt is never taken over");
            Assert.That(takingAll.Select(o => o.OrderNo), Is.EqualTo(new[] { "in-flight" }));
            Assert.That(afterLease.Select(o => o.OrderNo), Is.EqualTo(new[] { "in-flight" }));
        });
    }

    [Test]
    public async Task A_cancel_releases_the_holds_in_the_same_step_and_queues_the_OCI_cancel_twice_while_an_attempt_is_in_flight()
    {
        var lease = new AttemptLease("instance-a", _temp.Clock.GetUtcNow() + TimeSpan.FromSeconds(30));
        await _temp.Store.TryAcceptAsync(_temp.Order("flying", 4, OrderStatus.Reserving) with { Path = CapturePath.Online }, null, lease, headroom: null, CancellationToken.None);
        await _temp.Store.TryAcceptAsync(_temp.Order("queued", 3), null, attempt: null, headroom: null, CancellationToken.None);

        var flying = await _temp.Store.CancelAsync(new CancelRequest("MySite", "flying", "payment_declined", null, _temp.Clock.GetUtcNow()), CancellationToken.None);
        var queued = await _temp.Store.CancelAsync(new CancelRequest("MySite", "queued", "customer", "note", _temp.Clock.GetUtcNow()), CancellationToken.None);
        var again = await _temp.Store.CancelAsync(new CancelRequest("MySite", "queued", "operator", null, _temp.Clock.GetUtcNow()), CancellationToken.None);
        var due = await _temp.Store.DueOutboxAsync(OutboxLane.Pushes, _temp.Clock.GetUtcNow() + TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        var lost = await _temp.Store.CompleteOnlineAsync("MySite", "flying", _temp.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(((CancelDecision.Cancelled)flying).Order.Cancellation!.OciCancel, Is.EqualTo(OciCancelState.Pending));
            Assert.That(((CancelDecision.Cancelled)queued).Order.Cancellation!.OciCancel, Is.EqualTo(OciCancelState.NotNeeded), "never attempted, no document");
            Assert.That(again is CancelDecision.Cancelled { Already: true, Order.Cancellation.Reason: "customer" }, Is.True, "a repeat answers the first cancel");
            Assert.That((await ViewAsync())!.Held, Is.Zero);
            Assert.That(due.Where(d => d.Message.Kind == OutboxMessage.OciCancel).Select(d => d.Message.OrderNo), Is.EqualTo(new[] { "flying", "flying" }), "now, and when the attempt's lease ends");
            Assert.That(lost, Is.False, "the attempt that comes back later finds the order cancelled");
        });
    }

    [Test]
    public async Task A_cancel_of_a_number_not_yet_taken_blocks_it_when_asked_to()
    {
        var blocked = await _temp.Store.CancelAsync(new CancelRequest("MySite", "early", "abandoned", null, _temp.Clock.GetUtcNow(), BlockUnknownNumber: true), CancellationToken.None);
        var plain = await _temp.Store.CancelAsync(new CancelRequest("MySite", "typo", "abandoned", null, _temp.Clock.GetUtcNow()), CancellationToken.None);
        var late = await _temp.Store.TryAcceptAsync(_temp.Order("early", 1), null, attempt: null, headroom: null, CancellationToken.None);
        var other = await _temp.Store.TryAcceptAsync(_temp.Order("typo", 1), null, attempt: null, headroom: null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(blocked, Is.InstanceOf<CancelDecision.NotFound>());
            Assert.That(plain, Is.InstanceOf<CancelDecision.NotFound>());
            Assert.That(late is AcceptDecision.Duplicate { Existing.Status: OrderStatus.Cancelled }, Is.True, "the late request finds the number cancelled");
            Assert.That(other, Is.InstanceOf<AcceptDecision.Accepted>());
        });
    }

    [Test]
    public async Task A_hold_counts_until_the_cache_has_data_fetched_after_its_reservation_was_confirmed()
    {
        await _temp.Store.TryAcceptAsync(_temp.Order("online", 3, OrderStatus.Reserving), null, attempt: null, headroom: null, CancellationToken.None);
        var pollStartedBefore = _temp.Clock.GetUtcNow();
        _temp.Clock.Advance(TimeSpan.FromSeconds(1));
        await _temp.Store.CompleteOnlineAsync("MySite", "online", _temp.Clock.GetUtcNow(), CancellationToken.None);

        // A delta poll that began before the confirmation does not release the hold …
        await _temp.Store.SetDeltaTokenAsync([List], "token-2", pollStartedBefore, CancellationToken.None);
        var stale = await ViewAsync();
        // … one that began after it does (its data includes the reservation).
        _temp.Clock.Advance(TimeSpan.FromSeconds(1));
        await _temp.Store.ApplyDeltasAsync([new DeltaRecord(TempStore.List, "SKU-1", false, 7, 7, 10, 3)], new PaceObservation(_temp.Clock.GetUtcNow(), TimeSpan.FromHours(1)), CancellationToken.None);
        await _temp.Store.SetDeltaTokenAsync([List], "token-3", _temp.Clock.GetUtcNow(), CancellationToken.None);
        var fresh = await ViewAsync();

        Assert.Multiple(() =>
        {
            Assert.That((stale!.Ato, stale.Held, stale.EffectiveAto), Is.EqualTo((10m, 3m, 7m)));
            Assert.That((fresh!.Ato, fresh.Held, fresh.EffectiveAto), Is.EqualTo((7m, 0m, 7m)));
        });
    }

    [Test]
    public async Task An_offline_hold_never_expires_while_its_order_is_queued()
    {
        await _temp.Store.TryAcceptAsync(_temp.Order("queued", 4), null, attempt: null, headroom: null, CancellationToken.None);
        _temp.Clock.Advance(TimeSpan.FromHours(5));
        await _temp.Store.SetDeltaTokenAsync([List], "token-2", _temp.Clock.GetUtcNow(), CancellationToken.None);

        Assert.That((await ViewAsync())!.Held, Is.EqualTo(4m));
    }

    [Test]
    public async Task A_staged_generation_is_invisible_until_published()
    {
        var generation = await _temp.Store.NextGenerationAsync(CancellationToken.None);
        await _temp.Store.StageAvailabilityAsync(generation, [new AvailabilityRecord(List, "SKU-1", 99, 99, 99, 0)], CancellationToken.None);
        var before = await ViewAsync();

        await _temp.Store.PublishGenerationAsync([List], generation, "token-9", _temp.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(before!.Ato, Is.EqualTo(10m));
            Assert.That((await ViewAsync())!.Ato, Is.EqualTo(99m));
            Assert.That((await _temp.Store.GetSyncStatesAsync(CancellationToken.None)).Single().DeltaToken, Is.EqualTo("token-9"));
        });
    }

    [Test]
    public async Task Accepted_orders_holds_and_outbox_survive_reopening_the_file()
    {
        var report = new OutboxMessage(OutboxMessage.WorkFile, "MySite", "kept", "work/x.json", "{}");
        await _temp.Store.TryAcceptAsync(_temp.Order("kept", 2), report, attempt: null, headroom: null, CancellationToken.None);

        await _temp.ReopenAsync();

        Assert.Multiple(async () =>
        {
            Assert.That((await _temp.Store.GetOrderAsync("MySite", "kept", CancellationToken.None))!.Status, Is.EqualTo(OrderStatus.ReservationMissing));
            Assert.That((await ViewAsync())!.Held, Is.EqualTo(2m));
            Assert.That((await _temp.Store.DueOutboxAsync(OutboxLane.WorkFiles, _temp.Clock.GetUtcNow(), 10, CancellationToken.None)).Single().Message, Is.EqualTo(report));
        });
    }

    [Test]
    public async Task A_refused_online_order_is_discarded_with_its_holds()
    {
        await _temp.Store.TryAcceptAsync(_temp.Order("refused", 5, OrderStatus.Reserving), null, attempt: null, headroom: null, CancellationToken.None);

        await _temp.Store.DiscardReservingAsync("MySite", "refused", cancelAtOci: null, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await _temp.Store.GetOrderAsync("MySite", "refused", CancellationToken.None), Is.Null);
            Assert.That((await ViewAsync())!.Held, Is.Zero);
        });
    }

    [Test]
    public async Task Discard_never_removes_an_order_that_left_Reserving()
    {
        await _temp.Store.TryAcceptAsync(_temp.Order("queued", 5), null, attempt: null, headroom: null, CancellationToken.None);

        await _temp.Store.DiscardReservingAsync("MySite", "queued", cancelAtOci: null, CancellationToken.None);

        Assert.That(await _temp.Store.GetOrderAsync("MySite", "queued", CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task A_classified_order_is_never_classified_again()
    {
        await _temp.Store.TryAcceptAsync(_temp.Order("once", 2), null, attempt: null, headroom: null, CancellationToken.None);
        var first = new OrderCapture.Core.Reconciliation.ReconciledOrder("MySite", "once", OrderStatus.CompletelyReserved, _temp.Clock.GetUtcNow(), [2m], HoldsReplaced: true, []);
        var again = first with { Outcome = OrderStatus.NothingReserved, ReservedPerLine = [0m] };

        var wrote = await _temp.Store.CompleteReconciliationAsync(first, CancellationToken.None);
        var rewrote = await _temp.Store.CompleteReconciliationAsync(again, CancellationToken.None);
        var order = await _temp.Store.GetOrderAsync("MySite", "once", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((wrote, rewrote), Is.EqualTo((true, false)));
            Assert.That(order!.Status, Is.EqualTo(OrderStatus.CompletelyReserved));
            Assert.That(order.Lines.Single().ReservedQuantity, Is.EqualTo(2m));
            Assert.That(order.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Claimed_orders_are_not_claimed_again_until_their_lease_ends()
    {
        for (var i = 0; i < 3; i++)
        {
            await _temp.Store.TryAcceptAsync(_temp.Order($"c{i}", 1), null, attempt: null, headroom: null, CancellationToken.None);
            _temp.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var now = _temp.Clock.GetUtcNow();
        var a = await _temp.Store.ClaimReconciliationBatchAsync("a", 2, now, now.AddMinutes(5), null, CancellationToken.None);
        var b = await _temp.Store.ClaimReconciliationBatchAsync("b", 10, now, now.AddMinutes(5), null, CancellationToken.None);
        var afterLease = await _temp.Store.ClaimReconciliationBatchAsync("b", 10, now.AddMinutes(6), now.AddMinutes(11), null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(a.Select(o => o.OrderNo), Is.EqualTo(new[] { "c0", "c1" }), "oldest first");
            Assert.That(b.Select(o => o.OrderNo), Is.EqualTo(new[] { "c2" }));
            Assert.That(afterLease.Select(o => o.OrderNo), Is.EqualTo(new[] { "c0", "c1", "c2" }), "a crashed owner's batch is taken over after the lease");
        });
    }

    [Test]
    public async Task Connectivity_transitions_and_alerts_are_kept_in_order()
    {
        await _temp.Store.RecordTransitionAsync(new ConnectivityTransition(_temp.Clock.GetUtcNow(), ConnectivityState.Online, ConnectivityState.Offline, "test"), CancellationToken.None);
        var alert = await _temp.Store.AddAlertAsync(new NewAlert(_temp.Clock.GetUtcNow(), AlertSeverity.Critical, "oci_offline", "down"), push: false, CancellationToken.None);
        var acked = await _temp.Store.AckAlertAsync(alert.Id, _temp.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((await _temp.Store.LastTransitionAsync(CancellationToken.None))!.To, Is.EqualTo(ConnectivityState.Offline));
            Assert.That(acked, Is.True);
            Assert.That((await _temp.Store.ListAlertsAsync(null, 10, CancellationToken.None)).Single().AckedAt, Is.Not.Null);
        });
    }
}
