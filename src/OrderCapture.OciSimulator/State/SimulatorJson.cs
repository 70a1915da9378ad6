using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderCapture.OciSimulator.State;

internal static class SimulatorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
