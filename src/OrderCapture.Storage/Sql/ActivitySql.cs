namespace OrderCapture.Storage;

/// <summary>The status page's minutes (<see cref="IActivityLog"/>) and the consistency check's marks (<see cref="ICheckMarkStore"/>).</summary>
internal static class ActivitySql
{
    /// <summary>
    /// A minute's increments into its row (@m, @on, @off, @ref, @rec, @q, @st): counts add up; the
    /// queue depth and OCI state keep the worst of the minute, so a short outage stays drawn.
    /// </summary>
    public const string Record =
        """
        INSERT INTO activity(minute, online, offline, refused, reconciled, queue_depth, oci_state) VALUES (@m, @on, @off, @ref, @rec, @q, @st)
        ON CONFLICT(minute) DO UPDATE SET online = activity.online + excluded.online, offline = activity.offline + excluded.offline,
            refused = activity.refused + excluded.refused, reconciled = activity.reconciled + excluded.reconciled,
            queue_depth = CASE WHEN excluded.queue_depth > activity.queue_depth THEN excluded.queue_depth ELSE activity.queue_depth END,
            oci_state = CASE WHEN (CASE excluded.oci_state WHEN 'offline' THEN 2 WHEN 'recovering' THEN 1 ELSE 0 END)
                                > (CASE activity.oci_state WHEN 'offline' THEN 2 WHEN 'recovering' THEN 1 ELSE 0 END)
                             THEN excluded.oci_state ELSE activity.oci_state END
        """;

    /// <summary>@before.</summary>
    public const string Prune = "DELETE FROM activity WHERE minute < @before";

    /// <summary>@since; rows for <see cref="StoreRows.Activity"/>.</summary>
    public const string List = "SELECT minute, online, offline, refused, reconciled, queue_depth, oci_state FROM activity WHERE minute >= @since ORDER BY minute";

    /// <summary>@n.</summary>
    public const string GetCheckMark = "SELECT mark FROM check_marks WHERE name = @n";

    /// <summary>@n, @m.</summary>
    public const string SetCheckMark = "INSERT INTO check_marks(name, mark) VALUES (@n, @m) ON CONFLICT(name) DO UPDATE SET mark = excluded.mark";
}
