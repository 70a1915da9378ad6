using System.Globalization;
using System.Text.Json;
using OrderCapture.Core.Oci.Contracts;

namespace OrderCapture.Oci;

/// <summary>
/// Reads a verified reservations export: one document per line. Lenient where the vendor's own
/// example is (epoch milliseconds as a number or a string, the state in any case), strict where a
/// wrong reading would produce a false finding (a line without an id, a detail without its place,
/// SKU or quantity makes the whole export unusable).
/// </summary>
internal static class ReservationExportReader
{
    public static async Task<OciResult<long>> ReadAsync(
        string path,
        Func<IReadOnlyList<ReservationDocument>, CancellationToken, ValueTask> onBatch,
        CancellationToken cancellationToken)
    {
        var batch = new List<ReservationDocument>(OciClient.ReservationExportBatchSize);
        long count = 0;
        await foreach (var (lineNo, text) in NdjsonLines.ReadAsync(path, cancellationToken).ConfigureAwait(false))
        {
            ReservationDocument? document;
            try
            {
                using var json = JsonDocument.Parse(text);
                document = Document(json.RootElement);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                document = null;
            }

            if (document is null)
            {
                return new OciResult<long>.Outage($"malformed reservations export line {lineNo}");
            }

            batch.Add(document);
            count++;
            if (batch.Count == OciClient.ReservationExportBatchSize)
            {
                await onBatch(batch, cancellationToken).ConfigureAwait(false);
                batch = new List<ReservationDocument>(OciClient.ReservationExportBatchSize);
            }
        }

        if (batch.Count > 0)
        {
            await onBatch(batch, cancellationToken).ConfigureAwait(false);
        }

        return new OciResult<long>.Success(count);
    }

    private static ReservationDocument? Document(JsonElement line)
    {
        if (line.ValueKind != JsonValueKind.Object || String(line, "reservationId") is not { Length: > 0 } id)
        {
            return null;
        }

        var state = String(line, "reservationState")?.ToUpperInvariant();
        if (state is not ("OPEN" or "CLOSED"))
        {
            return null;
        }

        var lines = new List<ReservationDocumentLine>();
        if (line.TryGetProperty("reservationDetails", out var details) && details.ValueKind == JsonValueKind.Array)
        {
            foreach (var detail in details.EnumerateArray())
            {
                if (Line(detail) is not { } parsed)
                {
                    return null;
                }

                lines.Add(parsed);
            }
        }

        return new ReservationDocument(
            id,
            String(line, "externalRefId"),
            EpochMilliseconds(line, "reservationTime"),
            state == "OPEN" ? ReservationDocumentState.Open : ReservationDocumentState.Closed,
            lines);
    }

    private static ReservationDocumentLine? Line(JsonElement detail)
    {
        PlaceRef? place = String(detail, "group") is { Length: > 0 } group ? new PlaceRef(PlaceType.Group, group)
            : String(detail, "location") is { Length: > 0 } location ? new PlaceRef(PlaceType.Location, location)
            : null;
        if (place is null || String(detail, "sku") is not { Length: > 0 } sku
            || !detail.TryGetProperty("quantity", out var quantity) || quantity.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        // What left the document through fulfilment or a move was reserved for the order all the same.
        decimal fulfilled = 0;
        if (detail.TryGetProperty("reservationDetailActions", out var actions) && actions.ValueKind == JsonValueKind.Array)
        {
            fulfilled = actions.EnumerateArray()
                .Where(a => String(a, "action") is { } action && (action.Equals("Fulfilled", StringComparison.OrdinalIgnoreCase) || action.Equals("Moved", StringComparison.OrdinalIgnoreCase)))
                .Sum(a => a.TryGetProperty("quantity", out var q) && q.ValueKind == JsonValueKind.Number ? q.GetDecimal() : 0);
        }

        return new ReservationDocumentLine(place.Value, sku, quantity.GetDecimal(), fulfilled);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? EpochMilliseconds(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        long? ms = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
        return ms is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null;
    }
}
