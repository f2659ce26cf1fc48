using Fixture.Tests.Shared;
using Fixture.Lab.Benchmarks.Cycle;
using Fixture.Controller.Reports;

namespace Fixture.Controller.Tests.Benchmarks;

/// <summary>
/// `fixture bench cycle` on the committed simulated station, in modelled time: the phases of a unit's cycle
/// are consecutive, complete and honest about the station's own settings. No speed is asserted.
/// </summary>
public sealed class CycleBenchmarkTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bench-cycle-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);


    private static string StationConfig => RepositoryFiles.Path("config", "station.sim.json");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Phases_are_consecutive_and_add_up_to_the_rows_button_to_report_time(int scenario)
    {
        var run = await new CycleBenchmark(StationConfig).RunAsync(CycleScenario.Standard[scenario], CancellationToken.None);

        Assert.Equal(UnitVerdict.Pass, run.Row.Verdict);
        Assert.All(run.Phases, p => Assert.True(p.Duration >= TimeSpan.Zero, $"{p.Name}: {p.Duration}"));
        Assert.Equal(run.Row.TotalTime, run.Total);
        Assert.Equal(run.Row.TimeToBootComplete, run.BootComplete);
        Assert.Equal(run.Total, run.FlashingInCycle + run.BootComplete + run.Overhead);

        // The parts the report shows cover every phase once.
        Assert.Equal(run.Total, Enum.GetValues<CycleGroup>().Aggregate(TimeSpan.Zero, (sum, g) => sum + run.In(g)));

        // The unit stays powered until boot complete has been read (a cut before it counts a failed boot in the unit).
        var afterBootComplete = Assert.Single(run.Phases, p => p.Name.StartsWith("after boot complete", StringComparison.Ordinal));
        Assert.True(afterBootComplete.Duration >= TimeSpan.Zero);
    }

    [Fact]
    public async Task A_unit_that_holds_the_image_spends_its_flashing_on_hashes_not_on_erase_and_write()
    {
        var fresh = await new CycleBenchmark(StationConfig).RunAsync(CycleScenario.Standard[0], CancellationToken.None);
        var retest = await new CycleBenchmark(StationConfig).RunAsync(CycleScenario.Standard[2], CancellationToken.None);

        Assert.Equal(TimeSpan.Zero, retest.Row.WriteTime);
        Assert.True(retest.In(CycleGroup.EraseWriteVerify) < fresh.In(CycleGroup.EraseWriteVerify));
        Assert.Contains("hash-skip", retest.Row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chip_en_hold_and_settle_phases_are_what_the_gpio_chip_saw_the_station_drive()
    {
        // Another hold and settle than the committed 20 and 50 ms: the phases follow the lines the station drove,
        // POWER on to CHIP_EN released, CHIP_EN released to the first burst, BOOT released to CHIP_EN released.
        var recipe = RepositoryFiles.SimRecipe;
        var text = File.ReadAllText(StationConfig)
            .Replace("\"recipes/openbl602-sim/recipe.json\"", $"\"{recipe}\"", StringComparison.Ordinal)
            .Replace("\"resetHoldMs\": 20", "\"resetHoldMs\": 35", StringComparison.Ordinal)
            .Replace("\"settleMs\": 50", "\"settleMs\": 70", StringComparison.Ordinal);
        Assert.Contains("\"resetHoldMs\": 35", text, StringComparison.Ordinal);
        var config = Path.Combine(_folder, "station.json");
        File.WriteAllText(config, text);

        var committed = await new CycleBenchmark(StationConfig).RunAsync(CycleScenario.Standard[0], CancellationToken.None);
        var run = await new CycleBenchmark(config).RunAsync(CycleScenario.Standard[0], CancellationToken.None);

        Assert.Equal(UnitVerdict.Pass, run.Row.Verdict);
        TimeSpan Phase(CycleRun r, string name) => Assert.Single(r.Phases, p => p.Name.StartsWith(name, StringComparison.Ordinal)).Duration;
        Assert.Equal(TimeSpan.FromMilliseconds(35), Phase(run, "power-on"));
        Assert.Equal(TimeSpan.FromMilliseconds(70), Phase(run, "settle"));
        Assert.Equal(TimeSpan.FromMilliseconds(35), Phase(run, "firmware start"));

        // 15 + 20 ms more on the lines, 15 ms more at the firmware's reset: the rest of the cycle does not move.
        Assert.Equal(committed.Total + TimeSpan.FromMilliseconds(50), run.Total);
        Assert.Equal(Phase(committed, "flash plan"), Phase(run, "flash plan"));
    }

    [Fact]
    public void Bench_cycle_writes_the_full_cycle_section_beside_the_others()
    {
        var results = Path.Combine(_folder, "results.md");
        File.WriteAllText(results, "# Results\n\n## Flashing\n\nflashing figures stay\n");

        var (exit, output, error) = Fixture("bench", "cycle", "--config", StationConfig, "--cpu-units", "0", "--write", results);

        Assert.True(exit == 0, error + output);
        var text = File.ReadAllText(results);
        Assert.Contains("## Flashing\n\nflashing figures stay\n", text, StringComparison.Ordinal);
        Assert.Contains("## Full cycle\n", text, StringComparison.Ordinal);
        foreach (var scenario in CycleScenario.Standard)
        {
            Assert.Contains($"### {scenario.Name}", text, StringComparison.Ordinal);
        }

        Assert.Contains("--write " + results, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_station_configuration_is_bad_input()
    {
        var (exit, _, error) = Fixture("bench", "cycle", "--config", Path.Combine(_folder, "nope.json"), "--cpu-units", "0");

        Assert.Equal(2, exit);
        Assert.Contains("nope.json", error, StringComparison.Ordinal);
    }

    private static (int Exit, string Output, string Error) Fixture(params string[] args) => LabCli.Run(args);
}
