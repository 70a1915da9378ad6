using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.Core.Storage;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Cli;
using OrderCapture.Worker.Hosting;
using Spectre.Console;

namespace OrderCapture.Worker.Demo;

/// <summary>
/// The main job, end to end, on the embedded defaults: simulator and worker in-process on free
/// loopback ports; orders online; OCI cut; orders offline (one refused); another channel sells;
/// OCI back; reconciliation; merge; a summary of outcomes, files and alerts.
/// </summary>
/// <remarks>
/// The reports go where the settings say (a folder, or a WebDAV share with
/// <c>OrderCapture:Impex:Target=WebDav</c> or <c>--impex webdav</c>); the demo only ever empties a
/// share it owns (its own folder under the output, <paramref name="ownFolder"/>) or was told it may (<paramref name="force"/>).
/// </remarks>
internal sealed class DemoRunner(string outputFolder, string impexRoot, Core.Reports.Share.ImpexTarget? impexTarget, bool skipMerge, bool ownFolder, bool force)
{
    // The demo's own keys, one per role, as a storefront and an operator would hold them.
    private const string StorefrontKey = "demo-storefront-key-0123456789";
    private const string OperatorKey = "demo-operator-key-0123456789";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] DatabaseFiles = ["demo.db", "demo.db-wal", "demo.db-shm"];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (Console.IsOutputRedirected)
        {
            // Into a file: no colour codes, and tables as wide as they need (no wrapping at 80 columns).
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Out = new AnsiConsoleOutput(Console.Out),
            });
            AnsiConsole.Profile.Width = 200;
        }

        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(outputFolder);
        foreach (var stale in DatabaseFiles.Select(f => Path.Combine(outputFolder, f)).Where(File.Exists))
        {
            File.Delete(stale);
        }

        // The strict reading of OCI's spec: a repeated PUT is 409, never a replay of the first answer.
        await using var simulator = await OciSimulatorServer.StartAsync(new SimulatorOptions { ExportDelay = TimeSpan.Zero, RepeatedPut = RepeatedPutAnswer.Conflict }, cancellationToken: cancellationToken).ConfigureAwait(false);
        simulator.State.Replace(DemoScript.Inventory);
        AnsiConsole.MarkupLine($"[yellow]OCI SIMULATOR[/] (not Salesforce OCI) at {simulator.BaseUrl}");
        await using var host = await OrderCaptureHost.BuildAsync(
        [
            "--Urls=http://127.0.0.1:0", "--Oci:Mode=Remote", $"--Oci:BaseUrl={simulator.BaseUrl}", $"--OrderCapture:StorefrontKeys:0={StorefrontKey}", $"--OrderCapture:OperatorKeys:0={OperatorKey}",
            $"--OrderCapture:ImpexRoot={impexRoot}", $"--OrderCapture:Sites:0:Id={DemoScript.Site}", $"--OrderCapture:Sites:0:InventoryListId={DemoScript.List}",
            "--OrderCapture:Sites:0:PlaceType=Group", $"--OrderCapture:Sites:0:PickupLocations:0={DemoScript.PickupStore}", "--OrderCapture:Sites:0:TimeZone=UTC", $"--Storage:ConnectionString=Data Source={Path.Combine(outputFolder, "demo.db")}",
            $"--OrderCapture:LockFile={Path.Combine(outputFolder, "demo.lock")}", "--Inventory:DeltaPollInterval=00:00:00.250",
            "--Connectivity:ProbeInterval=00:00:00.250", "--Connectivity:ProbeSuccessThreshold=2", "--Oci:Resilience:AttemptTimeout=00:00:02",
            "--Oci:Resilience:BreakerBreakDuration=00:00:01", "--Logging:LogLevel:Default=Error", "--Logging:LogLevel:Microsoft.AspNetCore.HttpLogging=Error",
            "--Logging:Serilog=false", // the summary shows the alerts
            .. impexTarget is { } target ? [$"--OrderCapture:Impex:Target={target}"] : Array.Empty<string>(),
        ], cancellationToken: cancellationToken).ConfigureAwait(false);
        var share = host.App.Services.GetRequiredService<Core.Reports.Share.IImpexShare>();
        if (!await EmptyShareAsync(share, cancellationToken).ConfigureAwait(false))
        {
            return Cli.ExitCodes.Usage;
        }

        AnsiConsole.MarkupLine($"Reports go to {Markup.Escape(share.Location)}");
        await host.App.StartAsync(cancellationToken).ConfigureAwait(false);
        using var storefront = new HttpClient { BaseAddress = host.BaseUrl };
        storefront.DefaultRequestHeaders.Add("X-Api-Key", StorefrontKey);
        using var http = new HttpClient { BaseAddress = host.BaseUrl };
        http.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
        AnsiConsole.MarkupLine($"Worker at {host.BaseUrl} (status page: {host.BaseUrl})");

        await StepAsync("Loading the availability cache from a full export (the group, and the store for pick-up)", () => Until(async () =>
            (await storefront.GetAsync($"/api/availability/{DemoScript.List}/POSTER-LTD", cancellationToken).ConfigureAwait(false)).IsSuccessStatusCode
            && (await storefront.GetAsync($"/api/availability/{DemoScript.PickupStore}/MUG-CLASSIC", cancellationToken).ConfigureAwait(false)).IsSuccessStatusCode)).ConfigureAwait(false);
        foreach (var (orderNo, lines) in DemoScript.OnlineOrders)
        {
            await PostAsync(storefront, orderNo, lines, cancellationToken).ConfigureAwait(false);
        }

        simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));
        await StepAsync("OCI goes down (every call answers 503)", () => Until(async () => await OciAsync(http).ConfigureAwait(false) == "offline")).ConfigureAwait(false);
        foreach (var (orderNo, lines) in DemoScript.OfflineOrders)
        {
            await PostAsync(storefront, orderNo, lines, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (sku, quantity) in DemoScript.OtherChannelSales)
        {
            var taken = simulator.State.Consume(new SimPlace(SimPlaceType.Group, DemoScript.List), sku, quantity);
            AnsiConsole.MarkupLine($"  another channel sells [bold]{taken}[/] × {sku} at OCI");
        }

        simulator.Faults.Set(FaultSettings.None);
        await StepAsync("OCI is back: probes, Recovering, reconciliation", () => Until(async () => await OciAsync(http).ConfigureAwait(false) == "online")).ConfigureAwait(false);
        var store = host.App.Services.GetRequiredService<IOrderStore>();
        await StepAsync("Writing work files", () => Until(async () => await store.PendingOutboxCountAsync(cancellationToken).ConfigureAwait(false) == 0)).ConfigureAwait(false);
        if (!skipMerge)
        {
            using var merged = await http.PostAsJsonAsync("/api/merge", new { }, cancellationToken).ConfigureAwait(false);
            // Plain output: markup wraps at the console width, and would cut the JSON mid-word in a file.
            Console.WriteLine($"Merged work files into daily files: {await merged.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }

        await DemoSummary.PrintAsync(store, store, share, cancellationToken).ConfigureAwait(false);
        var agrees = await VerifyWithOciAsync(host.App.Services, cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLine($"[green]Demo finished in {clock.Elapsed.TotalSeconds:0.0} s.[/] Reports: {Markup.Escape(share.Location)}");
        return agrees ? ExitCodes.Ok : ExitCodes.Findings;
    }

    /// <summary>
    /// A demo starts from an empty reports folder. Someone else's share (a folder the user named, or
    /// any WebDAV share) is never emptied without <c>--force</c>. False when the demo must not go on.
    /// </summary>
    private async Task<bool> EmptyShareAsync(Core.Reports.Share.IImpexShare share, CancellationToken cancellationToken)
    {
        string[] folders = [Core.Reports.Share.ImpexPath.Reports, Core.Reports.Share.ImpexPath.Work, Core.Reports.Share.ImpexPath.Quarantine];
        var present = new List<string>();
        foreach (var folder in folders)
        {
            present.AddRange((await share.ListAsync(folder, cancellationToken).ConfigureAwait(false)).Select(f => Core.Reports.Share.ImpexPath.Join(folder, f.Name)));
        }

        if (present.Count == 0)
        {
            return true;
        }

        var target = share is Core.Reports.Share.FolderImpexShare ? Core.Reports.Share.ImpexTarget.Folder : Core.Reports.Share.ImpexTarget.WebDav;
        if (!force && !(ownFolder && target == Core.Reports.Share.ImpexTarget.Folder))
        {
            await Console.Error.WriteLineAsync($"{share.Location} is not empty ({present.Count} report file(s)); the demo starts from an empty reports folder. Add --force to delete them, or choose another --impex-root.").ConfigureAwait(false);
            return false;
        }

        await Core.Reports.Share.ImpexShareExtensions.DeleteAllAsync(share, present, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The last step: what <c>check --verify-oci</c> does, against the demo's own simulator. False on any finding.</summary>
    private static async Task<bool> VerifyWithOciAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var outcome = await services.GetRequiredService<Core.Checks.OciVerification.OciVerifier>().VerifyAsync(since: null, progress: null, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case Core.Checks.OciVerification.OciVerificationOutcome.Completed { Findings.Count: 0 } done:
                Console.WriteLine($"✓ OCI agrees (check --verify-oci): {done.Judged} order(s) compared with {done.Documents} reservation document(s) from OCI's reservations export.");
                return true;
            case Core.Checks.OciVerification.OciVerificationOutcome.Completed done:
                CliOutput.Table($"OCI disagrees (check --verify-oci): {done.Findings.Count} finding(s)", ["kind", "site", "order", "detail"], done.Findings.Select(f => new[] { f.Kind, f.Site, f.OrderNo, f.Detail }));
                return false;
            case Core.Checks.OciVerification.OciVerificationOutcome.OciUnavailable unavailable:
                Console.WriteLine($"✗ check --verify-oci could not read OCI: {unavailable.Reason}");
                return false;
            default:
                throw new InvalidOperationException($"unknown outcome {outcome}");
        }
    }

    private static async Task PostAsync(HttpClient http, string orderNo, DemoLine[] lines, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/orders",
            new { orderNo, site = DemoScript.Site, lines = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity, inventoryListId = l.PickUpAt }) }, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        var what = response.StatusCode == HttpStatusCode.Created ? $"[green]{CliOutput.Text(body, "status")}[/]" : $"[red]refused {(int)response.StatusCode} {Markup.Escape(CliOutput.Text(body, "error"))}[/]";
        AnsiConsole.MarkupLine($"  order {orderNo} ({string.Join(", ", lines)}): {what}");
    }

    private static async Task<string> OciAsync(HttpClient http) => CliOutput.Text(await http.GetFromJsonAsync<JsonElement>("/api/status").ConfigureAwait(false), "oci");

    private static async Task StepAsync(string title, Func<Task> wait)
    {
        if (Console.IsOutputRedirected)
        {
            // No spinner into a file: it would leave its frames (the title twice) in the output.
            await wait().ConfigureAwait(false);
            Console.WriteLine($"✓ {title}");
            return;
        }

        await AnsiConsole.Status().StartAsync(title, async _ =>
        {
            await wait().ConfigureAwait(false);
            AnsiConsole.MarkupLine($"[blue]✓[/] {Markup.Escape(title)}");
        }).ConfigureAwait(false);
    }

    private static async Task Until(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (clock.Elapsed > StepTimeout)
            {
                throw new TimeoutException("the demo did not reach the next step in time");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System).ConfigureAwait(false); // the demo is a composition root
        }
    }
}
