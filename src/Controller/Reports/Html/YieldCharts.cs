using System.Globalization;
using System.Xml.Linq;
using Fixture.Controller.Reports.Details;
using Fixture.Controller.Reports.Health;
using Fixture.Controller.Reports.Yield;
using ScottPlot;
using SkiaSharp;

namespace Fixture.Controller.Reports.Html;

/// <summary>A chart ready to inline: its id (unique in the page), its caption and its SVG element (no XML declaration).</summary>
public sealed record Chart(string Id, string Caption, string? Svg, string? Empty);

/// <summary>
/// The HTML report's charts, drawn by ScottPlot 5 into SVG (Skia's SVG canvas: text stays text).
/// Each SVG gets a viewBox (it scales with the page), a <c>title</c>, ids prefixed with the chart's
/// own id (several charts share a page, and ScottPlot numbers its clip paths from 1 in each), and a
/// generic fallback after its font, for a reader without that font.
/// </summary>
internal static class YieldCharts
{
    private const int Width = 900;
    private const int Height = 380;

    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans"];
    private static readonly Lazy<string?> Font = new(PickFont);
    private static readonly Color Blue = Color.FromHex("#1f77b4");
    private static readonly Color Orange = Color.FromHex("#ff7f0e");
    private static readonly Color Green = Color.FromHex("#2ca02c");

    public static Chart Pareto(IReadOnlyList<ParetoEntry> pareto)
    {
        const string id = "chart-pareto", caption = "Failure Pareto: failed attempts by code (bars, left axis) and cumulative share (line, right axis)";
        if (pareto.Count == 0)
        {
            return new Chart(id, caption, null, "No failed attempts.");
        }

        var plot = NewPlot();
        var bars = plot.Add.Bars(pareto.Select((p, i) => new Bar { Position = i, Value = p.Count, FillColor = Blue, LineWidth = 0 }).ToList());
        var cumulative = plot.Add.Scatter(
            pareto.Select((_, i) => (double)i).ToArray(),
            pareto.Select(p => p.CumulativeShare * 100).ToArray(),
            Orange);
        cumulative.Axes.YAxis = plot.Axes.Right;
        cumulative.LineWidth = 2;
        cumulative.MarkerSize = 6;
        plot.Axes.Right.Label.Text = "cumulative share (%)";
        plot.Axes.Left.Label.Text = "failed attempts";
        plot.Axes.SetLimitsY(0, 105, plot.Axes.Right);
        plot.Axes.SetLimitsY(0, pareto.Max(p => p.Count) * 1.1, plot.Axes.Left);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsX(-0.6, pareto.Count - 0.4);
        CategoryTicks(plot, pareto.Select(p => p.Code).ToArray());
        bars.LegendText = "failed attempts";
        cumulative.LegendText = "cumulative share";
        plot.ShowLegend(Alignment.MiddleRight); // the bars shrink and the line climbs to the right: the middle right is free
        return Render(plot, id, caption);
    }

