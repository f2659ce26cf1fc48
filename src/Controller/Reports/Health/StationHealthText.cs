using System.Globalization;
using Fixture.Controller.Reports.Yield;
using Fixture.Protocol.Text;

namespace Fixture.Controller.Reports.Health;

/// <summary>Station health as the text report prints it; the HTML report's health tables use the same cells.</summary>
public static class StationHealthText
{
    internal static readonly string[] Header =
        ["attempts", "handshakes/attempt", "retries/attempt", "extra handshakes: baseline → recent", "retries: baseline → recent", "status"];

    /// <summary>What "recent", "baseline" and "well above" mean with these options, in one sentence.</summary>
    public static string Rule(StationHealthOptions o) => string.Create(
        CultureInfo.InvariantCulture,
        $"recent = the last {o.RecentAttempts} attempts of each socket or adapter, baseline = its earlier attempts (at least {o.MinBaselineAttempts} to judge); "
        + $"WARNING when a recent rate is at least {o.Factor:0.##}× its baseline and {o.Sigmas:0.#} standard deviations above it");

    internal static string[] Cells(HealthLine line, StationHealthOptions options) =>
    [
        line.Key,
        YieldReportText.N(line.Attempts),
        Rate(line.HandshakesPerAttempt),
        Rate(line.RetriesPerAttempt),
        $"{Rate(line.ExtraHandshakes.Baseline)} → {Rate(line.ExtraHandshakes.Recent)}",
        $"{Rate(line.Retries.Baseline)} → {Rate(line.Retries.Recent)}",
        Status(line, options),
    ];

    internal static string Status(HealthLine line, StationHealthOptions options)
    {
        if (!line.Judged)
        {
            return string.Create(CultureInfo.InvariantCulture, $"too few attempts to judge ({line.Attempts:N0} of {options.RecentAttempts + options.MinBaselineAttempts:N0})");
        }

        var problems = new List<string>();
        if (line.Retries.Warning)
        {
            problems.Add(Describe("retries", line.Retries));
        }

        if (line.ExtraHandshakes.Warning)
        {
            problems.Add(Describe("extra handshakes", line.ExtraHandshakes));
        }

        return problems.Count == 0 ? "ok" : "WARNING: " + string.Join("; ", problems);
    }

    public static void Write(TextWriter output, StationHealthResult health)
    {
        output.WriteLine($"Station health (per attempt; {Rule(health.Options)}):");
        if (health.Sockets.Count == 0)
        {
            output.WriteLine("  no attempts");
            return;
        }

        Table(output, "socket", health.Sockets, health.Options);
        if (health.Adapters.Count > 0)
        {
            output.WriteLine();
            Table(output, "adapter", health.Adapters, health.Options);
        }

        var warnings = health.Warnings.ToList();
        output.WriteLine();
        output.WriteLine(warnings.Count == 0
            ? "No socket or adapter is well above its own baseline."
            : $"HEALTH WARNING: {Plural.Of(warnings.Count, "socket or adapter", "sockets or adapters")} well above their own baseline: {string.Join(", ", warnings.Select(w => w.Key))}. "
              + "Check the pogo pins and contacts of the socket, or the USB-UART adapter and its cable, before it costs yield.");
    }

    private static void Table(TextWriter output, string what, IReadOnlyList<HealthLine> lines, StationHealthOptions options)
    {
        List<string[]> rows = [["  " + what, .. Header]];
        rows.AddRange(lines.Select(l => Cells(l, options)).Select(c => (string[])["  " + c[0], .. c[1..]]));
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, c) => c is > 0 and < 6 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
        }
    }

    private static string Describe(string what, HealthRate rate)
    {
        var times = rate.Baseline is { } b && b > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({rate.Recent / b:0.#}× baseline)") : "";
        return $"{what} {Rate(rate.Baseline)} → {Rate(rate.Recent)} per attempt{times}";
    }

    internal static string Rate(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
