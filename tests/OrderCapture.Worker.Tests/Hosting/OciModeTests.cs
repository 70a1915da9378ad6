using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.Worker.Hosting;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Hosting;

/// <summary>Which OCI the orders go to is never a surprise: the mode is on /api/status, and the simulator has a banner on the page.</summary>
public sealed class OciModeTests : WorkerTestBase
{
    [Test]
    public async Task On_the_simulator_the_status_says_so_and_the_page_carries_a_banner()
    {
        var seed = Path.Combine(AppContext.BaseDirectory, "simulator-seed.json");
        var args = WorkerTestHost.SettingsArgs(Simulator, Folder).Where(a => !a.StartsWith("--Oci:", StringComparison.Ordinal))
            .Concat(["--Oci:Mode=Simulator", $"--Oci:SimulatorSeedFile={seed}"]).ToArray();
        await using var host = await OrderCaptureHost.BuildAsync(args);
        await host.App.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseUrl };
        http.DefaultRequestHeaders.Add("X-Api-Key", WorkerTestHost.ApiKey);

        var status = await http.GetFromJsonAsync<JsonElement>("/api/status");
        var page = await http.GetStringAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(host.Simulator, Is.Not.Null);
            Assert.That(status.GetProperty("ociMode").GetString(), Is.EqualTo("Simulator"));
            Assert.That(page, Does.Contain("id=\"simulator-banner\"").And.Contain("not Salesforce OCI"));
        });
    }

    [Test]
    public async Task Against_OCI_the_status_says_Remote_and_the_page_has_no_banner()
    {
        await StartWorkerAsync();

        var status = await Worker.GetJsonAsync("/api/status");
        var page = await Worker.Http.GetStringAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("ociMode").GetString(), Is.EqualTo("Remote"));
            Assert.That(page, Does.Not.Contain("simulator-banner"));
        });
    }
}
