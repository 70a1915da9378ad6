using OrderCapture.Worker.Cli;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Hosting;

/// <summary>
/// A configuration the service cannot run with is refused before anything starts: every problem on
/// one line of its own, exit 2, no stack trace — and never a silent fallback to the simulator.
/// The real executable runs as a child process in an empty folder (no appsettings.json), in the
/// Production environment, as an installed service would.
/// </summary>
public sealed class ConfigurationTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = WorkerTestHost.NewFolder();

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static readonly string[] Good =
    [
        "--Urls=http://127.0.0.1:0", "--Oci:Mode=Remote", "--Oci:BaseUrl=http://127.0.0.1:9/", "--OrderCapture:ApiKey=a-good-key-0123456789",
        "--OrderCapture:Sites:0:Id=MySite", "--OrderCapture:Sites:0:InventoryListId=MySiteInventory", "--Logging:Serilog=false",
    ];

    private async Task<(int ExitCode, string[] Lines)> RunAsync(params string[] overrides)
    {
        var (exitCode, output) = await CliProcess.RunAsync(_folder, ["run", .. Good, $"--Storage:ConnectionString=Data Source={Path.Combine(_folder, "o.db")}",
            $"--OrderCapture:LockFile={Path.Combine(_folder, "o.lock")}", .. overrides]);
        return (exitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [TestCase("--OrderCapture:ApiKey=short-key", "The field OrderCapture:ApiKey must be a string or array type with a minimum length of '16'")]
    [TestCase("--OrderCapture:Sites:0:TimeZone=Mars/Olympus_Mons", "OrderCapture:Sites:0:TimeZone 'Mars/Olympus_Mons' is not a known time zone")]
    [TestCase("--Storage:Provider=Postgres", "Storage: the Postgres store cannot be opened")]
    [TestCase("--Oci:Mode=Simulator", "Oci:BaseUrl is set but Oci:Mode is Simulator")]
    [TestCase("--OrderCapture:ApiKey=change-me-dev-key-0123456789", "OrderCapture:ApiKey is a development key shipped in appsettings.json")]
    [TestCase("--OrderCapture:OperatorKeys:0=change-me-operator-dev-key-0123", "OrderCapture:OperatorKeys:0 is a development key shipped in appsettings.json")]
    [TestCase("--OrderCapture:StorefrontKeys:0=too-short-a-key", "OrderCapture:StorefrontKeys:0 is neither a key of at least 24 characters")]
    [TestCase("--Alerts:WebhookUrl=file:///etc/passwd", "Alerts:WebhookUrl must be an absolute http:// or https:// URL")]
    [TestCase("--OrderManagement:WebhookUrl=ftp://oms.example/push", "OrderManagement:WebhookUrl must be an absolute http:// or https:// URL")]
    [TestCase("--Capture:OfflineHeadroom:Factor=20", "The field Capture:OfflineHeadroom:Factor must be between 0 and 10")]
    [TestCase("--Oci:Resilience:MaxRetryAttempts=99", "The field Oci:Resilience:MaxRetryAttempts must be between")]
    [TestCase("--OrderCapture:Sites:0:Id=", "OrderCapture:Sites:0:Id")]
    [TestCase("--Capture:OfflineHeadroom:Mode=Sometimes", "'Sometimes' at 'Capture:OfflineHeadroom:Mode'")]
    [TestCase("--Retention:Schedule=nonsense", "Retention:Schedule 'nonsense' is not a valid Quartz cron expression")]
    [TestCase("--Reconciliation:ClaimLease=00:00:10", "Reconciliation:ClaimLease (00:00:10) must be longer than a reservation PUT can take")]
    [TestCase("--Reconciliation:MaxCommittingOutcomes=0", "The field Reconciliation:MaxCommittingOutcomes must be between 1 and 10000")]
    public async Task A_bad_setting_is_one_line_and_exit_2_with_no_stack_trace(string setting, string expected)
    {
        var extra = setting == "--Storage:Provider=Postgres" ? new[] { setting, "--Storage:ConnectionString=Host=127.0.0.1;Port=9;Timeout=3" } : [setting];

        var (exitCode, lines) = await RunAsync(extra);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(lines, Has.Length.EqualTo(1), string.Join("\n", lines));
            Assert.That(lines[0], Does.StartWith("configuration: ").And.Contain(expected));
            Assert.That(lines, Has.None.StartWith("at ").And.None.Contains("Exception"), "no stack trace");
        });
    }

    [Test]
    public async Task The_guides_shipping_group_with_pick_up_stores_beside_a_site_on_a_location_is_not_refused()
    {
        string[] setup =
        [
            "--OrderCapture:Sites:0:PickupLocations:0=store-1", "--OrderCapture:Sites:1:Id=Outlet", "--OrderCapture:Sites:1:InventoryListId=store-9",
            "--OrderCapture:Sites:1:PlaceType=Location", "--OrderCapture:ApiKey=short",
        ];

        var (exitCode, lines) = await RunAsync(setup);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Usage), "the short key still refuses, so the service does not start");
            Assert.That(lines, Has.Length.EqualTo(1), string.Join("\n", lines));
            Assert.That(lines[0], Does.Contain("ApiKey"), "the only problem left is the key: groups beside locations and pick-up stores are fine");
        });
    }

    [TestCase("--OrderCapture:Impex:Target=Ftp", "'Ftp' at 'OrderCapture:Impex:Target'")]
    [TestCase("", "OrderCapture:Impex:WebDavUrl must be the share's absolute https URL")]
    [TestCase("--OrderCapture:Impex:WebDavUrl=https://user:secret@abcd.example/on/demandware.servlet/webdav/Sites/Impex", "must carry no user, password or query")]
    [TestCase("--OrderCapture:Impex:WebDavUrl=https://abcd.example/x", "OrderCapture:Impex:UserName and OrderCapture:Impex:AccessKey")]
    [TestCase("--OrderCapture:Impex:MaxFileBytes=200000000", "The field OrderCapture:Impex:MaxFileBytes must be between 10000 and 100000000")]
    [TestCase("--OrderCapture:Impex:ClientCertificatePath=/nonexistent/staging.p12", "OrderCapture:Impex:ClientCertificatePath: no file at /nonexistent/staging.p12")]
    public async Task A_WebDAV_target_missing_what_it_needs_is_refused_with_its_setting_named_and_no_secret(string setting, string expected)
    {
        string[] args = setting.Contains("Impex:Target", StringComparison.Ordinal) ? [setting] : ["--OrderCapture:Impex:Target=WebDav", .. setting.Length == 0 ? Array.Empty<string>() : [setting]];

        var (exitCode, lines) = await RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(lines, Has.Some.Contains(expected), string.Join("\n", lines));
            Assert.That(string.Join("\n", lines), Does.Not.Contain("secret@"), "a password in the URL is not echoed");
        });
    }

    [TestCase("--OrderCapture:Sites:0:PickupLocations:0=MySiteInventory", "is not a location id")]
    [TestCase("--OrderCapture:Sites:0:PickupLocations:0=../etc", "is not a location id")]
    [TestCase("--OrderCapture:Sites:0:PlaceType=Location", "pick-up locations belong to a site on a group")]
    public async Task A_pick_up_location_that_cannot_be_one_is_refused_with_its_setting_named(string setting, string expected)
    {
        var (exitCode, lines) = setting.Contains("PickupLocations", StringComparison.Ordinal)
            ? await RunAsync(setting)
            : await RunAsync(setting, "--OrderCapture:Sites:0:PickupLocations:0=store-1");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(lines, Has.One.Contains("OrderCapture:Sites:0:PickupLocations").And.Contain(expected), string.Join("\n", lines));
        });
    }

    [Test]
    public async Task Every_problem_is_reported_at_once()
    {
        var (exitCode, lines) = await RunAsync("--OrderCapture:ApiKey=short-key", "--OrderCapture:Sites:0:TimeZone=Nowhere/Here", "--Reconciliation:BatchSize=0");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(lines, Has.Length.EqualTo(3), string.Join("\n", lines));
            Assert.That(lines, Has.All.StartWith("configuration: "));
        });
    }

    [Test]
    public async Task Production_without_an_explicit_mode_refuses_rather_than_run_on_the_simulator()
    {
        var (exitCode, lines) = await CliProcess.RunAsync(_folder, ["run", "--Urls=http://127.0.0.1:0", "--OrderCapture:ApiKey=a-good-key-0123456789",
            "--OrderCapture:Sites:0:Id=MySite", "--OrderCapture:Sites:0:InventoryListId=MySiteInventory", "--Logging:Serilog=false",
            $"--OrderCapture:LockFile={Path.Combine(_folder, "o.lock")}"]);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(lines, Does.StartWith("configuration: Oci:Mode is not set in the Production environment"));
            Assert.That(lines, Does.Not.Contain("SIMULATOR"));
        });
    }
}
