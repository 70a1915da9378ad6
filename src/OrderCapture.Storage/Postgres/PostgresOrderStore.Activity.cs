using OrderCapture.Core.Telemetry;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    public Task<IReadOnlyList<Alert>> ListOrderAlertsAsync(string site, string orderNo, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Alert>>(async c =>
        {
            var alerts = new List<Alert>();
            await using var query = Command(c, null, StoreRows.OrderAlertsSql, ("s", site), ("o", orderNo));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                alerts.Add(StoreRows.Alert(reader));
            }

            return alerts;
        }, cancellationToken);

    public Task RecordActivityAsync(ActivityMinute minute, DateTimeOffset pruneBefore, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            await ExecuteAsync(c, tx, StoreRows.RecordActivitySql, ("m", ToUnixMs(minute.Minute)), ("on", minute.Online), ("off", minute.Offline),
                ("ref", minute.Refused), ("rec", minute.Reconciled), ("q", minute.QueueDepth), ("st", minute.OciState)).ConfigureAwait(false);
            return await ExecuteAsync(c, tx, StoreRows.PruneActivitySql, ("before", ToUnixMs(pruneBefore))).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<ActivityMinute>> ListActivityAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ActivityMinute>>(async c =>
        {
            var minutes = new List<ActivityMinute>();
            await using var query = Command(c, null, StoreRows.ListActivitySql, ("since", ToUnixMs(since)));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                minutes.Add(StoreRows.Activity(reader));
            }

            return minutes;
        }, cancellationToken);
}
