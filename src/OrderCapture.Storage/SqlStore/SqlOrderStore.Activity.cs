using OrderCapture.Core.Telemetry;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage;

public abstract partial class SqlOrderStore
{
    public Task RecordActivityAsync(ActivityMinute minute, DateTimeOffset pruneBefore, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            await ExecuteAsync(c, tx, ActivitySql.Record, ("@m", ToUnixMs(minute.Minute)), ("@on", minute.Online), ("@off", minute.Offline),
                ("@ref", minute.Refused), ("@rec", minute.Reconciled), ("@q", minute.QueueDepth), ("@st", minute.OciState)).ConfigureAwait(false);
            return await ExecuteAsync(c, tx, ActivitySql.Prune, ("@before", ToUnixMs(pruneBefore))).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<ActivityMinute>> ListActivityAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ActivityMinute>>(async c => await QueryAsync(c, null, ActivitySql.List, StoreRows.Activity, ("@since", ToUnixMs(since))).ConfigureAwait(false), cancellationToken);

    public Task<DateTimeOffset?> GetCheckMarkAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync(async c => (await QueryAsync(c, null, ActivitySql.GetCheckMark, r => r.Time("mark"), ("@n", name)).ConfigureAwait(false)) is [var mark] ? mark : (DateTimeOffset?)null, cancellationToken);

    public Task SetCheckMarkAsync(string name, DateTimeOffset mark, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => ExecuteAsync(c, tx, ActivitySql.SetCheckMark, ("@n", name), ("@m", ToUnixMs(mark))), cancellationToken);
}
