using System.Text.Json;

namespace OrderCapture.Worker.Tests.Hosting;

/// <summary>
/// The runtime settings the service needs travel in its own runtimeconfig.json, the file a
/// deployment copies beside the binary, rather than in a unit file an installation may not use.
/// </summary>
public sealed class ServiceRuntimeTests
{
    [Test]
    public void The_service_binary_counts_calls_towards_optimised_code_from_the_first_call()
    {
        var properties = RuntimeConfigProperties();

        Assert.That(properties.TryGetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs", out var delay), Is.True,
            "the call-counting delay is set in ordercapture.runtimeconfig.json");
        Assert.That(delay.GetInt32(), Is.Zero);
    }

    private static JsonElement RuntimeConfigProperties()
    {
        var executable = typeof(OrderCapture.Worker.Cli.OrderCaptureCli).Assembly.Location;
        var path = Path.ChangeExtension(executable, ".runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
