using System.Globalization;
using System.Text;
using OrderCapture.Core.Telemetry;

namespace OrderCapture.Worker.Dashboard;

/// <summary>
/// The last 24 hours as two inline SVG charts (no script, no CDN), in 5-minute columns so that each
/// is a few pixels wide and the series cannot hide one another: orders per minute answered online,
/// offline and refused as stacked bars; and the queue depth (the column's highest) over OCI's state
/// as a band (offline red, recovering amber), with a tick for every column in which reconciliation
/// classified orders. A column with no minute recorded (the service was down) stays empty.
/// </summary>
internal static class ActivityCharts
{
    public static readonly TimeSpan Span = TimeSpan.FromHours(24);

    public static readonly TimeSpan Column = TimeSpan.FromMinutes(5);

    private const int Width = 960, Height = 160, Left = 44, Right = 24, Top = 10, Bottom = 22;
    private const double PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;

    private sealed record Bucket(int Index, double Online, double Offline, double Refused, long Reconciled, long QueueDepth, string OciState);

    public static string Render(IReadOnlyList<ActivityMinute> minutes, DateTimeOffset now)
    {
        var columns = (int)(Span / Column);
        var start = now - Span;
        var buckets = Buckets(minutes, start, columns);
        var width = PlotWidth / columns;
        var html = new StringBuilder(16384);
        html.Append("<section id=\"charts\"><h2>The last 24 hours (UTC, 5-minute columns)</h2>");

        var maxRate = Math.Max(1, buckets.Count == 0 ? 1 : buckets.Max(b => b.Online + b.Offline + b.Refused));
        html.Append(Chart("chart-orders", "Orders per minute", start, maxRate.ToString("0.#", CultureInfo.InvariantCulture), svg =>
        {
            foreach (var b in buckets)
            {
                var x = Left + (b.Index * width);
                var bottom = Top + PlotHeight;
                foreach (var (value, colour, name) in new[] { (b.Online, "#2e844a", "online"), (b.Offline, "#dd7a01", "offline"), (b.Refused, "#ba0517", "refused") })
                {
                    var height = value / maxRate * PlotHeight;
                    if (height > 0)
                    {
                        svg.Append(CultureInfo.InvariantCulture,
                            $"<rect class=\"{name}\" x=\"{x:0.##}\" y=\"{bottom - height:0.##}\" width=\"{Math.Max(1, width - 0.5):0.##}\" height=\"{Math.Max(1, height):0.##}\" fill=\"{colour}\"><title>{value:0.#}/min {name}</title></rect>");
                        bottom -= height;
                    }
                }
            }
        }, "<span style=\"color:#2e844a\">■ online</span> <span style=\"color:#dd7a01\">■ offline</span> <span style=\"color:#ba0517\">■ refused</span>"));

        var maxDepth = Math.Max(1, buckets.Count == 0 ? 1 : buckets.Max(b => b.QueueDepth));
        html.Append(Chart("chart-queue", "Reservation Missing queue", start, maxDepth.ToString(CultureInfo.InvariantCulture), svg =>
        {
            foreach (var b in buckets.Where(b => b.OciState != "online"))
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"band-{b.OciState}\" x=\"{Left + (b.Index * width):0.##}\" y=\"{Top}\" width=\"{width:0.##}\" height=\"{PlotHeight}\" fill=\"{(b.OciState == "offline" ? "#fde2e1" : "#fef0cd")}\"/>");
            }

            // One polyline per run of recorded columns, so a gap stays a gap.
            var run = new List<string>();
            var previous = -2;
            foreach (var b in buckets)
            {
                if (b.Index != previous + 1)
                {
                    Polyline(svg, run);
                }

                run.Add(string.Create(CultureInfo.InvariantCulture, $"{Left + ((b.Index + 0.5) * width):0.##},{Top + PlotHeight - (b.QueueDepth / (double)maxDepth * (PlotHeight - 2)) - 1:0.##}"));
                previous = b.Index;
            }

            Polyline(svg, run);
            foreach (var b in buckets.Where(b => b.Reconciled > 0))
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"reconciled\" x=\"{Left + (b.Index * width):0.##}\" y=\"{Top + PlotHeight - 6}\" width=\"{Math.Max(1, width - 0.5):0.##}\" height=\"6\" fill=\"#0176d3\"><title>{b.Reconciled} reconciled</title></rect>");
            }
        }, "<span style=\"color:#032d60\">— queue depth</span> <span style=\"background:#fde2e1\">&nbsp;OCI offline&nbsp;</span> <span style=\"background:#fef0cd\">&nbsp;recovering&nbsp;</span> <span style=\"color:#0176d3\">▮ reconciliation</span>"));
        html.Append("</section>");
        return html.ToString();
    }

    private static List<Bucket> Buckets(IReadOnlyList<ActivityMinute> minutes, DateTimeOffset start, int columns) =>
        [.. minutes.Where(m => m.Minute >= start)
            .GroupBy(m => Math.Min(columns - 1, (int)((m.Minute - start) / Column)))
            .OrderBy(g => g.Key)
            .Select(g => new Bucket(g.Key,
                g.Sum(m => m.Online) / Column.TotalMinutes, g.Sum(m => m.Offline) / Column.TotalMinutes, g.Sum(m => m.Refused) / Column.TotalMinutes,
                g.Sum(m => m.Reconciled), g.Max(m => m.QueueDepth),
                g.Any(m => m.OciState == "offline") ? "offline" : g.Any(m => m.OciState == "recovering") ? "recovering" : "online"))];

    private static void Polyline(StringBuilder svg, List<string> run)
    {
        if (run.Count > 0)
        {
            // A single column is drawn as a short dash so it shows.
            var points = run.Count == 1 ? $"{run[0]} {Shift(run[0])}" : string.Join(' ', run);
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"queue\" fill=\"none\" stroke=\"#032d60\" stroke-width=\"2\" points=\"{points}\"/>");
            run.Clear();
        }
    }

    private static string Shift(string point)
    {
        var parts = point.Split(',');
        return string.Create(CultureInfo.InvariantCulture, $"{double.Parse(parts[0], CultureInfo.InvariantCulture) + 3:0.##},{parts[1]}");
    }

    private static string Chart(string id, string title, DateTimeOffset start, string max, Action<StringBuilder> draw, string legend)
    {
        var svg = new StringBuilder(8192);
        svg.Append(CultureInfo.InvariantCulture,
            $"<figure style=\"margin:0 0 12px\"><figcaption>{title} — {legend}</figcaption><svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"10\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"#fafafa\" stroke=\"#ddd\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Top + 8}\" text-anchor=\"end\">{max}</text><text x=\"{Left - 4}\" y=\"{Top + PlotHeight}\" text-anchor=\"end\">0</text>");
        for (var hour = 0; hour <= 24; hour += 6)
        {
            var at = start.AddHours(hour);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (hour / 24.0 * PlotWidth):0.#}\" y=\"{Height - 6}\" text-anchor=\"middle\">{at:HH:mm}</text>");
        }

        draw(svg);
        svg.Append("</svg></figure>");
        return svg.ToString();
    }
}
