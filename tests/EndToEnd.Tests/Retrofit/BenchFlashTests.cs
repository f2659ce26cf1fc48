using System.Diagnostics;
using Fixture.Controller.Configuration;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Simulator.Uart;

namespace Fixture.EndToEnd.Tests.Retrofit;

/// <summary>
/// Issue 14 §1, "done when": a simulated unit served on a pseudo-terminal by `fixture sim serve --pty` (its own process)
/// is flashed, booted and passed by `fixture flash --port PTY` (its own process) on a one-socket bench built in memory:
/// wiring none (flash_boot 0x33 starts the firmware), and manual (the prompts appear, Enter on stdin advances them).
/// Real time: the deadlines are generous, only a hang exceeds them.
/// </summary>
[Trait("Category", "RealTime")]
public sealed class BenchFlashTests : IDisposable
{
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(3);
    private readonly string _folder = Directory.CreateTempSubdirectory("fixture-bench-").FullName;
    private readonly List<Process> _started = [];

    public void Dispose()
    {
        foreach (var process in _started)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private string Reports => Path.Combine(_folder, "reports");

    private IReadOnlyList<UnitReportRow> Rows =>
        [.. Directory.EnumerateFiles(Path.Combine(Reports, OneSocketStation.StationId), "*.csv").SelectMany(UnitReportCsv.ReadAllRows)];

    [SkippableFact]
    public async Task Wiring_none_flashes_boots_with_flash_boot_and_passes_the_served_unit_with_a_report_row()
    {
        Skip.IfNot(PseudoTerminal.IsSupported, "this machine has no pseudo-terminals (/dev/ptmx)");
        var pty = await ServeAsync();
        var saved = Path.Combine(_folder, "bench.json");

        var flash = await RunAsync(["flash", "--port", pty, "--wiring", "none", "--reports", Reports, "--save-config", saved]);

        Assert.True(flash.Exit == 0, flash.Output);
        var row = Assert.Single(Rows);
        Assert.Equal(UnitVerdict.Pass, row.Verdict);
        Assert.Equal("OpenBL602_971E9666", row.SsidSeen);
        Assert.Equal(OneSocketStation.StationId, row.Station);
        var validate = FixtureCli.Run("config", "validate", "--config", saved);
        Assert.True(validate.Exit == 0, validate.Output + validate.Error);
        Assert.Contains("POWER none", validate.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Wiring_manual_shows_each_instruction_and_Enter_on_stdin_advances_it_to_a_pass()
    {
        Skip.IfNot(PseudoTerminal.IsSupported, "this machine has no pseudo-terminals (/dev/ptmx)");
        var pty = await ServeAsync();

        var flash = await RunAsync(
            ["flash", "--port", pty, "--wiring", "manual", "--reports", Reports],
            answer: line => line.Contains("OPERATOR: Hold BOOT and plug the unit in, then press Enter", StringComparison.Ordinal) ? "" : null);

        Assert.True(flash.Exit == 0, flash.Output);
        var shown = flash.Output.Split('\n').Where(l => l.Contains("OPERATOR: ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf("OPERATOR: ", StringComparison.Ordinal) + 10)..].Trim()).ToList();
        Assert.Equal(["Hold BOOT and plug the unit in, then press Enter", "Release BOOT", "Unplug the unit"], shown);
        Assert.Equal(UnitVerdict.Pass, Assert.Single(Rows).Verdict);
    }

    [SkippableFact]
    public async Task A_loader_that_does_not_answer_flash_boot_fails_the_unit_naming_0x33_and_asking_for_a_power_cycle_without_BOOT()
    {
        Skip.IfNot(PseudoTerminal.IsSupported, "this machine has no pseudo-terminals (/dev/ptmx)");
        var pty = await ServeAsync("--fault", "no-flash-boot");

        var flash = await RunAsync(["flash", "--port", pty, "--wiring", "none", "--reports", Reports]);

        Assert.True(flash.Exit == 1, flash.Output);
        var row = Assert.Single(Rows);
        Assert.Equal(FailureCode.BootSilent, row.FailureCode);
        Assert.Contains("did not answer flash_boot (0x33)", row.Detail, StringComparison.Ordinal);
        Assert.Contains("Power-cycle the unit with BOOT released", row.Detail, StringComparison.Ordinal);
        Assert.NotNull(row.VerifyTime);
    }

    /// <summary>Starts `fixture sim serve --pty` and returns the pseudo-terminal it printed.</summary>
    private async Task<string> ServeAsync(params string[] extra)
    {
        var serve = Start(["sim", "serve", "--pty", .. extra], redirectInput: true);
        using var deadline = new CancellationTokenSource(Hang);
        var before = new List<string>();
        try
        {
            while (await serve.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.StartsWith("/dev/", StringComparison.Ordinal))
                {
                    return line.Trim();
                }

                before.Add(line);
            }
        }
        catch (OperationCanceledException)
        {
            // said below
        }

        serve.Kill(entireProcessTree: true);
        throw new TimeoutException($"sim serve printed no pseudo-terminal within {Hang}; its output: [{string.Join(" | ", before)}]");
    }

    /// <summary>Runs a `fixture` command line as its own process; <paramref name="answer"/> may type a line for an output line.</summary>
    private async Task<(int Exit, string Output)> RunAsync(string[] args, Func<string, string?>? answer = null)
    {
        var process = Start(args, redirectInput: true);
        using var deadline = new CancellationTokenSource(Hang);
        var output = new System.Text.StringBuilder();
        var errors = process.StandardError.ReadToEndAsync(deadline.Token);
        while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            output.AppendLine(line);
            if (answer?.Invoke(line) is { } typed)
            {
                await process.StandardInput.WriteLineAsync(typed);
                await process.StandardInput.FlushAsync(deadline.Token);
            }
        }

        await process.WaitForExitAsync(deadline.Token);
        output.AppendLine(await errors);
        return (process.ExitCode, output.ToString());
    }

    private Process Start(string[] args, bool redirectInput)
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? path : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fixture.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("fixture did not start");
        _started.Add(process);
        return process;
    }
}
