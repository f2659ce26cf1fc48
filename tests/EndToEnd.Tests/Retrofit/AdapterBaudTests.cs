using System.Text.Json;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Protocol.Baud;

namespace Fixture.EndToEnd.Tests.Retrofit;

/// <summary>
/// Issue 14 §2 through the command line: an adapter that cannot clock the socket's 2 Mbaud loader rate makes the
/// station step down within the attempt, remember the rate that completed beside the reports, and start the next
/// unit there; an adapter that cannot receive the firmware's 2 Mbaud console is one FIXTURE_FAULT before anything is
/// powered, not a BOOT_SILENT per unit.
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

    // adapter-tx-max: the adapter's transmit path fails above 1 Mbaud, while it still reads the 2 Mbaud console (a
    // loader-marginal adapter; docs/simulator.md, "Adapters with a maximum rate"), so the units pass.
    private static void PassedAt(UnitReportRow row, int baud, int stepDowns)
    {
        Assert.True(row.Verdict == UnitVerdict.Pass, $"{row.FailureCode}: {row.Detail}");
        Assert.Equal(baud, row.LoaderBaud);
        Assert.Equal(stepDowns, row.BaudStepDowns);
    }

    [Fact]
    public void An_adapter_limited_to_1_Mbaud_passes_at_1_Mbaud_after_one_step_down_and_the_next_unit_starts_there()
    {
        FixtureCli.Run(["run", "--sim", "--fault", "1:adapter-tx-max=1000000", "--units", "2", "--reports", _reports]);

        Assert.Collection(Rows, first => PassedAt(first, 1_000_000, 1), second => PassedAt(second, 1_000_000, 0));
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
    public void An_adapter_that_cannot_receive_2_Mbaud_is_one_FIXTURE_FAULT_before_power_on_and_the_socket_takes_no_further_unit()
    {
        var (_, output, _) = FixtureCli.Run(["run", "--sim", "--fault", "1:adapter-max=921600", "--units", "3", "--reports", _reports]);

        var row = Assert.Single(Rows);
        Assert.Equal(FailureCode.FixtureFault, row.FailureCode);
        Assert.Contains("this adapter cannot read OpenBL602's 2 Mbaud console: the boot check is impossible; use a CP2102N, CH340 or FT232R", row.Detail, StringComparison.Ordinal);
        Assert.Equal("PoweringUp", row.FailedStep);
        Assert.Null(row.ChipId);
        Assert.Contains("start ignored", output, StringComparison.Ordinal);
        Assert.DoesNotContain("BOOT_SILENT", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1:adapter-max=921600", true)]
    [InlineData("1:adapter-tx-max=1000000", false)]
    public void Config_validate_says_ahead_of_the_first_unit_that_the_adapter_cannot_read_the_console(string fault, bool said)
    {
        var (exit, output, error) = FixtureCli.Run(["config", "validate", "--sim", "--fault", fault]);

        Assert.True(exit == 0, output + error);
        Assert.Equal(said, output.Contains("FIXTURE_FAULT ahead: socket 1: this adapter cannot read OpenBL602's 2 Mbaud console: the boot check is impossible; use a CP2102N, CH340 or FT232R", StringComparison.Ordinal));
    }

    [Fact]
    public void The_learned_rate_survives_a_station_restart()
    {
        FixtureCli.Run(["run", "--sim", "--fault", "1:adapter-tx-max=1000000", "--units", "1", "--reports", _reports]);

        FixtureCli.Run(["run", "--sim", "--fault", "1:adapter-tx-max=1000000", "--units", "1", "--reports", _reports]);

        Assert.Collection(Rows, first => PassedAt(first, 1_000_000, 1), second => PassedAt(second, 1_000_000, 0));
        using var file = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_reports, "sim-1", AdapterBaudMemory.FileName)));
        Assert.Equal(1, file.RootElement.GetProperty("version").GetInt32());
    }
}
