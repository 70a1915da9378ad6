using System.Data.Common;
using OrderCapture.Core.Oci.Contracts;
using static OrderCapture.Core.Storage.Quantities;

namespace OrderCapture.Core.Storage;

/// <summary>
/// Rows to records, for both stores: their tables have the same columns, and each query below
/// selects them in the order given here.
/// </summary>
internal static class StoreRows
{
    /// <summary>id, at, severity, kind, message, site, order_no, acked_at.</summary>
    public static Alert Alert(DbDataReader r) => new(r.GetInt64(0), FromUnixMs(r.GetInt64(1)), Enum.Parse<AlertSeverity>(r.GetString(2)), r.GetString(3), r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : FromUnixMs(r.GetInt64(7)));

    /// <summary>at, from_state, to_state, reason.</summary>
    public static ConnectivityTransition Transition(DbDataReader r) =>
        new(FromUnixMs(r.GetInt64(0)), Enum.Parse<ConnectivityState>(r.GetString(1)), Enum.Parse<ConnectivityState>(r.GetString(2)), r.GetString(3));

    /// <summary>list_id, place_type, generation, delta_token, fetched_at.</summary>
    public static ListSyncState SyncState(DbDataReader r) => new(r.GetString(0), Enum.Parse<PlaceType>(r.GetString(1)), r.GetInt64(2),
        r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : FromUnixMs(r.GetInt64(4)));

    /// <summary>id, kind, site, order_no, target, payload, attempts, created_at.</summary>
    public static OutboxItem OutboxItem(DbDataReader r) => new(
        r.GetInt64(0), new OutboxMessage(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)), r.GetInt32(6), FromUnixMs(r.GetInt64(7)));
}
