using OrderCapture.Core.Telemetry;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    public Task<IReadOnlyList<Alert>> ListOrderAlertsAsync(string site, string orderNo, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Alert>>(c =>
        {
            var alerts = new List<Alert>();
            using var query = Command(c, null, StoreRows.OrderAlertsSql, ("@s", site), ("@o", orderNo));
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                alerts.Add(StoreRows.Alert(reader));
            }

            return alerts;
        }, cancellationToken);

    public Task RecordActivityAsync(ActivityMinute minute, DateTimeOffset pruneBefore, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) =>
        {
            Execute(c, tx, StoreRows.RecordActivitySql, ("@m", ToUnixMs(minute.Minute)), ("@on", minute.Online), ("@off", minute.Offline),
                ("@ref", minute.Refused), ("@rec", minute.Reconciled), ("@q", minute.QueueDepth), ("@st", minute.OciState));
            return Execute(c, tx, StoreRows.PruneActivitySql, ("@before", ToUnixMs(pruneBefore)));
        }, cancellationToken);

    public Task<IReadOnlyList<ActivityMinute>> ListActivityAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ActivityMinute>>(c =>
        {
            var minutes = new List<ActivityMinute>();
            using var query = Command(c, null, StoreRows.ListActivitySql, ("@since", ToUnixMs(since)));
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                minutes.Add(StoreRows.Activity(reader));
            }

            return minutes;
        }, cancellationToken);
}
