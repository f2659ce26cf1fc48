using System.Diagnostics;
using Fixture.Controller.Reports.Csv;

namespace Fixture.EndToEnd.Tests;

/// <summary>Issue 13 §9: typed commands in a scripted run, and a closed standard input on an interactive station.</summary>
public sealed class TypedInputTests : IDisposable
{
    private static readonly TimeSpan HangDeadline = TimeSpan.FromMinutes(3);

    private readonly string _reports = Directory.CreateTempSubdirectory("fixture-typed-").FullName;

    private IReadOnlyList<Fixture.Controller.Reports.UnitReportRow> Rows =>
        Directory.Exists(Path.Combine(_reports, "sim-1"))
            ? [.. Directory.EnumerateFiles(Path.Combine(_reports, "sim-1"), "*.csv").SelectMany(UnitReportCsv.ReadAllRows).OrderBy(r => r.AttemptNumber)]
            : [];

    [Fact]
    public void Lot_operator_and_unit_id_typed_before_a_scripted_run_reach_its_rows()
    {
        var (exit, output, error) = FixtureCli.RunWithInput("lot L-0314\nop Ana\nid 1 SN-0042\n\n", "run", "--sim", "--units", "2", "--reports", _reports);

        Assert.True(exit == 0, output + error);
        var rows = Rows;
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(("L-0314", "Ana"), (r.Lot, r.Operator)));
        Assert.Equal("SN-0042", rows[0].UnitId); // a unit id belongs to one unit
        Assert.Null(rows[1].UnitId);
    }

    [Fact]
    [Trait("Category", "RealTime")]
    public async Task A_closed_input_ends_an_interactive_station_without_buttons_with_exit_0_and_a_line_saying_why()
    {
        var run = Task.Run(() => FixtureCli.RunWithInput("", "run", "--sim", "--reports", _reports));

        var (exit, output, error) = await run.WaitAsync(HangDeadline); // only a hang takes this long

        Assert.True(exit == 0, output + error);
        Assert.Contains("standard input closed and this station has no start button", output, StringComparison.Ordinal);
        Assert.Empty(Rows);
    }

    [Fact]
    [Trait("Category", "RealTime")]
    public async Task Units_started_before_the_input_closed_finish_before_the_station_stops()
    {
        var run = Task.Run(() => FixtureCli.RunWithInput("lot L-7\n\n", "run", "--sim", "--sockets", "2", "--reports", _reports));

        var (exit, output, error) = await run.WaitAsync(HangDeadline);

        Assert.True(exit == 0, output + error);
        Assert.Equal([1, 2], Rows.Select(r => r.Socket).Order());
        Assert.All(Rows, r => Assert.Equal("L-7", r.Lot));
        Assert.Contains("standard input closed", output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "RealTime")]
    public async Task The_fixture_program_with_dev_null_as_input_stops_instead_of_waiting_forever()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "fixture.dll"), "run", "--sim", "--reports", _reports },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _reports,
        })!;
        process.StandardInput.Close(); // as </dev/null: the input ends at once
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(HangDeadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"fixture run with a closed input still ran after {HangDeadline}: {await output}");
        }

        Assert.True(process.ExitCode == 0, await output + await error);
        Assert.Contains("standard input closed", await output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_reports, recursive: true);
}
