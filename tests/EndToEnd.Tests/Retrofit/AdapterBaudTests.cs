using System.Text.Json;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Protocol.Baud;

namespace Fixture.EndToEnd.Tests.Retrofit;

/// <summary>
/// Issue 14 §2 through the command line: an adapter that cannot clock the socket's 2 Mbaud loader rate makes the
/// station step down within the attempt, remember the rate that completed beside the reports, and start the next
/// unit there.
/// </summary>
public sealed class AdapterBaudTests : IDisposable
{
    private readonly string _reports = Directory.CreateTempSubdirectory("fixture-adapter-baud-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_reports, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private IReadOnlyList<UnitReportRow> Rows =>
        [.. Directory.EnumerateFiles(Path.Combine(_reports, "sim-1"), "*.csv").Order().SelectMany(UnitReportCsv.ReadAllRows).OrderBy(r => r.AttemptNumber)];

    // The simulated adapter garbles everything above its maximum, the firmware's 2 Mbaud console too: these units are
    // flashed and verified at 1 Mbaud, but their boot check cannot read the console (issue 14 §2 wants that said as one
    // FIXTURE_FAULT; not done yet), so the assertions stop at the flash.
    private static void FlashedAt(UnitReportRow row, int baud, int stepDowns)
    {
        Assert.True(row.FailureCode is not (FailureCode.LoaderHandshake or FailureCode.Verify or FailureCode.Write), $"{row.FailureCode}: {row.Detail}");
        Assert.NotNull(row.VerifyTime);
        Assert.Equal(baud, row.LoaderBaud);
        Assert.Equal(stepDowns, row.BaudStepDowns);
    }

    [Fact]
    public void An_adapter_limited_to_1_Mbaud_is_flashed_at_1_Mbaud_after_one_step_down_and_the_next_unit_starts_there()
    {
        FixtureCli.Run(["run", "--sim", "--fault", "1:adapter-max=1000000", "--units", "2", "--reports", _reports]);

        Assert.Collection(Rows, first => FlashedAt(first, 1_000_000, 1), second => FlashedAt(second, 1_000_000, 0));
        var memory = AdapterBaudMemory.Load(Path.Combine(_reports, "sim-1", AdapterBaudMemory.FileName));
        Assert.Null(memory.Problem);
        Assert.Equal(1_000_000, memory.HighestCompleted(Assert.Single(memory.Adapters)));
    }

    [Fact]
    public void An_unlimited_adapter_runs_at_the_sockets_rate_without_stepping_down()
    {
        var (exit, output, error) = FixtureCli.Run(["run", "--sim", "--units", "1", "--reports", _reports]);

        Assert.True(exit == 0, error + output);
        var row = Assert.Single(Rows);
        Assert.Equal(2_000_000, row.LoaderBaud);
        Assert.Equal(0, row.BaudStepDowns);
    }

    [Fact]
    public void The_learned_rate_survives_a_station_restart()
    {
        FixtureCli.Run(["run", "--sim", "--fault", "1:adapter-max=1000000", "--units", "1", "--reports", _reports]);

        FixtureCli.Run(["run", "--sim", "--fault", "1:adapter-max=1000000", "--units", "1", "--reports", _reports]);

        Assert.Collection(Rows, first => FlashedAt(first, 1_000_000, 1), second => FlashedAt(second, 1_000_000, 0));
        using var file = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_reports, "sim-1", AdapterBaudMemory.FileName)));
        Assert.Equal(1, file.RootElement.GetProperty("version").GetInt32());
    }
}
