using System.Globalization;

namespace OrderCapture.Core.Oci.Contracts;

/// <summary>Whether a reservation document still holds stock (OPEN) or no longer can (CLOSED: cancelled, released or fulfilled).</summary>
public enum ReservationDocumentState
{
    Open,
    Closed,
}

/// <summary>What to export: open or closed documents whose reservation time lies in [<paramref name="FromDate"/>, <paramref name="ToDate"/>] (default now).</summary>
public sealed record ReservationExportQuery(ReservationDocumentState State, DateTimeOffset FromDate, DateTimeOffset? ToDate = null);

/// <summary>The body of <c>POST /reservations/exports</c>; dates as the contract writes them (UTC, seconds, "Z").</summary>
public sealed record ReservationExportRequest(string Status, string FromDate, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? ToDate)
{
    public static ReservationExportRequest From(ReservationExportQuery query) => new(
        query.State == ReservationDocumentState.Open ? "open" : "closed",
        Utc(query.FromDate),
        query.ToDate is { } to ? Utc(to) : null);

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>One SKU at one place of a document: what it holds now, and what left it through fulfilment or a move.</summary>
public sealed record ReservationDocumentLine(PlaceRef Place, string Sku, decimal Quantity, decimal FulfilledQuantity);

/// <summary>One reservation document as the export lists it.</summary>
public sealed record ReservationDocument(
    string ReservationId,
    string? ExternalRefId,
    DateTimeOffset? ReservationTime,
    ReservationDocumentState State,
    IReadOnlyList<ReservationDocumentLine> Lines);

/// <summary>An export still running: for a progress line.</summary>
public sealed record ExportProgress(string ExportId, string Status, long RecordsProcessed, TimeSpan Elapsed);

/// <summary>
/// A verified reservations export read to the end: how many documents were handed over, and
/// whether OCI confirmed the export's deletion afterwards (an export left behind expires on its own).
/// </summary>
public sealed record ReservationExportResult(long DocumentCount, bool Deleted);
