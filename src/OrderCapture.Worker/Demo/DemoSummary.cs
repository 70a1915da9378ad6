using OrderCapture.Core.Storage;
using OrderCapture.Worker.Cli;

namespace OrderCapture.Worker.Demo;

/// <summary>The demo's closing tables: every order's outcome, every report file, every alert.</summary>
internal static class DemoSummary
{
    public static async Task PrintAsync(IAlertStore alertLog, IOrderQueries ordersStore, string reportsFolder, CancellationToken cancellationToken)
    {
        var orders = await ordersStore.ListOrdersAsync(null, null, 100, cancellationToken).ConfigureAwait(false);
        CliOutput.Table("Orders", ["order", "status", "lines (reserved / ordered)"], orders.Select(o => new[]
        {
            o.OrderNo,
            o.Status.ToString(),
            string.Join(", ", o.Lines.Select(l => l.ReservedQuantity is { } r ? $"{l.Sku} {r}/{l.Quantity}" : $"{l.Sku} {l.Quantity}")),
        }));
        var files = Directory.Exists(reportsFolder)
            ? Directory.GetFiles(reportsFolder, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(reportsFolder, f)).Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        CliOutput.Table($"Files in {reportsFolder}", ["file"], files.Select(f => new[] { f }));
        var alerts = await alertLog.ListAlertsAsync(null, 100, cancellationToken).ConfigureAwait(false);
        CliOutput.Table("Alerts", ["severity", "kind", "message"], alerts.Reverse().Select(a => new[] { a.Severity.ToString(), a.Kind, a.Message }));
    }
}
