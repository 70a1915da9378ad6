using System.Globalization;
using System.Text.Json;

namespace OrderCapture.OciSimulator.State;

/// <summary>
/// The reservations export's NDJSON (OCI-CONTRACT.md "the reservations export"): one document per
/// line with its details per SKU and place and the actions behind them. A detail's quantity is
/// what the document holds now (0 once cancelled); <c>Reserved</c> and <c>Cancelled</c> actions
/// say what happened when. Times are epoch milliseconds: a number on the document, a string in
/// actions, as the vendor's example has them.
/// </summary>
public static class ReservationExportFile
{
    /// <summary>Takes the snapshot now (open or closed documents reserved between the two times) and answers the writer of its file.</summary>
    public static Func<TextWriter, Task<long>> Of(SimulatorState state, DateTimeOffset from, DateTimeOffset to, bool open)
    {
        var documents = state.ReservationsBetween(from, to, open);
        return async writer =>
        {
            foreach (var document in documents)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(Line(document), SimulatorJson.Options)).ConfigureAwait(false);
            }

            return documents.Count;
        };
    }

    private static Dictionary<string, object?> Line(SimReservation document) => new()
    {
        ["reservationId"] = document.Id,
        ["externalRefId"] = document.ExternalRefId,
        ["reservationTime"] = document.ReservationTime.ToUnixTimeMilliseconds(),
        ["reservationState"] = document.Cancelled ? "CLOSED" : "OPEN",
        ["reservationDetails"] = document.Reserved
            .GroupBy(r => (r.Place, r.Sku))
            .Select(g => Detail(document, g.Key.Place, g.Key.Sku, g.Sum(r => r.Quantity)))
            .ToList(),
    };

    private static Dictionary<string, object?> Detail(SimReservation document, SimPlace place, string sku, decimal quantity)
    {
        var placeKey = place.Type == SimPlaceType.Group ? "group" : "location";
        var actions = new List<Dictionary<string, object?>> { Action(document, "Reserved", quantity, document.ReservedAt, placeKey, place.Id) };
        if (document.CancelledAt is { } cancelledAt)
        {
            actions.Add(Action(document, "Cancelled", quantity, cancelledAt, placeKey, place.Id));
        }

        return new()
        {
            [placeKey] = place.Id,
            ["sku"] = sku,
            ["quantity"] = document.Cancelled ? 0 : quantity,
            ["reservationDetailActions"] = actions,
        };
    }

    private static Dictionary<string, object?> Action(SimReservation document, string action, decimal quantity, DateTimeOffset at, string placeKey, string placeId) => new()
    {
        ["requestId"] = $"{document.Id}-{action.ToLowerInvariant()}",
        ["quantity"] = quantity,
        ["action"] = action,
        [placeKey] = placeId,
        ["timestamp"] = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
    };
}
