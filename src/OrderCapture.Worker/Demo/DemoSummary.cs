using OrderCapture.Core.Reports.Share;
using OrderCapture.Core.Storage;
using OrderCapture.Worker.Cli;

namespace OrderCapture.Worker.Demo;

/// <summary>The demo's closing tables: every order's outcome, every report file, every alert.</summary>
internal static class DemoSummary
{
    public static async Task PrintAsync(IAlertStore alertLog, IOrderQueries ordersStore, Core.Reports.Share.IImpexShare share, CancellationToken cancellationToken)
    {
        var orders = await ordersStore.ListOrdersAsync(null, null, 100, cancellationToken).ConfigureAwait(false);
        CliOutput.Table("Orders", ["order", "status", "lines (reserved / ordered)"], orders.Select(o => new[]
        {
            o.OrderNo,
            o.Status.ToString(),
            string.Join(", ", o.Lines.Select(l => l.ReservedQuantity is { } r ? $"{l.Sku} {r}/{l.Quantity}" : $"{l.Sku} {l.Quantity}")),
        }));
        var files = new List<string>();
        foreach (var folder in new[] { ImpexPath.Reports, ImpexPath.Work, ImpexPath.Quarantine })
        {
            files.AddRange((await share.ListAsync(folder, cancellationToken).ConfigureAwait(false)).Where(f => f.Name.EndsWith(".json", StringComparison.Ordinal)).Select(f => ImpexPath.Join(folder, f.Name)));
        }

        CliOutput.Table($"Files in {share.Location}", ["file"], files.Order(StringComparer.Ordinal).Select(f => new[] { f }));
        var alerts = await alertLog.ListAlertsAsync(null, 100, cancellationToken).ConfigureAwait(false);
        CliOutput.Table("Alerts", ["severity", "kind", "message"], alerts.Reverse().Select(a => new[] { a.Severity.ToString(), a.Kind, a.Message }));
    }
}
