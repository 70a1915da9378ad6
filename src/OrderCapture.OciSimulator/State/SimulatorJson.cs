using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderCapture.OciSimulator.State;

internal static class SimulatorJson
{
    // Optional properties the simulator has no value for are left out, as the vendor's answers do, not sent as null.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
