using System.Text.Json.Serialization;

namespace OrderCapture.Core.Oci.Contracts;

/// <summary>Body of <c>PUT /reservation-documents/{id}</c>; field names are the contract's.</summary>
public sealed record ReservationRequest
{
    public string? ExternalRefId { get; init; }
    public bool AllowPartialReservations { get; init; } = true;
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ExpirationSeconds { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ReservationTime { get; init; }
    public IReadOnlyList<ReservationPlaceRequest> Groups { get; init; } = [];
    public IReadOnlyList<ReservationPlaceRequest> Locations { get; init; } = [];
}

public sealed record ReservationPlaceRequest(string Id, IReadOnlyList<ReservationLineRequest> Reservations);

public sealed record ReservationLineRequest(string Sku, decimal Quantity);

/// <summary>200 answer of a reservation PUT.</summary>
public sealed record ReservationResponse
{
    public DateTimeOffset? ReservationTime { get; init; }
    public DateTimeOffset? ExpirationTime { get; init; }

    /// <summary>Whether every line was reserved in full. An answer without it is not an answer (see <see cref="Problem"/>).</summary>
    [JsonRequired]
    public bool Success { get; init; }
    // Absent or null in a hostile answer reads as empty, never as null.
    public IReadOnlyList<ReservationPlaceResponse> Groups { get => field ?? []; init; } = [];
    public IReadOnlyList<ReservationPlaceResponse> Locations { get => field ?? []; init; } = [];

    /// <summary>
    /// Why this answer cannot be trusted for <paramref name="request"/>, or null: a negative
    /// quantity, or a place asked about that the answer does not mention.
    /// </summary>
    public string? Problem(ReservationRequest request)
    {
        var places = Groups.Concat(Locations).ToList();
        if (places.SelectMany(p => p.Details ?? []).Any(d => d.Quantity < 0))
        {
            return "negative reserved quantity";
        }

        var answered = places.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        return request.Groups.Concat(request.Locations).FirstOrDefault(p => !answered.Contains(p.Id)) is { } missing
            ? $"no answer for place {missing.Id}"
            : null;
    }

    /// <summary>
    /// Lines OCI answered <c>Unknown</c> (the SKU is not known at that place: a data problem, not a
    /// shortage, OCI-CONTRACT.md), as (place, SKU). Any case of the code.
    /// </summary>
    public IReadOnlyList<(string PlaceId, string Sku)> UnknownSkus() =>
        [.. Groups.Concat(Locations).SelectMany(p => (p.Errors ?? []).Where(e => string.Equals(e.ErrorCode, "Unknown", StringComparison.OrdinalIgnoreCase)).Select(e => (p.Id, e.Sku)))];

    /// <summary>Quantity OCI reports as reserved for a SKU at a place (0 when absent).</summary>
    public decimal ReservedQuantity(string placeId, string sku)
    {
        var places = Groups.Concat(Locations).Where(p => p.Id == placeId);
        return places.SelectMany(p => p.Details ?? []).Where(d => d.Sku == sku).Sum(d => d.Quantity);
    }
}

public sealed record ReservationPlaceResponse
{
    public required string Id { get; init; }
    public IReadOnlyList<ReservationDetail>? Details { get; init; }
    public IReadOnlyList<ReservationLineError>? Errors { get; init; }
}

public sealed record ReservationDetail(string Sku, decimal Quantity);

public sealed record ReservationLineError(string Sku, string ErrorCode);

public sealed record CancelReservationRequest(string Status);

/// <summary>How a cancel was taken: at once (204) or later (202).</summary>
public enum CancelOutcome
{
    Cancelled,
    Accepted,
}

public sealed record ReleaseRequest(IReadOnlyList<ReleaseRecord> Records);

public sealed record ReleaseRecord
{
    public required string Id { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Group { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Location { get; init; }
    public required string Sku { get; init; }
    public decimal Quantity { get; init; }
}

public sealed record ReleaseResponse(IReadOnlyList<ReleaseError>? Errors);

public sealed record ReleaseError(string? ErrorCode, string? Message);
