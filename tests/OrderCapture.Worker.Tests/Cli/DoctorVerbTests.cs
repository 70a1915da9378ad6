using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Testing;
using OrderCapture.Worker.Cli;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Cli;

/// <summary><c>ordercapture doctor</c> as an operator runs it before go-live, against the simulator with each kind of fault.</summary>
public sealed class DoctorVerbTests : WorkerTestBase
{
    private async Task<(int ExitCode, string[] Lines)> DoctorAsync(params string[] overrides)
    {
        var (exitCode, output) = await CliProcess.RunAsync(Folder, ["doctor", .. WorkerTestHost.SettingsArgs(Simulator, Folder), .. overrides]);
        return (exitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }


    /// <summary>Whether a doctor line is the named check's (its name is the second column; another line may mention it).</summary>
    private static bool IsCheck(string line, string check) => System.Text.RegularExpressions.Regex.IsMatch(line, $@"^\S+\s+{check}\s");

    [Test]
    public async Task Against_a_healthy_OCI_every_check_passes_and_nothing_is_reserved()
    {
        var (exitCode, lines) = await DoctorAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Ok), string.Join("\n", lines));
            Assert.That(lines.Where(l => l.StartsWith("FAIL", StringComparison.Ordinal)), Is.Empty);
            Assert.That(lines.Select(l => l.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1)),
                Is.SupersetOf(new[] { "settings", "OCI", "store", "IMPEX", "availability", "export", "deltas" }));
            Assert.That(Simulator.State.Reservations(), Is.Empty, "doctor writes nothing at OCI");
            Assert.That(Directory.Exists(Path.Combine(Folder, "impex")) ? Directory.GetFiles(Path.Combine(Folder, "impex"), "*", SearchOption.AllDirectories) : [], Is.Empty,
                "the probe file is removed");
        });
    }

    [TestCase(NginxWebDav.AccessKey, "ok", "write (whole, then renamed), list, read and delete work")]
    [TestCase("an-access-key-since-rotated-0000", "FAIL", "refused the sign-in of ops@example.com (401)")]
    public async Task The_instance_WebDAV_share_is_checked_by_writing_reading_and_deleting_a_probe_there(string accessKey, string verdict, string detail)
    {
        await using var share = await NginxWebDav.StartAsync(Path.Combine(Folder, "nginx"));
        var settings = ImpexShares.WebDavSettings(share.Url, accessKey).Select(kv => $"--{kv.Key}={kv.Value}").ToArray();

        var (exitCode, lines) = await DoctorAsync(settings);

        var line = lines.Single(l => IsCheck(l, "IMPEX"));
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(verdict == "ok" ? ExitCodes.Ok : ExitCodes.Findings), string.Join("\n", lines));
            Assert.That(line, Does.StartWith(verdict).And.Contain(share.Url + "/src/continuous_order_capture").And.Contain(detail));
            Assert.That(string.Join("\n", lines), Does.Not.Contain(NginxWebDav.AccessKey).And.Not.Contain(accessKey), "no secret in doctor's output");
            Assert.That(Directory.Exists(share.ReportsFolder) ? Directory.GetFiles(share.ReportsFolder, "*", SearchOption.AllDirectories) : [], Is.Empty, "the probe is removed from the share");
        });
        if (verdict == "FAIL")
        {
            Assert.That(line, Does.Contain("Manage Access Keys").And.Contain("OrderCapture:Impex:AccessKey"), "the fix is named");
        }
    }

    [Test]
    public async Task The_location_graph_is_checked_one_line_per_site_and_pick_up_location()
    {
        Simulator.State.Replace(new InventorySeed
        {
            Locations = [new SeedLocation("warehouse-1", [new SeedRecord("SKU-1", 5)]), new SeedLocation("store-1", [new SeedRecord("SKU-1", 1)]),
                new SeedLocation("store-9", [new SeedRecord("SKU-1", 1)])],
            Groups = [new SeedGroup(WorkerTestHost.List, ["warehouse-1", "store-1"])],
        });

        var (exitCode, lines) = await DoctorAsync("--OrderCapture:Sites:0:PickupLocations:0=store-1", "--OrderCapture:Sites:0:PickupLocations:1=store-9");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Findings));
            Assert.That(lines.Single(l => l.Contains("location graph", StringComparison.Ordinal)), Does.StartWith("ok").And.Contain("1 group(s), 3 location(s)"));
            Assert.That(lines.Single(l => l.Contains("graph MySite", StringComparison.Ordinal)), Does.StartWith("ok").And.Contain("holds 2 location(s)"));
            Assert.That(lines.Single(l => l.Contains("pick-up MySite store-1", StringComparison.Ordinal)), Does.StartWith("ok"));
            Assert.That(lines.Single(l => l.Contains("pick-up MySite store-9", StringComparison.Ordinal)), Does.StartWith("FAIL").And.Contain("not a location of group"));
            Assert.That(lines.Single(l => l.Contains("availability store-1", StringComparison.Ordinal)), Does.StartWith("ok"), "pick-up locations are checked like the site's list");
        });
    }

    [Test]
    public async Task A_wrong_secret_fails_the_token_check_and_what_depends_on_it()
    {
        var (exitCode, lines) = await DoctorAsync("--Oci:ClientSecret=not-the-secret");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Findings));
            Assert.That(lines.Single(l => IsCheck(l, "OCI token")), Does.StartWith("FAIL").And.Contain("Oci:ClientSecret"));
            Assert.That(string.Join("\n", lines), Does.Not.Contain("not-the-secret"), "the secret is never printed");
            Assert.That(lines.Single(l => IsCheck(l, "store")), Does.StartWith("ok"));
        });
    }

    [Test]
    public async Task A_group_OCI_does_not_know_fails_the_availability_check_with_what_to_fix()
    {
        var (exitCode, lines) = await DoctorAsync("--OrderCapture:Sites:0:InventoryListId=NoSuchGroup");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Findings));
            Assert.That(lines.Single(l => l.Contains("availability NoSuchGroup", StringComparison.Ordinal)), Does.StartWith("FAIL").And.Contain("GroupDoesNotExist").And.Contain("InventoryListId"));
        });
    }

    [Test]
    public async Task A_share_that_cannot_be_written_fails_the_share_check()
    {
        // A path below a regular file cannot become a folder, even for root (a chmod would not stop root).
        var blocker = Path.Combine(Folder, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "");

        var (exitCode, lines) = await DoctorAsync($"--OrderCapture:ImpexRoot={Path.Combine(blocker, "impex")}");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Findings));
            Assert.That(lines.Single(l => l.Contains("IMPEX share", StringComparison.Ordinal)), Does.StartWith("FAIL").And.Contain("OrderCapture:ImpexRoot"));
            Assert.That(lines.Single(l => IsCheck(l, "OCI token")), Does.StartWith("ok"), "the other checks still run");
        });
    }

    [Test]
    public async Task An_unreachable_OCI_fails_its_checks_and_a_bad_setting_is_listed()
    {
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));

        var (exitCode, lines) = await DoctorAsync();
        var (badExit, badLines) = await DoctorAsync("--OrderCapture:ApiKey=short");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Findings));
            Assert.That(lines.Single(l => IsCheck(l, "OCI token")), Does.StartWith("FAIL").And.Contain("cannot be reached"));
            Assert.That(badExit, Is.EqualTo(ExitCodes.Findings));
            Assert.That(badLines.Single(l => l.Contains("settings", StringComparison.Ordinal)), Does.StartWith("FAIL").And.Contain("ApiKey"));
        });
    }
}

