using OrderCapture.Core.Outbox;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage;

public abstract partial class SqlOrderStore
{
    public async Task<Alert> AddAlertAsync(NewAlert alert, bool push, CancellationToken cancellationToken)
    {
        var stored = await WriteAsync(async (c, tx) =>
        {
            var id = await ScalarAsync(c, tx, AlertsSql.Add,
                ("@at", ToUnixMs(alert.At)), ("@sev", alert.Severity.ToString()), ("@k", alert.Kind), ("@m", alert.Message), ("@s", alert.Site), ("@o", alert.OrderNo)).ConfigureAwait(false);
            var added = new Alert(id, alert.At, alert.Severity, alert.Kind, alert.Message, alert.Site, alert.OrderNo, null);
            if (push)
            {
                await InsertOutboxAsync(c, tx, Core.Alerts.AlertPush.ToOutbox(added), alert.At).ConfigureAwait(false);
            }

            return added;
        }, cancellationToken).ConfigureAwait(false);
        if (push)
        {
            OutboxSignal.Notify(OutboxLane.Pushes);
        }

        return stored;
    }

    public Task<IReadOnlyList<Alert>> ListAlertsAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Alert>>(async c => await QueryAsync(c, null, AlertsSql.List, StoreRows.Alert, ("@since", since is { } s ? ToUnixMs(s) : null), ("@n", limit)).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyList<Alert>> ListOrderAlertsAsync(string site, string orderNo, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Alert>>(async c => await QueryAsync(c, null, AlertsSql.OfOrder, StoreRows.Alert, ("@s", site), ("@o", orderNo)).ConfigureAwait(false), cancellationToken);

    public async Task<bool> AckAlertAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteAsync((c, tx) => ExecuteAsync(c, tx, AlertsSql.Ack, ("@at", ToUnixMs(at)), ("@id", id)), cancellationToken).ConfigureAwait(false) == 1;

    public Task RecordTransitionAsync(ConnectivityTransition transition, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => ExecuteAsync(c, tx, AlertsSql.RecordTransition,
            ("@at", ToUnixMs(transition.At)), ("@f", transition.From.ToString()), ("@t", transition.To.ToString()), ("@r", transition.Reason)), cancellationToken);

    public Task<ConnectivityTransition?> LastTransitionAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => (await QueryAsync(c, null, AlertsSql.LastTransition, StoreRows.Transition).ConfigureAwait(false)) is [var last] ? last : (ConnectivityTransition?)null, cancellationToken);
}
