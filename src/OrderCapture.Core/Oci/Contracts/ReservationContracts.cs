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
    public bool Success { get; init; }
    public IReadOnlyList<ReservationPlaceResponse> Groups { get; init; } = [];
    public IReadOnlyList<ReservationPlaceResponse> Locations { get; init; } = [];

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
