using System.Text.Json.Serialization;

namespace OrderCapture.Core.Oci.Contracts;

public sealed record ExportRequest(ExportObjects Objects);

public sealed record ExportObjects
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Groups { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Locations { get; init; }
}

public sealed record ExportInitiated(string ExportId, string? ExportStatusLink);

public sealed record ExportStatus
{
    public string? Id { get; init; }
    public string Status { get; init; } = "";
    public ExportCounts? Export { get; init; }
    public ExportDownload? Download { get; init; }
    public ExportValidation? Validation { get; init; }
}

public sealed record ExportCounts(long RecordsExportedCount, long RecordsProcessedCount = 0);

public sealed record ExportDownload(string? DownloadLink);

public sealed record ExportValidation(string? FileHashType, string? FileHash, long FileSize);

/// <summary>One NDJSON line of an export file; which fields are set tells the line's role.</summary>
public sealed record ExportLine
{
    public string? GroupId { get; init; }
    public string? LocationId { get; init; }
    public string? DeltaToken { get; init; }
    public string? Sku { get; init; }
    public decimal OnHand { get; init; }
    public decimal Reserved { get; init; }
    public decimal Atf { get; init; }
    public decimal Ato { get; init; }
    public decimal SafetyStockCount { get; init; }
}

/// <summary>The outcome of a verified full export: how many records were handed over and the token to follow deltas from.</summary>
public sealed record ExportResult(long RecordCount, string DeltaToken);

/// <summary>The location-graph export's file: one JSON document, every location and each group's locations.</summary>
public sealed record LocationGraphFile
{
    public IReadOnlyList<string>? Locations { get; init; }
    public IReadOnlyList<LocationGraphGroup>? Groups { get; init; }

    public static LocationGraphFile Of(Places.LocationGraph graph) => new()
    {
        Locations = graph.Locations,
        Groups = [.. graph.Groups.Select(g => new LocationGraphGroup(g, graph.LocationsOf(g)))],
    };

    /// <summary>The graph this file describes, read at <paramref name="readAt"/>; ids that are no place id are left out.</summary>
    public Places.LocationGraph ToGraph(DateTimeOffset readAt) => new(
        (Locations ?? []).Where(Orders.Names.IsValidInventoryListId),
        (Groups ?? []).Where(g => Orders.Names.IsValidInventoryListId(g?.Id)).Select(g => (g.Id!, (g.Locations ?? []).Where(Orders.Names.IsValidInventoryListId))),
        readAt);
}

public sealed record LocationGraphGroup(string? Id, IReadOnlyList<string>? Locations);