    public static Chart DailyYield(IReadOnlyList<DailyYield> days)
    {
        const string id = "chart-daily-yield", caption = "Daily first-pass and final yield (units by the UTC day of their first attempt)";
        var counted = days.Where(d => d.Units > 0).ToList();
        if (counted.Count == 0)
        {
            return new Chart(id, caption, null, "No units.");
        }

        var plot = NewPlot();
        var xs = counted.Select((_, i) => (double)i).ToArray();
        Line(plot, xs, counted.Select(d => d.FirstPassYield!.Value * 100).ToArray(), Blue, "first-pass yield");
        Line(plot, xs, counted.Select(d => d.FinalYield!.Value * 100).ToArray(), Green, "final yield");
        var low = counted.Min(d => Math.Min(d.FirstPassYield!.Value, d.FinalYield!.Value)) * 100;
        plot.Axes.SetLimitsY(Math.Max(0, Math.Floor((low - 5) / 5) * 5), 100.5);
        plot.Axes.SetLimitsX(-0.5, counted.Count - 0.5);
        plot.Axes.Left.Label.Text = "yield (%)";
        CategoryTicks(plot, counted.Select(d => d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray());
        plot.ShowLegend(Alignment.LowerLeft);
        return Render(plot, id, caption);
    }

    public static Chart CycleTimes(IReadOnlyList<PhaseTimes> phases)
    {
        const string id = "chart-cycle-times", caption = "Cycle time per phase of the passing attempts: median and 90th percentile (seconds)";
        var measured = phases.Where(p => p.Count > 0).ToList();
        if (measured.Count == 0)
        {
            return new Chart(id, caption, null, "No passing attempt with phase times.");
        }

        var plot = NewPlot();
        var bars = new List<Bar>();
        for (var i = 0; i < measured.Count; i++)
        {
            bars.Add(new Bar { Position = i - 0.2, Value = measured[i].MedianMs!.Value / 1000.0, Size = 0.38, FillColor = Blue, LineWidth = 0 });
            bars.Add(new Bar { Position = i + 0.2, Value = measured[i].P90Ms!.Value / 1000.0, Size = 0.38, FillColor = Orange, LineWidth = 0 });
        }

        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "median", FillColor = Blue });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "90th percentile", FillColor = Orange });
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Left.Label.Text = "seconds";
        plot.Axes.SetLimitsY(0, measured.Max(p => p.P90Ms!.Value) / 1000.0 * 1.15);
        plot.Axes.SetLimitsX(-0.6, measured.Count - 0.4);
        CategoryTicks(plot, measured.Select(p => p.Phase).ToArray());
        return Render(plot, id, caption);
    }

    /// <summary>One line per socket over the UTC days: retries (or handshake attempts) per attempt.</summary>
    public static Chart SocketTrend(IReadOnlyList<SocketDay> days, bool handshakes)
    {
        var id = handshakes ? "chart-handshakes" : "chart-retries";
        var caption = handshakes
            ? "Handshake attempts per attempt, per socket per day (1.0 = every unit answered the first handshake)"
            : "Retries per attempt, per socket per day (all retries: handshakes, loader re-syncs, region retries)";
        if (days.Count == 0)
        {
            return new Chart(id, caption, null, "No attempts.");
        }

        var allDays = days.Select(d => d.Day).Distinct().Order().ToList();
        var plot = NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        var socketIndex = 0;
        foreach (var socket in days.GroupBy(d => d.Socket, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var points = socket.OrderBy(d => d.Day).ToList();
            Line(
                plot,
                points.Select(d => (double)allDays.IndexOf(d.Day)).ToArray(),
                points.Select(d => handshakes ? d.HandshakesPerAttempt : d.RetriesPerAttempt).ToArray(),
                palette.GetColor(socketIndex++),
                socket.Key);
        }

        var values = days.Select(d => handshakes ? d.HandshakesPerAttempt : d.RetriesPerAttempt).ToList();
        plot.Axes.SetLimitsY(handshakes ? Math.Min(1, values.Min()) - 0.05 : 0, Math.Max(values.Max() * 1.15, handshakes ? 1.2 : 0.1));
        plot.Axes.SetLimitsX(-0.5, allDays.Count - 0.5);
        plot.Axes.Left.Label.Text = handshakes ? "handshake attempts per attempt" : "retries per attempt";
        CategoryTicks(plot, allDays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray());
        plot.ShowLegend(Edge.Right);
        return Render(plot, id, caption);
    }

    private static void Line(Plot plot, double[] xs, double[] ys, Color color, string legend)
    {
        var line = plot.Add.Scatter(xs, ys, color);
        line.LegendText = legend;
        line.LineWidth = 2;
        line.MarkerSize = 7;
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        if (Font.Value is { } font)
        {
            plot.Font.Set(font);
        }

        plot.Axes.Margins(0.05, 0.1);
        return plot;
    }

    private static void CategoryTicks(Plot plot, string[] labels)
    {
        // Dates and codes are long: with more than a few, slant them; with very many, label every n-th.
        var step = Math.Max(1, (int)Math.Ceiling(labels.Length / 31.0));
        var positions = new List<double>();
        var texts = new List<string>();
        for (var i = 0; i < labels.Length; i += step)
        {
            positions.Add(i);
            texts.Add(labels[i]);
        }

        plot.Axes.Bottom.SetTicks(positions.ToArray(), texts.ToArray());
        // Horizontal labels take about 7.5 px a character at 12 px; slant them when they would collide.
        var slotWidth = (Width - 140) / Math.Max(1, texts.Count);
        if (texts.Any(t => (t.Length * 7.5) + 12 > slotWidth))
        {
            // ScottPlot measures tick labels unrotated: reserve the slanted labels' height.
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = (texts.Max(t => t.Length) * 7.5f * 0.72f) + 24;
        }
    }

    private static Chart Render(Plot plot, string id, string caption)
    {
        var svg = plot.GetSvgXml(Width, Height);
        return new Chart(id, caption, Inline(svg, id, caption), null);
    }

    /// <summary>ScottPlot's SVG document made fit to sit in a page with other charts.</summary>
    internal static string Inline(string svgDocument, string id, string title)
    {
        var document = XDocument.Parse(svgDocument);
        var root = document.Root ?? throw new InvalidOperationException("ScottPlot returned an SVG without a root element.");
        XNamespace svg = "http://www.w3.org/2000/svg";
        XNamespace xlink = "http://www.w3.org/1999/xlink";
        var width = (string?)root.Attribute("width") ?? Width.ToString(CultureInfo.InvariantCulture);
        var height = (string?)root.Attribute("height") ?? Height.ToString(CultureInfo.InvariantCulture);
        root.SetAttributeValue("viewBox", $"0 0 {width} {height}");
        root.SetAttributeValue("width", null);
        root.SetAttributeValue("height", null);
        root.SetAttributeValue("id", id);
        root.SetAttributeValue("role", "img");
        root.SetAttributeValue("aria-labelledby", id + "-title");
        root.SetAttributeValue("preserveAspectRatio", "xMidYMid meet");
        root.AddFirst(new XElement(svg + "title", new XAttribute("id", id + "-title"), title));
        foreach (var element in root.Descendants())
        {
            foreach (var attribute in element.Attributes().ToList())
            {
                if (attribute.Name.LocalName == "id" && element.Name.LocalName != "title")
                {
                    attribute.Value = id + "-" + attribute.Value;
                }
                else if (attribute.Value.Contains("url(#", StringComparison.Ordinal))
                {
                    attribute.Value = attribute.Value.Replace("url(#", "url(#" + id + "-", StringComparison.Ordinal);
                }
                else if (attribute.Name == xlink + "href" && attribute.Value.StartsWith('#'))
                {
                    attribute.Value = "#" + id + "-" + attribute.Value[1..];
                }
                else if (attribute.Name.LocalName == "font-family" && !attribute.Value.Contains("sans-serif", StringComparison.Ordinal))
                {
                    attribute.Value += ", sans-serif";
                }
            }
        }

        return root.ToString(SaveOptions.DisableFormatting);
    }

    private static string? PickFont()
    {
        var installed = SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return PreferredFonts.FirstOrDefault(installed.Contains);
    }
}
