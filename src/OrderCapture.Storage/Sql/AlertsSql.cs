namespace OrderCapture.Storage;

/// <summary>The alert feed and the connectivity log (<see cref="IAlertStore"/>, <see cref="IConnectivityLog"/>).</summary>
internal static class AlertsSql
{
    /// <summary>@at, @sev, @k, @m, @s, @o; answers the new id.</summary>
    public const string Add =
        "INSERT INTO alerts(at, severity, kind, message, site, order_no) VALUES (@at, @sev, @k, @m, @s, @o) RETURNING id";

    /// <summary>Newest first; @since (null: all), @n. Rows for <see cref="StoreRows.Alert"/>.</summary>
    public const string List =
        "SELECT id, at, severity, kind, message, site, order_no, acked_at FROM alerts WHERE (CAST(@since AS BIGINT) IS NULL OR at >= @since) ORDER BY id DESC LIMIT @n";

    /// <summary>One order's alerts, oldest first: @s, @o.</summary>
    public const string OfOrder = "SELECT id, at, severity, kind, message, site, order_no, acked_at FROM alerts WHERE site = @s AND order_no = @o ORDER BY id";

    /// <summary>@at, @id; an alert acknowledged before keeps its first time.</summary>
    public const string Ack = "UPDATE alerts SET acked_at = COALESCE(acked_at, @at) WHERE id = @id";

    /// <summary>@at, @f, @t, @r.</summary>
    public const string RecordTransition = "INSERT INTO connectivity(at, from_state, to_state, reason) VALUES (@at, @f, @t, @r)";

    /// <summary>A row for <see cref="StoreRows.Transition"/>, or none.</summary>
    public const string LastTransition = "SELECT at, from_state, to_state, reason FROM connectivity ORDER BY id DESC LIMIT 1";
}
