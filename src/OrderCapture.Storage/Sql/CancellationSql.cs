namespace OrderCapture.Storage;

/// <summary>Cancelling orders (<see cref="ICancellationStore"/>).</summary>
internal static class CancellationSql
{
    /// <summary>An order's online attempt, if any: its lease (0: none) and whether a PUT was sent. @s, @o.</summary>
    public const string Attempt =
        "SELECT COALESCE(lease_until, 0) AS lease_until, claimed_by IS NOT NULL AS claimed FROM orders WHERE site = @s AND order_no = @o";

    /// <summary>@r, @n, @at, @oc, @s, @o: the order cancelled, its claim and lease dropped.</summary>
    public const string Cancel =
        """
        UPDATE orders SET status = 'Cancelled', cancel_reason = @r, cancel_note = @n, cancelled_at = @at, oci_cancel = @oc,
            claimed_by = NULL, lease_until = NULL
        WHERE site = @s AND order_no = @o
        """;

    /// <summary>A cancelled order with no lines: the number is taken, nothing is held. @s, @o, @at, @r, @n; no row when the number exists.</summary>
    public const string BlockNumber =
        """
        INSERT INTO orders(site, order_no, status, captured_at, attempts, path, cancel_reason, cancel_note, cancelled_at, oci_cancel)
        VALUES (@s, @o, 'Cancelled', @at, 0, 'Offline', @r, @n, @at, 'NotNeeded') ON CONFLICT DO NOTHING
        """;

    /// <summary>@s, @o.</summary>
    public const string QueueOciCancel = "UPDATE orders SET oci_cancel = 'Pending' WHERE site = @s AND order_no = @o AND status = 'Cancelled'";
}
