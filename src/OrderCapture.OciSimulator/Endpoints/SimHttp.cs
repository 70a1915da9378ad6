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
        // Read what arrives, never more than the limit: a fixed buffer of the limit's size per request
        // would allocate megabytes for every small reservation.
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                return ("", null, Problem(400, "InvalidRequest", "body too large"));
            }

            body.Write(chunk, 0, read);
        }

        var json = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
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
