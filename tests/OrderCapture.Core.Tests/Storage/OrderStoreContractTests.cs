using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Outbox;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Storage;

/// <summary>The store contract: every test runs against SQLite and against PostgreSQL.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.Postgres)]
public sealed class OrderStoreContractTests(StorageProvider provider) : StoreTestBase(provider)
{
    private static readonly PlaceRef List = new(PlaceType.Group, TempStore.List);

    protected override Task SeedAsync(TempStore store) => store.SeedAsync(10, "SKU-1");

    private Task<AvailabilityView?> ViewAsync() => Temp.Store.GetAvailabilityAsync(TempStore.List, "SKU-1", CancellationToken.None);

    [Test]
    public async Task Concurrent_orders_for_the_last_units_exactly_ten_win()
    {
        var decisions = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Temp.Store.TryAcceptAsync(Temp.Order($"o-{i}", 1), plan: null, offlineReport: null, attempt: null, headroom: null, CancellationToken.None)));

        Assert.Multiple(async () =>
        {
            Assert.That(decisions.Count(d => d is AcceptDecision.Accepted), Is.EqualTo(10));
            Assert.That(decisions.Count(d => d is AcceptDecision.Insufficient), Is.EqualTo(90));
            Assert.That((await ViewAsync())!.EffectiveAto, Is.Zero);
        });
    }

    [Test]
    public async Task The_same_order_sent_many_times_at_once_is_accepted_once_and_holds_once()
    {
        // At once, so on PostgreSQL several copies share one accepting transaction.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Temp.Store.TryAcceptAsync(Temp.Order("twin", 1), plan: null, offlineReport: null, attempt: null, headroom: null, CancellationToken.None)));

        Assert.Multiple(async () =>
        {
            Assert.That(decisions.Count(d => d is AcceptDecision.Accepted), Is.EqualTo(1));
            Assert.That(decisions.OfType<AcceptDecision.Duplicate>().Select(d => d.Existing.OrderNo), Has.Exactly(19).EqualTo("twin"));
            Assert.That((await ViewAsync())!.Held, Is.EqualTo(1m));
        });
    }

    [Test]
    public async Task An_order_the_database_cannot_take_does_not_take_the_orders_beside_it_down()
    {
        // PostgreSQL refuses a NUL in text; on PostgreSQL this order fails the transaction it shares.
        var bad = Temp.Store.TryAcceptAsync(Temp.Order("bad", 1, sku: "SKU-\u0000"), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        var good = Enumerable.Range(0, 30).Select(i => Temp.Store.TryAcceptAsync(Temp.Order($"g-{i}", 1), plan: null, null, attempt: null, headroom: null, CancellationToken.None)).ToList();

        var decisions = await Task.WhenAll(good);
        var badOutcome = await bad.ContinueWith(t => t.IsFaulted ? null : t.Result, TaskScheduler.Default);

        Assert.Multiple(async () =>
        {
            Assert.That(decisions.Count(d => d is AcceptDecision.Accepted), Is.EqualTo(10), "the last ten units go to ten of the good orders");
            Assert.That(decisions.Count(d => d is AcceptDecision.Insufficient), Is.EqualTo(20));
            Assert.That(badOutcome, Is.Null.Or.TypeOf<AcceptDecision.Insufficient>(), "the bad order fails alone or is refused, never accepted");
            Assert.That((await ViewAsync())!.EffectiveAto, Is.Zero);
        });
    }

    [Test]
    public async Task An_attempt_given_up_on_keeps_its_claim_until_its_PUT_can_no_longer_land_and_a_cancel_meanwhile_cancels_twice()
    {
        await Temp.Store.TryAcceptAsync(Temp.Order("unsure", 2), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        var now = Temp.Clock.GetUtcNow();
        var claimed = await Temp.Store.ClaimReconciliationBatchAsync("run-1", 10, now, now + TimeSpan.FromMinutes(5), null, scope: null, CancellationToken.None);

        // The PUT timed out (it may still land): the run records it and stops, releasing its claims.
        await Temp.Store.RecordStillOfflineAsync("MySite", "unsure", now + TimeSpan.FromSeconds(30), CancellationToken.None);
        await Temp.Store.ReleaseClaimsAsync("run-1", now + TimeSpan.FromSeconds(30), CancellationToken.None);
        var tooEarly = await Temp.Store.ClaimReconciliationBatchAsync("run-2", 10, now + TimeSpan.FromSeconds(10), now + TimeSpan.FromMinutes(5), null, scope: null, CancellationToken.None);
        var cancel = await Temp.Store.CancelAsync(new CancelRequest("MySite", "unsure", "payment_declined", null, now + TimeSpan.FromSeconds(10)), CancellationToken.None);
        var cancels = (await Temp.Store.DueOutboxAsync(OutboxLane.Pushes, now + TimeSpan.FromMinutes(1), 10, CancellationToken.None))
            .Where(m => m.Message.Kind == OutboxMessage.OciCancel).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(claimed, Has.Count.EqualTo(1));
            Assert.That(tooEarly, Is.Empty, "not re-sent while the abandoned PUT may still land");
            Assert.That(((CancelDecision.Cancelled)cancel).Order.Cancellation!.OciCancel, Is.EqualTo(OciCancelState.Pending));
            Assert.That(cancels.Select(m => m.Message.Payload), Is.EquivalentTo(new[] { "", OutboxMessage.SafetyNetPayload }),
                "one cancel now, one when the PUT can no longer land");
        });
    }

    [Test]
    public async Task The_same_order_twice_is_a_duplicate_and_holds_once()
    {
        await Temp.Store.TryAcceptAsync(Temp.Order("dup", 4), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        var again = await Temp.Store.TryAcceptAsync(Temp.Order("dup", 4), plan: null, null, attempt: null, headroom: null, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(again, Is.TypeOf<AcceptDecision.Duplicate>());
            Assert.That((await ViewAsync())!.Held, Is.EqualTo(4m));
        });
    }

    [Test]
    public async Task Lines_of_one_order_on_the_same_SKU_are_checked_together()
    {
        var order = Temp.Order("two-lines", 6) with
        {
            Lines = [new OrderLine("SKU-1", TempStore.List, PlaceType.Group, 6), new OrderLine("SKU-1", TempStore.List, PlaceType.Group, 6)],
        };

        var decision = await Temp.Store.TryAcceptAsync(order, plan: null, null, attempt: null, headroom: null, CancellationToken.None);

        Assert.That(decision, Is.TypeOf<AcceptDecision.Insufficient>());
    }

    [Test]
    public async Task Offline_an_unknown_SKU_is_refused_as_unknown()
    {
        var decision = await Temp.Store.TryAcceptAsync(Temp.Order("u", 1, sku: "NOPE"), plan: null, null, attempt: null, headroom: null, CancellationToken.None);

        Assert.That(((AcceptDecision.Insufficient)decision).Lines.Single().Unknown, Is.True);
    }

    [Test]
    public async Task An_order_in_flight_is_stranded_only_once_its_owners_lease_has_run_out()
    {
        var lease = new AttemptLease("instance-a", Temp.Clock.GetUtcNow() + TimeSpan.FromSeconds(30));
        await Temp.Store.TryAcceptAsync(Temp.Order("in-flight", 1, OrderStatus.Reserving), plan: null, null, lease, headroom: null, CancellationToken.None);

        var whileLive = await Temp.Store.ListStrandedAttemptsAsync(Temp.Clock.GetUtcNow(), includeLive: false, 10, CancellationToken.None);
        var takingAll = await Temp.Store.ListStrandedAttemptsAsync(Temp.Clock.GetUtcNow(), includeLive: true, 10, CancellationToken.None);
        Temp.Clock.Advance(TimeSpan.FromSeconds(31));
        var afterLease = await Temp.Store.ListStrandedAttemptsAsync(Temp.Clock.GetUtcNow(), includeLive: false, 10, CancellationToken.None);

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
        var lease = new AttemptLease("instance-a", Temp.Clock.GetUtcNow() + TimeSpan.FromSeconds(30));
        await Temp.Store.TryAcceptAsync(Temp.Order("flying", 4, OrderStatus.Reserving) with { Path = CapturePath.Online }, plan: null, null, lease, headroom: null, CancellationToken.None);
        await Temp.Store.TryAcceptAsync(Temp.Order("queued", 3), plan: null, null, attempt: null, headroom: null, CancellationToken.None);

        var flying = await Temp.Store.CancelAsync(new CancelRequest("MySite", "flying", "payment_declined", null, Temp.Clock.GetUtcNow()), CancellationToken.None);
        var queued = await Temp.Store.CancelAsync(new CancelRequest("MySite", "queued", "customer", "note", Temp.Clock.GetUtcNow()), CancellationToken.None);
        var again = await Temp.Store.CancelAsync(new CancelRequest("MySite", "queued", "operator", null, Temp.Clock.GetUtcNow()), CancellationToken.None);
        var due = await Temp.Store.DueOutboxAsync(OutboxLane.Pushes, Temp.Clock.GetUtcNow() + TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        var lost = await Temp.Store.CompleteOnlineAsync("MySite", "flying", Temp.Clock.GetUtcNow(), CancellationToken.None);

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
        var blocked = await Temp.Store.CancelAsync(new CancelRequest("MySite", "early", "abandoned", null, Temp.Clock.GetUtcNow(), BlockUnknownNumber: true), CancellationToken.None);
        var plain = await Temp.Store.CancelAsync(new CancelRequest("MySite", "typo", "abandoned", null, Temp.Clock.GetUtcNow()), CancellationToken.None);
        var late = await Temp.Store.TryAcceptAsync(Temp.Order("early", 1), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        var other = await Temp.Store.TryAcceptAsync(Temp.Order("typo", 1), plan: null, null, attempt: null, headroom: null, CancellationToken.None);

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
        await Temp.Store.TryAcceptAsync(Temp.Order("online", 3, OrderStatus.Reserving), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        var pollStartedBefore = Temp.Clock.GetUtcNow();
        Temp.Clock.Advance(TimeSpan.FromSeconds(1));
        await Temp.Store.CompleteOnlineAsync("MySite", "online", Temp.Clock.GetUtcNow(), CancellationToken.None);

        // A delta poll that began before the confirmation does not release the hold …
        await Temp.Store.SetDeltaTokenAsync([List], "token-2", pollStartedBefore, CancellationToken.None);
        var stale = await ViewAsync();
        // … one that began after it does (its data includes the reservation).
        Temp.Clock.Advance(TimeSpan.FromSeconds(1));
        await Temp.Store.ApplyDeltasAsync([new DeltaRecord(TempStore.List, "SKU-1", false, 7, 7, 10, 3)], new PaceObservation(Temp.Clock.GetUtcNow(), TimeSpan.FromHours(1)), CancellationToken.None);
        await Temp.Store.SetDeltaTokenAsync([List], "token-3", Temp.Clock.GetUtcNow(), CancellationToken.None);
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
        await Temp.Store.TryAcceptAsync(Temp.Order("queued", 4), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        Temp.Clock.Advance(TimeSpan.FromHours(5));
        await Temp.Store.SetDeltaTokenAsync([List], "token-2", Temp.Clock.GetUtcNow(), CancellationToken.None);

        Assert.That((await ViewAsync())!.Held, Is.EqualTo(4m));
    }

    [Test]
    public async Task A_staged_generation_is_invisible_until_published()
    {
        var generation = await Temp.Store.NextGenerationAsync(CancellationToken.None);
        await Temp.Store.StageAvailabilityAsync(generation, [new AvailabilityRecord(List, "SKU-1", 99, 99, 99, 0)], CancellationToken.None);
        var before = await ViewAsync();

        await Temp.Store.PublishGenerationAsync([List], generation, "token-9", Temp.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(before!.Ato, Is.EqualTo(10m));
            Assert.That((await ViewAsync())!.Ato, Is.EqualTo(99m));
            Assert.That((await Temp.Store.GetSyncStatesAsync(CancellationToken.None)).Single().DeltaToken, Is.EqualTo("token-9"));
        });
    }

    [Test]
    public async Task Accepted_orders_holds_and_outbox_survive_reopening_the_file()
    {
        var report = new OutboxMessage(OutboxMessage.WorkFile, "MySite", "kept", "work/x.json", "{}");
        await Temp.Store.TryAcceptAsync(Temp.Order("kept", 2), plan: null, report, attempt: null, headroom: null, CancellationToken.None);

        await Temp.ReopenAsync();

        Assert.Multiple(async () =>
        {
            Assert.That((await Temp.Store.GetOrderAsync("MySite", "kept", CancellationToken.None))!.Status, Is.EqualTo(OrderStatus.ReservationMissing));
            Assert.That((await ViewAsync())!.Held, Is.EqualTo(2m));
            Assert.That((await Temp.Store.DueOutboxAsync(OutboxLane.WorkFiles, Temp.Clock.GetUtcNow(), 10, CancellationToken.None)).Single().Message, Is.EqualTo(report));
        });
    }

    [Test]
    public async Task Consistency_facts_see_a_queued_orders_hold_and_its_unwritten_work_file()
    {
        var report = new OutboxMessage(OutboxMessage.WorkFile, "MySite", "queued", "work/offline_MySite_20261123_101500_queued.json", "{}");
        await Temp.Store.TryAcceptAsync(Temp.Order("queued", 2), plan: null, report, attempt: null, headroom: null, CancellationToken.None);
        await Temp.Store.TryAcceptAsync(Temp.Order("online", 1, OrderStatus.Reserving), plan: null, null, attempt: null, headroom: null, CancellationToken.None);

        var facts = await Temp.Store.GetConsistencyFactsAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(facts.QueuedWithOpenHold, Is.EquivalentTo(new[] { ("MySite", "queued") }), "only the queued order, not the one in flight");
            Assert.That(facts.PendingReports, Is.EquivalentTo(new[] { (ReportKind.Offline, "MySite", "queued") }));
            Assert.That(facts.HoldsWithoutOrder, Is.Empty);
        });
    }

    [Test]
    public async Task A_refused_online_order_is_discarded_with_its_holds()
    {
        await Temp.Store.TryAcceptAsync(Temp.Order("refused", 5, OrderStatus.Reserving), plan: null, null, attempt: null, headroom: null, CancellationToken.None);

        await Temp.Store.DiscardReservingAsync("MySite", "refused", cancelAtOci: null, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await Temp.Store.GetOrderAsync("MySite", "refused", CancellationToken.None), Is.Null);
            Assert.That((await ViewAsync())!.Held, Is.Zero);
        });
    }

    [Test]
    public async Task Discard_never_removes_an_order_that_left_Reserving()
    {
        await Temp.Store.TryAcceptAsync(Temp.Order("queued", 5), plan: null, null, attempt: null, headroom: null, CancellationToken.None);

        await Temp.Store.DiscardReservingAsync("MySite", "queued", cancelAtOci: null, CancellationToken.None);

        Assert.That(await Temp.Store.GetOrderAsync("MySite", "queued", CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task A_classified_order_is_never_classified_again()
    {
        await Temp.Store.TryAcceptAsync(Temp.Order("once", 2), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        var first = new OrderCapture.Core.Reconciliation.ReconciledOrder("MySite", "once", OrderStatus.CompletelyReserved, Temp.Clock.GetUtcNow(), [2m], HoldsReplaced: true, []);
        var again = first with { Outcome = OrderStatus.NothingReserved, ReservedPerLine = [0m] };

        var wrote = await Temp.Store.CompleteReconciliationAsync(first, CancellationToken.None);
        var rewrote = await Temp.Store.CompleteReconciliationAsync(again, CancellationToken.None);
        var order = await Temp.Store.GetOrderAsync("MySite", "once", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((wrote, rewrote), Is.EqualTo((true, false)));
            Assert.That(order!.Status, Is.EqualTo(OrderStatus.CompletelyReserved));
            Assert.That(order.Lines.Single().ReservedQuantity, Is.EqualTo(2m));
            Assert.That(order.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Claimed_orders_are_not_claimed_again_until_their_lease_ends_and_none_overtakes_an_older_one_on_the_same_stock()
    {
        await Temp.SeedAsync(10, "SKU-1", "SKU-2");
        foreach (var (orderNo, sku) in new[] { ("c0", "SKU-1"), ("c1", "SKU-1"), ("c2", "SKU-2"), ("c3", "SKU-1") })
        {
            await Temp.Store.TryAcceptAsync(Temp.Order(orderNo, 1, sku: sku), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
            Temp.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var now = Temp.Clock.GetUtcNow();
        var a = await Temp.Store.ClaimReconciliationBatchAsync("a", 2, now, now.AddMinutes(5), null, scope: null, CancellationToken.None);
        var b = await Temp.Store.ClaimReconciliationBatchAsync("b", 10, now, now.AddMinutes(5), null, scope: null, CancellationToken.None);
        var afterLease = await Temp.Store.ClaimReconciliationBatchAsync("b", 10, now.AddMinutes(6), now.AddMinutes(11), null, scope: null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(a.Select(o => o.OrderNo), Is.EqualTo(new[] { "c0", "c1" }), "oldest first");
            Assert.That(b.Select(o => o.OrderNo), Is.EqualTo(new[] { "c2" }), "c3 waits: c0 and c1, older, still wait for SKU-1 elsewhere");
            Assert.That(afterLease.Select(o => o.OrderNo), Is.EqualTo(new[] { "c0", "c1", "c2", "c3" }), "a crashed owner's batch is taken over after the lease");
        });
    }

    [Test]
    public async Task A_claimed_batch_carries_every_order_whole_with_its_lines_in_the_order_they_were_taken()
    {
        await Temp.SeedAsync(10, "SKU-1", "SKU-2", "SKU-3");
        string[][] lines = [["SKU-3", "SKU-1", "SKU-2"], ["SKU-2"], ["SKU-1", "SKU-3"]];
        for (var i = 0; i < lines.Length; i++)
        {
            var order = Temp.Order($"multi-{i}", 1) with { Lines = [.. lines[i].Select((sku, n) => new OrderLine(sku, TempStore.List, PlaceType.Group, n + 1))] };
            await Temp.Store.TryAcceptAsync(order, plan: null, null, attempt: null, headroom: null, CancellationToken.None);
            Temp.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var now = Temp.Clock.GetUtcNow();
        var claimed = await Temp.Store.ClaimReconciliationBatchAsync("a", 10, now, now.AddMinutes(5), null, scope: null, CancellationToken.None);

        // Read by many keys at once: each order keeps its own lines, none lost, none borrowed from another.
        Assert.Multiple(() =>
        {
            Assert.That(claimed.Select(o => o.OrderNo), Is.EqualTo(new[] { "multi-0", "multi-1", "multi-2" }), "oldest first");
            Assert.That(claimed.Select(o => string.Join(",", o.Lines.Select(l => $"{l.Sku}x{l.Quantity}"))),
                Is.EqualTo(new[] { "SKU-3x1,SKU-1x2,SKU-2x3", "SKU-2x1", "SKU-1x1,SKU-3x2" }));
            Assert.That(claimed.Select(o => o.Status), Is.All.EqualTo(OrderStatus.ReservationMissing));
        });
    }

    [Test]
    public async Task Orders_captured_in_the_same_millisecond_beyond_the_claims_limit_do_not_hold_it_up()
    {
        for (var i = 0; i < 3; i++)
        {
            await Temp.Store.TryAcceptAsync(Temp.Order($"same-{i}", 1), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        }

        var now = Temp.Clock.GetUtcNow();
        var first = await Temp.Store.ClaimReconciliationBatchAsync("a", 1, now, now.AddMinutes(5), null, scope: null, CancellationToken.None);

        Assert.That(first.Select(o => o.OrderNo), Is.EqualTo(new[] { "same-0" }), "the oldest by capture time, then number; the two after it are not older");
    }

    [Test]
    public async Task A_claim_for_one_site_does_not_overtake_an_older_order_of_another_site_on_the_same_stock()
    {
        await Temp.Store.TryAcceptAsync(Temp.Order("other-site", 1) with { Site = "OtherSite" }, plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        Temp.Clock.Advance(TimeSpan.FromSeconds(1));
        await Temp.Store.TryAcceptAsync(Temp.Order("mine", 1), plan: null, null, attempt: null, headroom: null, CancellationToken.None);

        var now = Temp.Clock.GetUtcNow();
        var mine = await Temp.Store.ClaimReconciliationBatchAsync("a", 10, now, now.AddMinutes(5), "MySite", scope: null, CancellationToken.None);
        var all = await Temp.Store.ClaimReconciliationBatchAsync("b", 10, now, now.AddMinutes(5), null, scope: null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(mine, Is.Empty, "the other site's order came first for the same stock");
            Assert.That(all.Select(o => o.OrderNo), Is.EqualTo(new[] { "other-site", "mine" }));
        });
    }

    [Test]
    public async Task Connectivity_transitions_and_alerts_are_kept_in_order()
    {
        await Temp.Store.RecordTransitionAsync(new ConnectivityTransition(Temp.Clock.GetUtcNow(), ConnectivityState.Online, ConnectivityState.Offline, "test"), CancellationToken.None);
        var alert = await Temp.Store.AddAlertAsync(new NewAlert(Temp.Clock.GetUtcNow(), AlertSeverity.Critical, "oci_offline", "down"), push: false, CancellationToken.None);
        var acked = await Temp.Store.AckAlertAsync(alert.Id, Temp.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((await Temp.Store.LastTransitionAsync(CancellationToken.None))!.To, Is.EqualTo(ConnectivityState.Offline));
            Assert.That(acked, Is.True);
            Assert.That((await Temp.Store.ListAlertsAsync(null, 10, CancellationToken.None)).Single().AckedAt, Is.Not.Null);
            Assert.That(await Temp.Store.ListAlertsAsync(alert.At, 10, CancellationToken.None), Has.Count.EqualTo(1), "an alert raised at the time asked for is listed");
            Assert.That(await Temp.Store.ListAlertsAsync(alert.At.AddSeconds(1), 10, CancellationToken.None), Is.Empty, "an older alert is not");
        });
    }

    [Test]
    public async Task The_newest_orders_of_a_status_come_newest_first_with_their_lines_capped_and_more_said()
    {
        await Temp.SeedAsync(1000, "SKU-1", "SKU-2", "SKU-3");
        for (var i = 0; i < 5; i++)
        {
            var order = Temp.Order($"new-{i}", 1) with
            {
                Lines = [.. Enumerable.Range(1, 3).Select(k => new OrderLine($"SKU-{k}", TempStore.List, PlaceType.Group, k))],
            };
            Assert.That(await Temp.Store.TryAcceptAsync(order, plan: null, null, attempt: null, headroom: null, CancellationToken.None), Is.TypeOf<AcceptDecision.Accepted>());
            // SKU-1 reserved in full, SKU-2 and SKU-3 short: two short lines.
            Assert.That(await Temp.Store.CompleteReconciliationAsync(new Core.Reconciliation.ReconciledOrder("MySite", order.OrderNo, OrderStatus.PartiallyReserved,
                Temp.Clock.GetUtcNow(), [1m, 1m, 0m], HoldsReplaced: true, []), CancellationToken.None), Is.True);
            Temp.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var newest = await Temp.Store.ListNewestAsync(OrderStatus.PartiallyReserved, 2, 1, shortLinesOnly: true, CancellationToken.None);
        var heads = await Temp.Store.ListNewestAsync(OrderStatus.PartiallyReserved, 10, 0, shortLinesOnly: false, CancellationToken.None);
        var all = await Temp.Store.ListNewestAsync(OrderStatus.PartiallyReserved, 1, 10, shortLinesOnly: false, CancellationToken.None);
        var none = await Temp.Store.ListNewestAsync(OrderStatus.Cancelled, 10, 10, shortLinesOnly: false, CancellationToken.None);
        var counted = await Temp.Store.CountAsync(OrderStatus.PartiallyReserved, CancellationToken.None);
        var noneCounted = await Temp.Store.CountAsync(OrderStatus.Cancelled, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(newest.Select(e => e.Order.OrderNo), Is.EqualTo(new[] { "new-4", "new-3" }), "newest first, no more than asked");
            Assert.That(newest.Select(e => e.Order.Lines.Single().Sku), Has.All.EqualTo("SKU-2"), "the first short line; SKU-1 was reserved in full");
            Assert.That(newest.Select(e => e.MoreLines), Has.All.True, "SKU-3 is short too: there is more");
            Assert.That(heads.Select(e => e.Order.OrderNo), Is.EqualTo(new[] { "new-4", "new-3", "new-2", "new-1", "new-0" }));
            Assert.That(heads.Select(e => e.Order.Lines.Count), Has.All.Zero, "no lines asked, none read");
            Assert.That(all.Single().Order.Lines.Select(l => l.Sku), Is.EqualTo(new[] { "SKU-1", "SKU-2", "SKU-3" }));
            Assert.That(all.Single().Order.Lines.Select(l => l.ReservedQuantity), Is.EqualTo(new decimal?[] { 1m, 1m, 0m }));
            Assert.That(all.Single().MoreLines, Is.False);
            Assert.That(none, Is.Empty);
            Assert.That(counted, Is.EqualTo(5));
            Assert.That(noneCounted, Is.Zero);
        });
    }
}
