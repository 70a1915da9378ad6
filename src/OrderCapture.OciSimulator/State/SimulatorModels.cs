namespace OrderCapture.OciSimulator.State;

/// <summary>Body of <c>PUT /_sim/inventory</c> and of a <c>--seed</c> file.</summary>
public sealed record InventorySeed
{
    public IReadOnlyList<SeedLocation> Locations { get; init; } = [];
    public IReadOnlyList<SeedGroup> Groups { get; init; } = [];
}

public sealed record SeedLocation(string Id, IReadOnlyList<SeedRecord> Records);

public sealed record SeedGroup(string Id, IReadOnlyList<string> Locations);

public sealed record SeedRecord(string Sku, decimal OnHand, decimal? SafetyStockCount = null, IReadOnlyList<SimFuture>? Futures = null);

public sealed record SimFuture(decimal Quantity, DateTimeOffset? ExpectedDate);

/// <summary>Figures of one SKU at one place. ATO counts futures; ATF does not; neither goes below zero.</summary>
public sealed record SimFigures(decimal OnHand, decimal Reserved, decimal SafetyStockCount, IReadOnlyList<SimFuture> Futures, decimal GroupReserved, decimal SharedGroupReserved = 0)
{
    public decimal Atf => Math.Max(0, OnHand - Reserved - SafetyStockCount);

    public decimal Ato => Math.Max(0, OnHand + Futures.Sum(f => f.Quantity) - Reserved - SafetyStockCount);
}

/// <summary>Mutable stock of one SKU at one location.</summary>
internal sealed class StockRecord
{
    public decimal OnHand { get; set; }

    public decimal Reserved { get; set; }

    public decimal SafetyStockCount { get; set; }

    public List<SimFuture> Futures { get; init; } = [];
}

public enum SimPlaceType
{
    Group,
    Location,
}

public readonly record struct SimPlace(SimPlaceType Type, string Id);

/// <summary>
/// A reservation document as the simulator keeps it, with the exact first answer for replays.
/// <paramref name="Reserved"/> is what it holds now (what a planted change made it, too);
/// <paramref name="ReservedAt"/> and <paramref name="CancelledAt"/> are when the reservations
/// export says the actions happened; <paramref name="ReservationTime"/> is what its date filter reads.
/// </summary>
public sealed record SimReservation(
    string Id,
    string RequestJson,
    string ResponseJson,
    IReadOnlyList<(SimPlace Place, string Sku, decimal Quantity)> Reserved,
    bool Cancelled,
    string? ExternalRefId = null,
    DateTimeOffset ReservationTime = default,
    DateTimeOffset ReservedAt = default,
    DateTimeOffset? CancelledAt = null);

/// <summary>Fault injected in front of every OCI endpoint (never the /_sim/ control API).</summary>
public enum FaultMode
{
    None,
    Drop,
    Error503,
    Hang,
    Latency,
    RateLimit,
    Malformed,

    /// <summary>Answer 200 with <c>Body</c> and <c>ContentType</c> of the fault's choosing: hostile answers.</summary>
    Answer,

    /// <summary>A valid-looking answer sent one byte every <c>Latency</c>.</summary>
    Drip,

    /// <summary>The request is carried out, then the connection drops before the answer: what a timeout after OCI acted looks like.</summary>
    LostAnswer,
}

/// <summary>
/// A fault. With <paramref name="Count"/> it hits only that many OCI requests and then clears
/// itself; with <paramref name="After"/> it lets that many requests through first.
/// </summary>
public sealed record FaultSettings(FaultMode Mode, TimeSpan Latency, int RequestsPerSecond, int? Count = null, int After = 0, string? Body = null, string? ContentType = null)
{
    public static FaultSettings None { get; } = new(FaultMode.None, TimeSpan.Zero, 0);
}
