namespace OrderCapture.Storage;

/// <summary>Claiming queued orders and recording what OCI answered (<see cref="IReconciliationStore"/>).</summary>
internal static class ReconciliationSql
{
    /// <summary>
    /// The oldest queued orders a claim may take (no live lease, of @s when given): @now, @s, @n. Names
    /// sort bytewise (<paramref name="bytewise"/>: the dialect's name for that collation), as
    /// <see cref="Core.Reconciliation.FirstComeFirstServed.ClaimKey"/> does. The claim takes them only as
    /// far as <see cref="Core.Reconciliation.FirstComeFirstServed.Claimable"/> allows.
    /// </summary>
    public static string ClaimCandidates(string bytewise) =>
        $"""
        SELECT site, order_no FROM orders
        WHERE status = 'ReservationMissing' AND (lease_until IS NULL OR lease_until < @now) AND (CAST(@s AS TEXT) IS NULL OR site = @s)
        ORDER BY captured_at, site COLLATE {bytewise}, order_no COLLATE {bytewise} LIMIT @n
        """;

    /// <summary>
    /// Queued orders captured no later than the newest candidate (@last), with whether this claim could
    /// take them (@now, @s as in <see cref="ClaimCandidates"/>): those it could not (leased to another
    /// run, of another site) and, on PostgreSQL, those another instance's claim has locked (claimable,
    /// yet before the newest candidate and not among the candidates) are the orders the candidates must
    /// not overtake. Read from the status index.
    /// </summary>
    public const string QueuedUpTo =
        """
        SELECT site, order_no, captured_at,
            CASE WHEN (lease_until IS NULL OR lease_until < @now) AND (CAST(@s AS TEXT) IS NULL OR site = @s) THEN 1 ELSE 0 END AS claimable
        FROM orders WHERE status = 'ReservationMissing' AND captured_at <= @last
        """;

    /// <summary>The orders whose keys <paramref name="keys"/> (a relation k(site, order_no)) holds, taken by @w until @until.</summary>
    public static string Claim(string keys) =>
        $"UPDATE orders SET claimed_by = @w, lease_until = @until FROM {keys} WHERE orders.site = k.site AND orders.order_no = k.order_no";

    /// <summary>Forward only: an order that already left @from is never classified again. @st, @at, @s, @o, @from.</summary>
    public const string Classify =
        """
        UPDATE orders SET status = @st, reconciled_at = @at, attempts = attempts + 1, claimed_by = NULL, lease_until = NULL
        WHERE site = @s AND order_no = @o AND status = @from
        """;

    /// <summary>@r, @s, @o, @n.</summary>
    public const string LineReserved = "UPDATE order_lines SET reserved = @r WHERE site = @s AND order_no = @o AND line_no = @n";

    /// <summary>
    /// An attempt that ended without OCI's answer: one more attempt, and the claim (claimed_by, so a
    /// cancel knows a PUT was sent) kept until the abandoned PUT can no longer land. @s, @o, @until.
    /// </summary>
    public const string RecordStillOffline =
        "UPDATE orders SET attempts = attempts + 1, lease_until = @until WHERE site = @s AND order_no = @o AND status = 'ReservationMissing'";

    /// <summary>
    /// A run's claims on orders still queued end when a PUT it abandoned can no longer land; claimed_by
    /// stays (CancelRules.MayHaveDocument). @w, @until.
    /// </summary>
    public const string ReleaseClaims =
        "UPDATE orders SET lease_until = @until WHERE claimed_by = @w AND lease_until IS NOT NULL AND status = 'ReservationMissing'";
}
