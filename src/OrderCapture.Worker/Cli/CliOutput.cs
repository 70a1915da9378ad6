using System.Text.Json;
using Spectre.Console;

namespace OrderCapture.Worker.Cli;

/// <summary>Tables for people; for a pipe, Spectre falls back to plain text on its own.</summary>
internal static class CliOutput
{
    public static void Table(string title, IEnumerable<string> headers, IEnumerable<IEnumerable<string?>> rows)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        foreach (var header in headers)
        {
            table.AddColumn(Markup.Escape(header));
        }

        foreach (var row in rows)
        {
            table.AddRow([.. row.Select(cell => Markup.Escape(cell ?? ""))]);
        }

        AnsiConsole.Write(table);
    }

    public static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Null => "",
            _ => value.GetRawText(),
        } : "";

    public static async Task<int> ServiceErrorAsync(int status, JsonElement body)
    {
        await Console.Error.WriteLineAsync($"The service answered {status}: {Text(body, "title")} {Text(body, "detail")}").ConfigureAwait(false);
        return ExitCodes.ServiceError;
    }
}
