using System.Text.Json;
using OrderCapture.Core.Oci.Contracts;

namespace OrderCapture.Oci;

/// <summary>Reads a verified export NDJSON file: place header lines, record lines, and a final deltaToken line.</summary>
internal static class ExportFileReader
{
    public static async Task<OciResult<ExportResult>> ReadAsync(
        string path,
        Func<IReadOnlyList<AvailabilityRecord>, CancellationToken, ValueTask> onBatch,
        CancellationToken cancellationToken)
    {
        var batch = new List<AvailabilityRecord>(OciClient.ExportBatchSize);
        PlaceRef? place = null;
        string? deltaToken = null;
        long count = 0;
        await foreach (var (lineNo, text) in NdjsonLines.ReadAsync(path, cancellationToken).ConfigureAwait(false))
        {
            ExportLine? line;
            try
            {
                line = JsonSerializer.Deserialize(text, OciJsonContext.Default.ExportLine);
            }
            catch (JsonException)
            {
                return new OciResult<ExportResult>.Outage($"malformed export line {lineNo}");
            }

            switch (line)
            {
                case { DeltaToken: { Length: > 0 } token }:
                    deltaToken = token;
                    break;
                case { GroupId: { Length: > 0 } groupId }:
                    place = new PlaceRef(PlaceType.Group, groupId);
                    break;
                case { LocationId: { Length: > 0 } locationId }:
                    place = new PlaceRef(PlaceType.Location, locationId);
                    break;
                case { Sku: { Length: > 0 } sku } when place is { } current:
                    batch.Add(new AvailabilityRecord(current, sku, line.Ato, line.Atf, line.OnHand, line.Reserved));
                    count++;
                    if (batch.Count == OciClient.ExportBatchSize)
                    {
                        await onBatch(batch, cancellationToken).ConfigureAwait(false);
                        batch = new List<AvailabilityRecord>(OciClient.ExportBatchSize);
                    }

                    break;
                default:
                    return new OciResult<ExportResult>.Outage($"unexpected export line {lineNo}");
            }
        }

        if (batch.Count > 0)
        {
            await onBatch(batch, cancellationToken).ConfigureAwait(false);
        }

        return deltaToken is null
            ? new OciResult<ExportResult>.Outage("export file has no final deltaToken line")
            : new OciResult<ExportResult>.Success(new ExportResult(count, deltaToken));
    }
}
