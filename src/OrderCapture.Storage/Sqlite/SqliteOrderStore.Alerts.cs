using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    public async Task<Alert> AddAlertAsync(NewAlert alert, bool push, CancellationToken cancellationToken)
    {
        var stored = await WriteAsync((c, tx) =>
        {
            var id = Scalar(c, tx, StoreSql.AddAlert,
                ("@at", ToUnixMs(alert.At)), ("@sev", alert.Severity.ToString()), ("@k", alert.Kind), ("@m", alert.Message), ("@s", alert.Site), ("@o", alert.OrderNo));
            var added = new Alert(id, alert.At, alert.Severity, alert.Kind, alert.Message, alert.Site, alert.OrderNo, null);
            if (push)
            {
                InsertOutbox(c, tx, Core.Alerts.AlertPush.ToOutbox(added), alert.At);
            }

            return added;
        }, cancellationToken).ConfigureAwait(false);
        if (push)
        {
            _outboxSignal.Notify();
        }

        return stored;
    }

    public Task<IReadOnlyList<Alert>> ListAlertsAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Alert>>(c =>
        {
            var alerts = new List<Alert>();
            using var query = Command(c, null, StoreSql.ListAlerts, ("@since", since is { } s ? ToUnixMs(s) : null), ("@n", limit));
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                alerts.Add(StoreRows.Alert(reader));
            }

            return alerts;
        }, cancellationToken);

    public async Task<bool> AckAlertAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteAsync((c, tx) => Execute(c, tx, StoreSql.AckAlert, ("@at", ToUnixMs(at)), ("@id", id)), cancellationToken).ConfigureAwait(false) == 1;

    public Task RecordTransitionAsync(ConnectivityTransition transition, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => Execute(c, tx, StoreSql.RecordTransition,
            ("@at", ToUnixMs(transition.At)), ("@f", transition.From.ToString()), ("@t", transition.To.ToString()), ("@r", transition.Reason)), cancellationToken);

    public Task<ConnectivityTransition?> LastTransitionAsync(CancellationToken cancellationToken) =>
        ReadAsync(c =>
        {
            using var query = Command(c, null, StoreSql.LastTransition);
            using var reader = query.ExecuteReader();
            return reader.Read()
                ? StoreRows.Transition(reader)
                : null;
        }, cancellationToken);
}
