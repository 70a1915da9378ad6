using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderCapture.Core.Reports;

/// <summary>One order in a work file or a daily file, exactly as DESIGN.md "IMPEX layout" names the fields.</summary>
public sealed record WorkFileDocument
{
    public required string OrderNo { get; init; }
    public required string Site { get; init; }
    public required DateTimeOffset CapturedAt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ReconciledAt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Outcome { get; init; }
    public required string ReservationId { get; init; }
    public int Attempts { get; init; }
    public required IReadOnlyList<WorkFileLine> Lines { get; init; }
}

public sealed record WorkFileLine
{
    public required string Sku { get; init; }
    public required string InventoryListId { get; init; }
    public decimal Quantity { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? ReservedQuantity { get; init; }
}

/// <summary>A daily merged file: one site, one date, one kind, every order once.</summary>
public sealed record DailyFile(string Site, string Date, string Kind, IReadOnlyList<WorkFileDocument> Orders);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(WorkFileDocument))]
[JsonSerializable(typeof(DailyFile))]
[JsonSerializable(typeof(string))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
