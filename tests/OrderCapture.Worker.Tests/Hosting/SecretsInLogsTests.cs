using System.Net;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Hosting;

public sealed class SecretsInLogsTests
{
    private const string ClientSecret = "oci-client-secret-7d1f0c";

    [Test]
    public async Task Neither_the_API_key_nor_the_OCI_secret_reaches_a_log_line()
    {
        await using var simulator = await OciSimulatorServer.StartAsync(new SimulatorOptions { ClientSecret = ClientSecret, ExportDelay = TimeSpan.Zero });
        simulator.State.Replace(WorkerTestHost.Seed(10));
        var folder = WorkerTestHost.NewFolder();
        var logs = new[] { Path.Combine(folder, "a.json"), Path.Combine(folder, "b.json") };
        await using (var worker = await WorkerTestHost.StartAsync(simulator, folder, new Dictionary<string, string>
        {
            ["Oci:ClientSecret"] = ClientSecret,
            ["Logging:Serilog"] = "true",
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            ["Serilog:MinimumLevel:Override:System.Net.Http.HttpClient"] = "Verbose",
            ["Serilog:WriteTo:0:Name"] = "File",
            ["Serilog:WriteTo:0:Args:path"] = logs[0],
            ["Serilog:WriteTo:0:Args:formatter"] = "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact",
            ["Serilog:WriteTo:1:Name"] = "File",
            ["Serilog:WriteTo:1:Args:path"] = logs[1],
        }))
        {
            await worker.WaitForCacheAsync();
            using (var online = await worker.PostOrderAsync("log-1", ("SKU-1", 1)))
            {
                Assert.That(online.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            }

            simulator.Tokens.RevokeAll(); // forces a 401 and a token refresh
            using (var refreshed = await worker.PostOrderAsync("log-2", ("SKU-1", 1)))
            {
                Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            }

            await worker.CutOciAsync(simulator);
            using (var offline = await worker.PostOrderAsync("log-3", ("SKU-1", 1)))
            {
                Assert.That(offline.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            }
        }

        // A rolling sink adds the date to the name: read whatever each sink wrote.
        var written = Directory.GetFiles(folder, "*.json").Where(f => Path.GetFileName(f)[0] is 'a' or 'b').ToList();
        Assert.That(written, Has.Count.EqualTo(2));
        var text = string.Concat(written.Select(File.ReadAllText));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("log-").Or.Contain("Availability cache"), "the logs did record the activity");
            Assert.That(text, Does.Contain("\"OrderNo\":\"log-1\"").And.Contain("\"Outcome\":\"reserved\""), "one audit line per captured order, as structured properties");
            Assert.That(text, Does.Contain("/api/availability/MySiteInventory/SKU-1"), "request logging: a line per (non-capture) request");
            Assert.That(text, Does.Not.Contain(ClientSecret));
            Assert.That(text, Does.Not.Contain(WorkerTestHost.ApiKey));
            Assert.That(text, Does.Not.Contain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"ordercapture:{ClientSecret}"))));
        });
        Directory.Delete(folder, recursive: true);
    }
}
