using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.OciSimulator.Endpoints;

internal static class SimHttp
{
    /// <summary>Largest request body the simulator reads; bigger ones are 400.</summary>
    public const int MaxBodyBytes = 4 << 20;

    public static IResult Answer(SimAnswer answer) => answer.Status == 204
        ? Results.NoContent()
        : Results.Json(answer.Body, SimulatorJson.Options, answer.Status >= 400 ? "application/problem+json" : "application/json", answer.Status);

    public static IResult Problem(int status, string errorCode, string message) => Answer(SimulatorState.Problem(status, errorCode, message));

    /// <summary>Reads and parses a JSON body; a parse failure is a 400 InvalidRequest answer.</summary>
    public static async Task<(string Json, T? Value, IResult? Error)> ReadJsonAsync<T>(HttpRequest request)
        where T : class
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxBodyBytes + 1];
        var read = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (read > MaxBodyBytes)
        {
            return ("", null, Problem(400, "InvalidRequest", "body too large"));
        }

        var json = new string(buffer, 0, read);
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, SimulatorJson.Options);
            return value is null ? (json, null, Problem(400, "InvalidRequest", "empty body")) : (json, value, null);
        }
        catch (JsonException ex)
        {
            return (json, null, Problem(400, "InvalidRequest", $"malformed JSON: {ex.Message}"));
        }
    }
}
