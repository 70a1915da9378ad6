using OrderCapture.Core.Oci;
using OrderCapture.OciSimulator;

namespace OrderCapture.Worker.Hosting;

/// <summary>
/// <c>Oci:Mode = Simulator</c> (the embedded default): host the OCI simulator in-process on a
/// free loopback port, seed it, and point the client at it. Announced loudly: it is not OCI.
/// </summary>
internal static class EmbeddedSimulator
{
    public static async Task<OciSimulatorServer?> StartIfConfiguredAsync(ConfigurationManager configuration, CancellationToken cancellationToken)
    {
        var mode = configuration.GetValue("Oci:Mode", OciMode.Simulator);
        if (mode != OciMode.Simulator)
        {
            return null;
        }

        var options = new SimulatorOptions
        {
            ClientId = configuration["Oci:ClientId"] ?? new OciOptions().ClientId,
            ClientSecret = configuration["Oci:ClientSecret"] ?? new OciOptions().ClientSecret,
        };
        var simulator = await OciSimulatorServer.StartAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        var seedFile = configuration["Oci:SimulatorSeedFile"];
        if (!string.IsNullOrEmpty(seedFile))
        {
            simulator.State.Replace(OciSimulatorApp.LoadSeed(seedFile));
        }

        configuration["Oci:BaseUrl"] = simulator.BaseUrl.ToString();
        return simulator; // announced by the host once the configuration is known to be good
    }
}
