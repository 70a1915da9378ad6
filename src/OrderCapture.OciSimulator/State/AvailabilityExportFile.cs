using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrderCapture.OciSimulator.State;

/// <summary>
/// The availability export's NDJSON (OCI-CONTRACT.md "Impex"): a block line per group or location,
/// its record lines, and the delta token to follow on the last line.
/// </summary>
public static class AvailabilityExportFile
{
    /// <summary>Takes the snapshot now and answers the writer of its file.</summary>
    public static Func<TextWriter, Task<long>> Of(SimulatorState state, IReadOnlyList<SimPlace> places)
    {
        var snapshot = state.Snapshot(places, out var deltaToken);
        return async writer =>
        {
            long count = 0;
            foreach (var (place, records) in snapshot)
            {
                await writer.WriteLineAsync(place.Type == SimPlaceType.Group
                    ? $"{{\"groupId\":{JsonSerializer.Serialize(place.Id)}}}"
                    : $"{{\"locationId\":{JsonSerializer.Serialize(place.Id)}}}").ConfigureAwait(false);
                foreach (var (sku, f) in records)
                {
                    await writer.WriteLineAsync(RecordLine(place, sku, f)).ConfigureAwait(false);
                    count++;
                }
            }

            await writer.WriteLineAsync($"{{\"deltaToken\":{JsonSerializer.Serialize(deltaToken)}}}").ConfigureAwait(false);
            return count;
        };
    }

    private static string RecordLine(SimPlace place, string sku, SimFigures f)
    {
        var inv = CultureInfo.InvariantCulture;
        var line = new StringBuilder(160);
        line.Append(inv, $"{{\"sku\":{JsonSerializer.Serialize(sku)},\"onHand\":{f.OnHand},\"reserved\":{f.Reserved},\"atf\":{f.Atf},\"ato\":{f.Ato},\"safetyStockCount\":{f.SafetyStockCount},\"futures\":[]");
        if (place.Type == SimPlaceType.Group)
        {
            line.Append(inv, $",\"groupReserved\":{f.GroupReserved},\"sharedGroupReserved\":{f.SharedGroupReserved}");
        }

        return line.Append('}').ToString();
    }
}
