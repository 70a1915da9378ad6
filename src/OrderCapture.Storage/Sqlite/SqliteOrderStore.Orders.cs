using Microsoft.Data.Sqlite;
using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Places;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    public async Task<AcceptDecision> TryAcceptAsync(Order order, HoldPlan? plan, OutboxMessage? offlineReport, AttemptLease? attempt, OfflineHeadroomOptions? headroom, CancellationToken cancellationToken)
    {
        plan ??= HoldPlan.LinesOnly(order);
        var decision = await WriteAsync((c, tx) =>
        {
            if (ReadOrder(c, tx, order.Site, order.OrderNo) is { } existing)
            {
                return new AcceptDecision.Duplicate(existing);
            }

            var shortLines = new List<ShortLine>();
            foreach (var need in plan.Checks)
            {
                var view = ReadAvailability(c, tx, need.ListId, need.Sku);
                if (AcceptRule.ShortOf(order, need.ListId, need.Sku, need.Quantity, view, () => IsSynced(c, tx, need.ListId), headroom) is { } shortLine)
                {
                    shortLines.Add(shortLine);
                }
            }

            if (shortLines.Count > 0)
            {
                return new AcceptDecision.Insufficient(shortLines);
            }

            InsertOrder(c, tx, order, attempt);
            foreach (var hold in plan.Holds)
            {
                Execute(c, tx, OrdersSql.InsertHold, ("@s", order.Site), ("@o", order.OrderNo), ("@l", hold.ListId), ("@k", hold.Sku), ("@q", ToMilli(hold.Quantity)));
            }

            if (offlineReport is not null)
            {
                InsertOutbox(c, tx, offlineReport, order.CapturedAt);
            }

            return (AcceptDecision)new AcceptDecision.Accepted(order);
        }, cancellationToken).ConfigureAwait(false);
        if (offlineReport is not null && decision is AcceptDecision.Accepted)
        {
            OutboxSignal.Notify(offlineReport.Lane);
        }

        return decision;
    }

    private static void InsertOrder(SqliteConnection c, SqliteTransaction tx, Order order, AttemptLease? attempt)
    {
        Execute(c, tx, OrdersSql.Insert,
            ("@s", order.Site), ("@o", order.OrderNo), ("@st", order.Status.ToString()), ("@at", ToUnixMs(order.CapturedAt)), ("@p", order.Path.ToString()),
            ("@w", attempt?.Owner), ("@until", attempt is null ? null : ToUnixMs(attempt.Until)));
        using var insertLine = Command(c, tx, OrdersSql.InsertLine, ("@s", order.Site), ("@o", order.OrderNo), ("@n", 0), ("@k", ""), ("@l", ""), ("@p", ""), ("@q", 0L));
        for (var i = 0; i < order.Lines.Count; i++)
        {
            var line = order.Lines[i];
            insertLine.Parameters["@n"].Value = i;
            insertLine.Parameters["@k"].Value = line.Sku;
            insertLine.Parameters["@l"].Value = line.InventoryListId;
            insertLine.Parameters["@p"].Value = line.PlaceType.ToString();
            insertLine.Parameters["@q"].Value = ToMilli(line.Quantity);
            insertLine.ExecuteNonQuery();
        }
    }

    /// <summary>The accepting transaction's duplicate check, synchronous inside the writer's batch.</summary>
    private static Order? ReadOrder(SqliteConnection c, SqliteTransaction tx, string site, string orderNo)
    {
        using var head = Command(c, tx, OrdersSql.ReadHead, ("@s", site), ("@o", orderNo));
        using var reader = head.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var lines = new List<OrderLine>();
        using var query = Command(c, tx, OrdersSql.ReadLines, ("@s", site), ("@o", orderNo));
        using var rows = query.ExecuteReader();
        while (rows.Read())
        {
            lines.Add(StoreRows.OrderLine(rows));
        }

        return StoreRows.OrderHead(reader) with { Lines = lines };
    }
}
