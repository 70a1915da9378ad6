using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    public async Task<Alert> AddAlertAsync(NewAlert alert, bool push, CancellationToken cancellationToken)
    {
        var stored = await WriteAsync(async (c, tx) =>
        {
            var id = await ScalarAsync(c, tx, StoreSql.AddAlert,
                ("at", ToUnixMs(alert.At)), ("sev", alert.Severity.ToString()), ("k", alert.Kind), ("m", alert.Message), ("s", alert.Site), ("o", alert.OrderNo)).ConfigureAwait(false);
            var added = new Alert(id, alert.At, alert.Severity, alert.Kind, alert.Message, alert.Site, alert.OrderNo, null);
            if (push)
            {
                await InsertOutboxAsync(c, tx, Core.Alerts.AlertPush.ToOutbox(added), alert.At).ConfigureAwait(false);
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
        ReadAsync<IReadOnlyList<Alert>>(async c =>
        {
            var alerts = new List<Alert>();
            await using var query = Command(c, null, StoreSql.ListAlerts, ("since", since is { } s ? ToUnixMs(s) : null), ("n", limit));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                alerts.Add(StoreRows.Alert(reader));
            }

            return alerts;
        }, cancellationToken);

    public async Task<bool> AckAlertAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteAsync((c, tx) => ExecuteAsync(c, tx, StoreSql.AckAlert, ("at", ToUnixMs(at)), ("id", id)), cancellationToken).ConfigureAwait(false) == 1;

    public Task RecordTransitionAsync(ConnectivityTransition transition, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => ExecuteAsync(c, tx, StoreSql.RecordTransition,
            ("at", ToUnixMs(transition.At)), ("f", transition.From.ToString()), ("t", transition.To.ToString()), ("r", transition.Reason)), cancellationToken);

    public Task<ConnectivityTransition?> LastTransitionAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            await using var query = Command(c, null, StoreSql.LastTransition);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? StoreRows.Transition(reader)
                : null;
        }, cancellationToken);
}
