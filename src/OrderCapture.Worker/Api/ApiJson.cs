using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderCapture.Worker.Api;

/// <summary>
/// How the API writes its records, in one place: the endpoints are configured with it, and the
/// CLI reads the service's answers into the same records with it, so a renamed field fails the
/// build or a test instead of an operator's <c>ordercapture status</c>.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
