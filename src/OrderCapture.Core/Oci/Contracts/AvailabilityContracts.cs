using System.Text.Json.Serialization;

namespace OrderCapture.Core.Oci.Contracts;

/// <summary>Whether an inventory list is an OCI location group or a single location.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlaceType>))]
public enum PlaceType
{
    Group,
    Location,
}

/// <summary>A place OCI keeps availability for.</summary>
public readonly record struct PlaceRef(PlaceType Type, string Id)
{
    public override string ToString() => $"{Type.ToString().ToLowerInvariant()}:{Id}";
}

public sealed record AvailabilityRequest(IReadOnlyList<string> Skus, IReadOnlyList<string> Groups, IReadOnlyList<string> Locations);

// Collections absent or null in a hostile answer read as empty, never as null.
public sealed record AvailabilityResponse
{
    public IReadOnlyList<AvailabilityPlace> Groups { get => field ?? []; init; } = [];
    public IReadOnlyList<AvailabilityPlace> Locations { get => field ?? []; init; } = [];
}

public sealed record AvailabilityPlace
{
    public required string Id { get; init; }
    public IReadOnlyList<AvailabilityFigures> Records { get => field ?? []; init; } = [];
}

public sealed record FutureStock(decimal Quantity, DateTimeOffset? ExpectedDate);

/// <summary>The figures OCI returns for one SKU at one place.</summary>
public sealed record AvailabilityFigures
{
    public required string Sku { get; init; }
    public decimal Ato { get; init; }
    public decimal Atf { get; init; }
    public decimal OnHand { get; init; }
    public decimal Reserved { get; init; }
    public decimal SafetyStockCount { get; init; }
    public DateTimeOffset? EffectiveDate { get; init; }
    public IReadOnlyList<FutureStock>? Futures { get; init; }
}

/// <summary>Availability of one SKU at one place, as the worker uses it.</summary>
public sealed record AvailabilityRecord(PlaceRef Place, string Sku, decimal Ato, decimal Atf, decimal OnHand, decimal Reserved);

public sealed record DeltaRequest(string DeltaToken);

public sealed record DeltaResponse
{
    public string? NextDeltaToken { get; init; }
    public bool ShouldQueryAgain { get; init; }
    public IReadOnlyList<DeltaRecordContract> Records { get => field ?? []; init; } = [];
}

public sealed record DeltaRecordContract
{
    public required string Id { get; init; }
    public required string Sku { get; init; }
    public string DeltaType { get; init; } = "Change";
    public decimal Ato { get; init; }
    public decimal Atf { get; init; }
    public decimal OnHand { get; init; }
    public decimal Reserved { get; init; }
    public decimal SafetyStockCount { get; init; }
    public DateTimeOffset? EffectiveDate { get; init; }
    public IReadOnlyList<FutureStock>? Futures { get; init; }
}

/// <summary>
/// One change from the delta feed. The feed names places by id only, so the caller resolves
/// the id against the places it follows.
/// </summary>
public sealed record DeltaRecord(string PlaceId, string Sku, bool IsDelete, decimal Ato, decimal Atf, decimal OnHand, decimal Reserved);
