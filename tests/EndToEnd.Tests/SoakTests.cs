using System.Text;
using Fixture.Lab.Soak;
using Fixture.Controller.Reports;
using Fixture.Controller.Simulation;
using Fixture.Simulator.Faults;

namespace Fixture.EndToEnd.Tests;

/// <summary>The soak (fixture-design §8 Reliability), small enough for a test, and the checks it relies on.</summary>
public sealed class SoakTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fixture-soak-test-").FullName;

    [Fact]
    public void Small_soak_ends_every_unit_as_the_table_says_and_its_report_survives_a_torn_line()
    {
        var result = SoakRun.Run(new SoakOptions { Units = 60, Sockets = 3, Seed = 5, ReportDirectory = Path.Combine(_folder, "reports") }, TimeProvider.System);

        Assert.True(result.Passed, SoakReport.RenderText(result));
        Assert.Equal(60, result.Units.Count);
        Assert.Equal(60, result.Audit.Rows.Count);
        Assert.All(result.Units, u => Assert.NotNull(u.Row));
        Assert.True(result.Units.Select(u => u.Kind).Distinct().Count() >= 12, "the soak profile should reach most fault kinds in 60 units");
        Assert.Contains("moved them aside", result.Restart.Detail, StringComparison.Ordinal);
        Assert.Equal(63, ReportFileAudit.Check(result.ReportDirectory, "sim-1").Rows.Count);
    }

    [Fact]
    public void A_pass_whose_flash_no_longer_holds_the_plan_when_the_firmware_starts_is_caught_as_a_false_pass()
    {
        // The injected simulator bug: after the station's SHA-256 verify, a byte of the first unit's erased second-slot
        // header turns 0x00. boot2 ignores that slot, the firmware boots, and the station rightly sees nothing wrong.
        var injected = 0;
        var result = SoakRun.Run(
            new SoakOptions
            {
                Units = 2,
                Sockets = 1,
                Profile = "none",
                ReportDirectory = Path.Combine(_folder, "false-pass"),
                BeforeFirmwareBoot = unit =>
                {
                    if (injected++ == 0)
                    {
                        unit.Flash.Program(0xD8010, [0x00]);
                    }
                },
            },
            TimeProvider.System);

        Assert.False(result.Passed);
        Assert.All(result.Units, u => Assert.Equal(UnitVerdict.Pass, u.Row!.Verdict));
        var caught = Assert.Single(result.Units, u => !u.Matched);
        Assert.Equal(0, caught.UnitIndex);
        Assert.Contains(caught.Problems, p => p.Contains("false pass", StringComparison.Ordinal) && p.Contains("0xD8010 is 0x00", StringComparison.Ordinal));
        Assert.True(result.Units[1].PassConfirmed);
        Assert.Contains("FALSE PASS: 1 of 2 PASS rows", SoakReport.RenderText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Line_noise_counts_as_fired_only_in_units_whose_line_hit_a_byte()
    {
        // Even soak units get a rate that cannot fire in one unit's traffic, odd ones one that always does.
        var result = SoakRun.Run(
            new SoakOptions
            {
                Units = 6,
                Sockets = 2,
                ReportDirectory = Path.Combine(_folder, "fired"),
                DrawUnit = global => new DrawnUnit(global, global, SoakRun.MacAt(global), new UnitFaults { LineCorruptionRate = global % 2 == 0 ? 1e-12 : 3e-5 }, StationFaults.None, FaultKind.LineNoise),
            },
            TimeProvider.System);

        Assert.True(result.Passed, SoakReport.RenderText(result));
        var initial = result.Units.Where(u => u.GlobalIndex < 6).ToList();
        Assert.Equal(initial.Where(u => u.GlobalIndex % 2 == 1).Select(u => u.GlobalIndex), initial.Where(u => u.LineNoiseHits > 0).Select(u => u.GlobalIndex).Order());
        Assert.All(initial.Where(u => u.GlobalIndex % 2 == 0), u => Assert.Equal(UnitVerdict.Pass, u.Row!.Verdict));
        var text = SoakReport.RenderText(result);
        Assert.Contains("fired in 3 of 6 units", text, StringComparison.Ordinal);
        Assert.Contains("Line noise: fired in 3 of 6 units", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_audit_finds_interleaved_torn_and_repeated_rows()
    {
        using var run = SimulatedStationRun.Open(2, (_, _) => SimulatedUnitSetup.Healthy);
        run.Run();
        var sound = ReportFileAudit.Check(run.ReportDirectory, run.Station.StationId);
        Assert.True(sound.IsSound, string.Join("; ", sound.Problems));
        var file = Assert.Single(sound.Files);
        var lines = File.ReadAllText(file).Split('\n');

        // Two sockets' rows written into one line, a row written twice, a last row cut short.
        Assert.Contains(Audit(file, lines[0], lines[1] + lines[2]), p => p.Contains("fields instead of", StringComparison.Ordinal));
        Assert.Contains(Audit(file, lines[0], lines[1], lines[1]), p => p.Contains("is used by 2 rows", StringComparison.Ordinal));
        Assert.Contains(Audit(file, lines[0], lines[1], lines[2][..40] + "\u0000"), p => p.Contains("NUL", StringComparison.Ordinal));
        Assert.Contains(Audit(file, lines[0], lines[1], lines[0]), p => p.Contains("the header again", StringComparison.Ordinal));
        File.WriteAllText(file, lines[0] + "\n" + lines[1] + "\n" + lines[2][..40], new UTF8Encoding(false));
        Assert.Contains(ReportFileAudit.Check(run.ReportDirectory, run.Station.StationId).Problems, p => p.Contains("no line end", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--units", "0")]
    [InlineData("--sockets", "9")]
    [InlineData("--profile", "none")]
    public void Soak_refuses_bad_input_with_exit_2_before_running(string option, string value)
    {
        var (exit, error) = Fixture("soak", option, value, "--reports", Path.Combine(_folder, "never"));

        Assert.Equal(2, exit);
        Assert.Contains(value, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "never")), "a refused soak wrote reports");
    }

    [Fact]
    public void Soak_refuses_a_report_folder_that_already_holds_rows()
    {
        var used = Path.Combine(_folder, "used");
        Directory.CreateDirectory(used);
        File.WriteAllText(Path.Combine(used, "earlier.csv"), "x\n");

        var (exit, error) = Fixture("soak", "--units", "4", "--reports", used);

        Assert.Equal(2, exit);
        Assert.Contains("not empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Soak_command_exits_0_and_prints_its_table_when_every_unit_matched()
    {
        var reports = Path.Combine(_folder, "cli");
        var (exit, output, error) = LabCli.Run("soak", "--units", "8", "--sockets", "2", "--profile", "mixed", "--reports", reports);

        Assert.True(exit == 0, output + error);
        Assert.Contains("fault kind", output, StringComparison.Ordinal);
        Assert.Contains("Result: every unit ended as expected", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static IReadOnlyList<string> Audit(string file, params string[] lines)
    {
        File.WriteAllText(file, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        var folder = Path.GetDirectoryName(Path.GetDirectoryName(file))!;
        return ReportFileAudit.Check(folder, Path.GetFileName(Path.GetDirectoryName(file))!).Problems;
    }

    private static (int Exit, string Error) Fixture(params string[] args)
    {
        var (exit, _, error) = LabCli.Run(args);
        return (exit, error);
    }
}
