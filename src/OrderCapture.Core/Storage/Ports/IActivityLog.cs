using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

/// <summary>The status page's day: one row per minute of activity.</summary>
public interface IActivityLog
{
    /// <summary>Adds a minute's counts to its row (instances add up; depth and state: the worst of the minute), and drops rows before <paramref name="pruneBefore"/>.</summary>
    Task RecordActivityAsync(Telemetry.ActivityMinute minute, DateTimeOffset pruneBefore, CancellationToken cancellationToken);

    /// <summary>The minutes since <paramref name="since"/> that have a row, oldest first.</summary>
    Task<IReadOnlyList<Telemetry.ActivityMinute>> ListActivityAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
