using System.Globalization;
using System.Text;
using OrderCapture.Core.Telemetry;

namespace OrderCapture.Worker.Dashboard;

/// <summary>
/// The last 24 hours as two inline SVG charts (no script, no CDN): orders per minute answered
/// online, offline and refused; and the queue depth over OCI's state as a band (offline red,
/// recovering amber) with a tick for every minute reconciliation classified orders. A minute
/// with no row (the service was down) draws as nothing rather than as zero traffic.
/// </summary>
internal static class ActivityCharts
{
    public static readonly TimeSpan Span = TimeSpan.FromHours(24);

    private const int Width = 960, Height = 160, Left = 44, Right = 24, Top = 10, Bottom = 22;
    private const double PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;

    public static string Render(IReadOnlyList<ActivityMinute> minutes, DateTimeOffset now)
    {
        var start = now - Span;
        var html = new StringBuilder(16384);
        html.Append("<section id=\"charts\"><h2>The last 24 hours (UTC)</h2>");
        html.Append(Chart("chart-orders", "Orders per minute", minutes, start, m => Math.Max(m.Online, Math.Max(m.Offline, m.Refused)), svg =>
        {
            Series(svg, minutes, start, m => m.Online, "#2e844a", "online", Max(minutes, m => Math.Max(m.Online, Math.Max(m.Offline, m.Refused))));
            Series(svg, minutes, start, m => m.Offline, "#dd7a01", "offline", Max(minutes, m => Math.Max(m.Online, Math.Max(m.Offline, m.Refused))));
            Series(svg, minutes, start, m => m.Refused, "#ba0517", "refused", Max(minutes, m => Math.Max(m.Online, Math.Max(m.Offline, m.Refused))));
        }, "<span style=\"color:#2e844a\">■ online</span> <span style=\"color:#dd7a01\">■ offline</span> <span style=\"color:#ba0517\">■ refused</span>"));
        html.Append(Chart("chart-queue", "Reservation Missing queue", minutes, start, m => m.QueueDepth, svg =>
        {
            Band(svg, minutes, start);
            Series(svg, minutes, start, m => m.QueueDepth, "#032d60", "queue", Max(minutes, m => m.QueueDepth));
            foreach (var m in minutes.Where(m => m.Reconciled > 0 && m.Minute >= start))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"reconciled\" x=\"{X(m.Minute, start) - 1:0.#}\" y=\"{Height - Bottom - 6}\" width=\"2\" height=\"6\" fill=\"#0176d3\"><title>{m.Reconciled} reconciled at {m.Minute:HH:mm}</title></rect>");
            }
        }, "<span style=\"color:#032d60\">— queue depth</span> <span style=\"background:#fde2e1\">&nbsp;OCI offline&nbsp;</span> <span style=\"background:#fef0cd\">&nbsp;recovering&nbsp;</span> <span style=\"color:#0176d3\">▮ reconciliation run</span>"));
        html.Append("</section>");
        return html.ToString();
    }

    private static long Max(IReadOnlyList<ActivityMinute> minutes, Func<ActivityMinute, long> value) => Math.Max(1, minutes.Count == 0 ? 1 : minutes.Max(value));

    private static double X(DateTimeOffset minute, DateTimeOffset start) => Left + ((minute - start).TotalMinutes / Span.TotalMinutes * PlotWidth);

    private static double Y(long value, long max) => Top + PlotHeight - (value / (double)max * PlotHeight);

    private static string Chart(string id, string title, IReadOnlyList<ActivityMinute> minutes, DateTimeOffset start, Func<ActivityMinute, long> scale, Action<StringBuilder> draw, string legend)
    {
        var max = Max(minutes, scale);
        var svg = new StringBuilder(8192);
        svg.Append(CultureInfo.InvariantCulture,
            $"<figure style=\"margin:0 0 12px\"><figcaption>{title} — {legend}</figcaption><svg id=\"{id}\" data-minutes=\"{minutes.Count(m => m.Minute >= start)}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"10\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"#fafafa\" stroke=\"#ddd\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Top + 8}\" text-anchor=\"end\">{max}</text><text x=\"{Left - 4}\" y=\"{Top + PlotHeight}\" text-anchor=\"end\">0</text>");
        for (var hour = 0; hour <= 24; hour += 6)
        {
            var at = start.AddHours(hour);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(at, start):0.#}\" y=\"{Height - 6}\" text-anchor=\"middle\">{at:HH:mm}</text>");
        }

        draw(svg);
        svg.Append("</svg></figure>");
        return svg.ToString();
    }

    /// <summary>One polyline per run of consecutive minutes, so a gap (no row) stays a gap.</summary>
    private static void Series(StringBuilder svg, IReadOnlyList<ActivityMinute> minutes, DateTimeOffset start, Func<ActivityMinute, long> value, string colour, string name, long max)
    {
        var run = new List<string>();
        DateTimeOffset? previous = null;
        foreach (var m in minutes.Where(m => m.Minute >= start))
        {
            if (previous is { } p && m.Minute - p > TimeSpan.FromMinutes(1))
            {
                Flush();
            }

            run.Add(string.Create(CultureInfo.InvariantCulture, $"{X(m.Minute, start):0.#},{Y(value(m), max):0.#}"));
            previous = m.Minute;
        }

        Flush();

        void Flush()
        {
            if (run.Count > 0)
            {
                // A single minute is drawn as a short dash so it shows.
                var points = run.Count == 1 ? $"{run[0]} {Shift(run[0])}" : string.Join(' ', run);
                svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{name}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points}\"/>");
                run.Clear();
            }
        }
    }

    private static string Shift(string point)
    {
        var parts = point.Split(',');
        return string.Create(CultureInfo.InvariantCulture, $"{double.Parse(parts[0], CultureInfo.InvariantCulture) + 2:0.#},{parts[1]}");
    }

    /// <summary>OCI's state as background: a rectangle per run of minutes offline or recovering.</summary>
    private static void Band(StringBuilder svg, IReadOnlyList<ActivityMinute> minutes, DateTimeOffset start)
    {
        foreach (var m in minutes.Where(m => m.Minute >= start && m.OciState != "online"))
        {
            var fill = m.OciState == "offline" ? "#fde2e1" : "#fef0cd";
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"band-{m.OciState}\" x=\"{X(m.Minute, start):0.#}\" y=\"{Top}\" width=\"{Math.Max(1, PlotWidth / Span.TotalMinutes):0.##}\" height=\"{PlotHeight}\" fill=\"{fill}\"/>");
        }
    }
}