/// <summary><c>doctor</c> against an API client that was not given every scope the vendor's spec asks for.</summary>
public sealed class DoctorScopeTests : WorkerTestBase
{
    protected override SimulatorOptions SimulatorOptions => new()
    {
        ExportDelay = TimeSpan.Zero,
        AllowedScopes = ["sfcc.inventory.availability", "sfcc.inventory.reservations.rw", "sfcc.inventory.impex-inventory.rw", "sfcc.inventory.impex-graphs"],
    };

    [Test]
    public async Task A_client_without_the_availability_export_scope_has_its_export_refused_and_doctor_names_the_scope_and_what_needs_it()
    {
        var (exitCode, output) = await CliProcess.RunAsync(Folder, ["doctor", .. WorkerTestHost.SettingsArgs(Simulator, Folder)]);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Findings));
            Assert.That(lines.Single(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\S+\s+scope sfcc\.inventory\.impex-inventory\s")), Does.StartWith("FAIL").And.Contain("availability export"));
            Assert.That(lines.Single(l => l.Contains("scope sfcc.inventory.reservations.rw", StringComparison.Ordinal)), Does.StartWith("ok"));
            Assert.That(Simulator.Stats.Get("initiateExport", 403), Is.GreaterThanOrEqualTo(1), "the simulator refused the export the token was not scoped for");
            Assert.That(Simulator.Stats.Get("getAvailability", 200), Is.GreaterThanOrEqualTo(1), "what the token may do still works");
        });
    }
}
