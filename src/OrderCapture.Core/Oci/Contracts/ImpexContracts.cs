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
