using System.Text.Json;
using OrderCapture.Core.Places;
using OrderCapture.Oci.Api;

namespace OrderCapture.Oci;

public sealed partial class OciClient
{
    public async Task<OciResult<LocationGraph>> ExportLocationGraphAsync(DateTimeOffset readAt, CancellationToken cancellationToken)
    {
        return await RunExportAsync<LocationGraph>(
            OciExportKind.LocationGraph,
            impex.StartLocationGraphExportAsync,
            progress: null,
            async (exportId, file) =>
            {
                LocationGraphFile? document;
                try
                {
                    await using var stream = File.OpenRead(file);
                    document = await JsonSerializer.DeserializeAsync(stream, OciJsonContext.Default.LocationGraphFile, cancellationToken).ConfigureAwait(false);
                }
                catch (JsonException e)
                {
                    return new OciResult<LocationGraph>.Outage($"malformed location graph: {e.Message}");
                }

                if (document is null)
                {
                    return new OciResult<LocationGraph>.Outage("malformed location graph: null");
                }

                // As for the reservations export: ours to delete once read; a failed delete only leaves it to expire.
                await CallAsync(ct => impex.DeleteExportAsync(OciExportKind.LocationGraph, exportId, ct), (_, _) => Task.FromResult(true), cancellationToken).ConfigureAwait(false);
                return new OciResult<LocationGraph>.Success(document.ToGraph(readAt));
            },
            cancellationToken).ConfigureAwait(false);
    }
}
