using System.Globalization;
using System.Text.Json;

namespace Fixture.Lab.Benchmarks;

/// <summary>
/// `fixture-lab bench flash --json`: the headline figures of the flashing benchmark as one JSON object
/// (issue 10 §3), each measured on the station path, with the targets that were missed and why. A figure
/// that was not measured is null and <see cref="Notes"/> says why.
/// </summary>
public sealed record FlashFigures
{
    public double? VendorSeconds { get; init; }

    public double? VendorOwnSetSeconds { get; init; }

    public double? FixtureSeconds { get; init; }

    public double? Fixture16msSeconds { get; init; }

    public double? Fixture3MSeconds { get; init; }

    public double? FloorSeconds { get; init; }

    public double? RatioVsVendor { get; init; }

    public double? RatioVsVendorOwnSet { get; init; }

    public double? RatioVsFloor { get; init; }

    public double? RatioVsVendorAt16ms { get; init; }

    public double? ReflashSeconds { get; init; }

    public double? CycleSeconds { get; init; }

    public double? XzRatioVsLiblzma { get; init; }

    public double? CpuSecondsPerUnit { get; init; }

    /// <summary>Targets not met, each with its figure and reason.</summary>
    public IReadOnlyList<string> Missed { get; init; } = [];

    /// <summary>Why a figure is null, and what a figure stands for where its name does not say.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <param name="results">The standard scenarios (<see cref="FlashScenario.Standard"/>).</param>
    /// <param name="cycle">Button to report row of a fresh unit at 2 Mbaud, 1.5 ms (bench cycle's first scenario), or null.</param>
    public static FlashFigures From(IReadOnlyList<FlashScenarioResult> results, TimeSpan? cycle, XzComparison? xz, HostCpuFigures? cpu)
    {
        ArgumentNullException.ThrowIfNull(results);
        var fresh = results.FirstOrDefault(r => r.Scenario == FlashScenario.Standard[0]);
        var ftdi = results.FirstOrDefault(r => r.Scenario == FlashScenario.Standard[1]);
        var fast = results.FirstOrDefault(r => r.Scenario == FlashScenario.Standard[3]);
        var reflash = results.FirstOrDefault(r => r.Scenario == FlashScenario.Standard[4]);
        var missed = new List<string>();
        var notes = new List<string>
        {
            "vendorSeconds, vendorOwnSetSeconds: the vendor imitation, the station's phases run with the vendor's profile, reset dance and retries (src/Lab/Vendor/VendorHost.cs) on the same simulated station and timings; vendorSeconds flashes the recipe's plan (clean-slate erases included), vendorOwnSetSeconds the vendor tool's own file set (boot2, partition x2, firmware, dtb).",
            "ratioVsVendorOwnSet: fixtureSeconds (the recipe's plan on the station path) / vendorOwnSetSeconds.",
        };
        double? ratio = fresh is null ? null : fresh.Fixture.Time / fresh.Vendor.Time;
        double? floorRatio = fresh is null ? null : fresh.Fixture.Time / fresh.Floor.Total;
        double? ftdiRatio = ftdi is null ? null : ftdi.Fixture.Time / ftdi.Vendor.Time;
        double? ownSetRatio = fresh?.VendorOwnSet is { } ownSet ? fresh.Fixture.Time / ownSet.Time : null;
        if (ownSetRatio > FlashBenchmarkReport.VendorRatioTarget)
        {
            missed.Add(Invariant($"ratioVsVendorOwnSet {ownSetRatio:F3} > {FlashBenchmarkReport.VendorRatioTarget:F2}: the vendor's own set skips the two clean-slate erases the fixture's plan does"));
        }

        if (ratio > FlashBenchmarkReport.VendorRatioTarget)
        {
            missed.Add(Invariant($"ratioVsVendor {ratio:F3} > {FlashBenchmarkReport.VendorRatioTarget:F2}"));
        }

        if (floorRatio < 1)
        {
            missed.Add(Invariant($"ratioVsFloor {floorRatio:F3} < 1: the fixture ran below the floor, so the floor does not model the work done"));
        }
        else if (floorRatio > 1 + FlashBenchmarkReport.FloorMarginTarget)
        {
            missed.Add(Invariant($"ratioVsFloor {floorRatio:F3} > {1 + FlashBenchmarkReport.FloorMarginTarget:F2}"));
        }

        if (ftdiRatio > FlashBenchmarkReport.VendorRatioTarget)
        {
            missed.Add(Invariant($"ratioVsVendorAt16ms {ftdiRatio:F3} > {FlashBenchmarkReport.VendorRatioTarget:F2}"));
        }

        if (reflash is not null && reflash.Fixture.Time >= FlashBenchmarkReport.HashSkipTarget)
        {
            missed.Add(Invariant($"reflashSeconds {reflash.Fixture.Time.TotalSeconds:F3} >= {FlashBenchmarkReport.HashSkipTarget.TotalSeconds:F1}"));
        }

        if (xz?.Ratio > XzComparison.Target)
        {
            missed.Add(Invariant($"xzRatioVsLiblzma {xz.Ratio:F4} > {XzComparison.Target:F2} ({xz.OurBytes} B against {xz.LiblzmaBytes} B)"));
        }

        if (xz?.Reason is { } why)
        {
            notes.Add("xzRatioVsLiblzma: " + why);
        }

        if (cycle is null)
        {
            notes.Add("cycleSeconds: not measured (--no-cycle).");
        }

        if (cpu is null)
        {
            notes.Add("cpuSecondsPerUnit: not measured (--cpu-units 0).");
        }
        else
        {
            notes.Add(Invariant($"cpuSecondsPerUnit: process CPU per unit of a one-socket simulated station run (host and unit model together), {cpu.Units} units, {cpu.Machine}."));
        }

        var figures = new FlashFigures
        {
            VendorSeconds = Seconds(fresh?.Vendor.Time),
            VendorOwnSetSeconds = Seconds(fresh?.VendorOwnSet?.Time),
            RatioVsVendorOwnSet = Round(ownSetRatio),
            FixtureSeconds = Seconds(fresh?.Fixture.Time),
            Fixture16msSeconds = Seconds(ftdi?.Fixture.Time),
            Fixture3MSeconds = Seconds(fast?.Fixture.Time),
            FloorSeconds = Seconds(fresh?.Floor.Total),
            RatioVsVendor = Round(ratio),
            RatioVsFloor = Round(floorRatio),
            RatioVsVendorAt16ms = Round(ftdiRatio),
            ReflashSeconds = Seconds(reflash?.Fixture.Time),
            CycleSeconds = Seconds(cycle),
            XzRatioVsLiblzma = xz?.Ratio is { } x ? Math.Round(x, 4) : null,
            CpuSecondsPerUnit = cpu is null ? null : Math.Round(cpu.SimulatedPerUnit.TotalSeconds, 5),
            Missed = missed,
            Notes = notes,
        };
        return figures with { Notes = [.. notes, .. figures.NullsWithoutReason().Select(key => key + ": not measured in this run (the scenario or measurement it comes from was not run).")] };
    }

    /// <summary>The headline keys of the JSON object, in order (issue 10 §3).</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "vendorSeconds", "vendorOwnSetSeconds", "fixtureSeconds", "fixture16msSeconds", "fixture3MSeconds", "floorSeconds",
        "ratioVsVendor", "ratioVsVendorOwnSet", "ratioVsFloor", "ratioVsVendorAt16ms", "reflashSeconds", "cycleSeconds",
        "xzRatioVsLiblzma", "cpuSecondsPerUnit",
    ];

    /// <summary>Headline keys whose figure is null and that no note explains (a note starts with the key and a colon).</summary>
    public IReadOnlyList<string> NullsWithoutReason()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(ToJson())!.AsObject();
        return [.. Keys.Where(k => json[k] is null && !Notes.Any(n => n.StartsWith(k + ":", StringComparison.Ordinal)))];
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a terminal and jq read it, no HTML page
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    private static double? Seconds(TimeSpan? time) => time is { } t ? Math.Round(t.TotalSeconds, 3) : null;

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
