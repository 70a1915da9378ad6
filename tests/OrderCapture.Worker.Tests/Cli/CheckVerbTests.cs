using Microsoft.Data.Sqlite;
using OrderCapture.Worker.Cli;
using OrderCapture.Worker.Cli.Verbs;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Cli;

/// <summary><c>ordercapture check</c> is clean after a normal demo and finds each kind of planted inconsistency.</summary>
public sealed class CheckVerbTests
{
    private static string _folder = null!;

    private static string Reports => Path.Combine(_folder, "impex", "src", "continuous_order_capture");

    private static string[] Settings =>
    [
        "--Storage:ConnectionString=Data Source=" + Path.Combine(_folder, "demo.db"),
        "--OrderCapture:ImpexRoot=" + Path.Combine(_folder, "impex"),
        "--OrderCapture:OperatorKeys:0=check-operator-key-0123456789",
        "--OrderCapture:Sites:0:Id=MySite", "--OrderCapture:Sites:0:InventoryListId=MySiteInventory",
    ];

    [SetUp]
    public async Task RunDemoAsync()
    {
        _folder = WorkerTestHost.NewFolder();
        var demo = await CliProcess.RunAsync(_folder, "demo", "--output", _folder);
        Assert.That(demo.ExitCode, Is.Zero, demo.Output);
    }

    [TearDown]
    public void Delete()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static Task<(int ExitCode, string Output)> CheckAsync() => CliProcess.RunAsync(_folder, ["check", "--raw", .. Settings]);

    private static void Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "demo.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Test]
    public async Task Check_is_clean_after_a_normal_demo()
    {
        var check = await CheckAsync();

        Assert.That(check, Is.EqualTo((ExitCodes.Ok, "")));
    }

    [Test]
    public async Task The_demo_ends_with_OCI_agreeing_with_every_order()
    {
        // The demo's simulator lives and dies with the demo, so the demo runs check --verify-oci's comparison itself, last.
        var demo = await CliProcess.RunAsync(_folder, "demo", "--output", Path.Combine(_folder, "again"));

        Assert.That(demo.ExitCode, Is.Zero, demo.Output);
        Assert.That(demo.Output, Does.Match(@"OCI agrees \(check --verify-oci\): [1-9]\d* order\(s\) compared with [1-9]\d* reservation document"));
    }

    [Test]
    public async Task Check_finds_a_classified_order_missing_from_its_report()
    {
        var oversold = Directory.GetFiles(Reports, "*_oversold_MySite.json").Single();
        File.Delete(oversold);

        var check = await CheckAsync();

        Assert.Multiple(() =>
        {
            Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Findings));
            Assert.That(check.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3).And.All.StartsWith("missing_oversold_report\tMySite\t"));
        });
    }

    [Test]
    public async Task Check_finds_a_hold_without_its_order_and_a_queued_order_without_its_hold()
    {
        Sql("INSERT INTO holds(site, order_no, list_id, sku, quantity) VALUES ('MySite', 'ghost', 'MySiteInventory', 'MUG-CLASSIC', 1000)");
        Sql("UPDATE orders SET status = 'ReservationMissing' WHERE order_no = '0000010003'");
        Sql("UPDATE holds SET counting = 0 WHERE order_no = '0000010003'");

        var check = await CheckAsync();

        Assert.Multiple(() =>
        {
            Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Findings));
            Assert.That(check.Output, Does.Contain("hold_without_order\tMySite\tghost"));
            Assert.That(check.Output, Does.Contain("queued_without_hold\tMySite\t0000010003"));
        });
    }

    [Test]
    public async Task Check_finds_an_order_in_two_daily_files_of_one_kind()
    {
        var reserved = Directory.GetFiles(Reports, "*_reserved_MySite.json").Single();
        File.Copy(reserved, Path.Combine(Reports, "19990101_reserved_MySite.json"));

        var check = await CheckAsync();

        Assert.Multiple(() =>
        {
            Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Findings));
            Assert.That(check.Output, Does.Contain("order_in_two_daily_files\tMySite\t0000010003"));
        });
    }

    [Test]
    public async Task Check_since_a_moment_reads_only_the_orders_captured_and_the_daily_files_dated_from_then_on()
    {
        File.Delete(Directory.GetFiles(Reports, "*_oversold_MySite.json").Single());
        File.Copy(Directory.GetFiles(Reports, "*_reserved_MySite.json").Single(), Path.Combine(Reports, "19990101_reserved_MySite.json"));
        var now = TimeProvider.System.GetUtcNow();

        var sinceYesterday = await CliProcess.RunAsync(_folder, ["check", "--raw", "--since", now.AddDays(-1).ToString("yyyy-MM-dd"), .. Settings]);
        var sinceTomorrow = await CliProcess.RunAsync(_folder, ["check", "--raw", "--since", now.AddDays(1).ToString("O"), .. Settings]);
        var bad = await CliProcess.RunAsync(_folder, ["check", "--since", "last tuesday", .. Settings]);

        Assert.Multiple(() =>
        {
            Assert.That(sinceYesterday.ExitCode, Is.EqualTo(ExitCodes.Findings));
            Assert.That(sinceYesterday.Output, Does.Contain("missing_oversold_report"));
            Assert.That(sinceYesterday.Output, Does.Not.Contain("order_in_two_daily_files"), "a daily file of 1999 is not read");
            Assert.That(sinceTomorrow, Is.EqualTo((ExitCodes.Ok, "")), "no order captured since tomorrow");
            Assert.That(bad.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(bad.Output, Does.Contain("--since 'last tuesday'"));
        });
    }
}
