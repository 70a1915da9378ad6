using System.CommandLine;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Worker.Demo;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary><c>ordercapture demo [--output DIR] [--impex-root DIR] [--impex folder|webdav]</c>: the whole story in under a minute.</summary>
internal static class DemoVerb
{

    public static Command Create()
    {
        var output = new Option<string>("--output") { Description = "Folder for the demo's database", DefaultValueFactory = _ => "demo-output" };
        var impex = new Option<string?>("--impex-root") { Description = "IMPEX root for the reports (default: OUTPUT/impex)" };
        var skipMerge = new Option<bool>("--skip-merge") { Description = "Leave the work files unmerged, to look at them" };
        var force = new Option<bool>("--force") { Description = "With --impex-root or a WebDAV share: delete the reports already there" };
        var target = new Option<ImpexTarget?>("--impex") { Description = "folder or webdav: where the reports go (default: OrderCapture:Impex:Target; webdav takes OrderCapture:Impex:WebDavUrl and its credentials from the settings)" };
        var command = new Command("demo", "Run the whole capture-and-reconcile story against an in-process OCI simulator.") { output, impex, target, skipMerge, force };
        command.SetAction((parse, ct) =>
        {
            var folder = parse.GetValue(output)!;
            var explicitRoot = parse.GetValue(impex);
            // The default reports folder is the demo's own (under --output) and is replaced each run;
            // a folder the user named, and any WebDAV share, is only emptied when asked.
            return new DemoRunner(folder, explicitRoot ?? Path.Combine(folder, "impex"), parse.GetValue(target), parse.GetValue(skipMerge), ownFolder: explicitRoot is null, force: parse.GetValue(force)).RunAsync(ct);
        });
        return command;
    }
}
