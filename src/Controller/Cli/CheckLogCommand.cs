using System.CommandLine;
using System.CommandLine.Invocation;
using Fixture.Protocol.BootLog;
using Fixture.Protocol.Identity;

namespace Fixture.Controller.Cli;

/// <summary>
/// `fixture check-log --log FILE [--mac MAC] [--expect-version V] [--json] [--no-clean-slate]`: the
/// station's boot-log analyzer on a saved log, for QA and support. Exit 0 PASS, 1 FAIL, 2 bad input.
/// </summary>
internal static class CheckLogCommand
{
    private const string Usage = "usage: fixture check-log --log FILE [--mac MAC] [--expect-version V] [--json] [--no-clean-slate]";
    private const int ReadChunkSize = 64 * 1024;

    /// <summary>
    /// Largest log read. A station's capture of one boot is at most its boot-check timeout at the
    /// console baud (a few MB at 2 Mbaud); anything longer is not one boot's log (or is a device such
    /// as /dev/zero, which never ends), so it is refused instead of read for ever.
    /// </summary>
    public const long MaxLogBytes = 16L * 1024 * 1024;

    public static Command Create()
    {
        var log = new Option<string?>("--log")
        {
            Description = "Saved UART boot log (the raw bytes the station writes per unit).",
            HelpName = "FILE",
        };
        var mac = new Option<string?>("--mac")
        {
            Description = "The MAC the unit's firmware should use (the report's mac, e.g. 70:3E:97:1E:96:66): its Wi-Fi start line and SSID must show it. Without it, the log's own lines are checked against each other and any SSID of the form OpenBL602_XXXXXXXX passes.",
            HelpName = "MAC",
        };
        var version = new Option<string?>("--expect-version")
        {
            Description = "Firmware version the version line must show when present (e.g. 1.17.366).",
            HelpName = "V",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var noCleanSlate = new Option<bool>("--no-clean-slate")
        {
            Description = "The unit was flashed with clean slate off: a stored config that breaks the check is LEFTOVER_CONFIG.",
        };

        var command = new Command("check-log", "Check a saved boot log as the station checks a unit: verdict, failure code, SSID, version, markers.");
        command.Options.Add(log);
        command.Options.Add(mac);
        command.Options.Add(version);
        command.Options.Add(json);
        command.Options.Add(noCleanSlate);
        command.Action = new CheckLogAction(log, mac, version, json, noCleanSlate);
        return command;
    }

    private sealed class CheckLogAction(
        Option<string?> log, Option<string?> mac, Option<string?> version, Option<bool> json, Option<bool> noCleanSlate)
        : SynchronousCommandLineAction
    {
        // Parse errors (unknown or repeated options, a missing value) come to Invoke, still listed in
        // ParseResult.Errors, instead of the parser's own exit code 1, which would read as FAIL.
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parse)
        {
            var error = parse.InvocationConfiguration.Error;
            if (parse.Errors.Count > 0)
            {
                return BadInput(error, $"check-log: {parse.Errors[0].Message} ({Usage})");
            }

            // Clearing parse errors also clears the one for an unknown argument; it is still listed here.
            if (parse.UnmatchedTokens.Count > 0)
            {
                return BadInput(error, $"check-log: unknown argument '{parse.UnmatchedTokens[0]}' ({Usage})");
            }

            var path = parse.GetValue(log);
            if (string.IsNullOrWhiteSpace(path))
            {
                return BadInput(error, $"check-log: --log FILE is missing: give the path of a saved UART boot log ({Usage})");
            }

            MacAddress? unitMac = null;
            var macText = parse.GetValue(mac);
            if (macText is not null)
            {
                if (!MacAddress.TryParse(macText, out var parsedMac))
                {
                    return BadInput(error, $"check-log: --mac '{macText}' is not a MAC address: give six hex bytes such as 70:3E:97:1E:96:66");
                }

                unitMac = parsedMac;
            }

            var expectedVersion = parse.GetValue(version);
            if (expectedVersion is not null && string.IsNullOrWhiteSpace(expectedVersion))
            {
                return BadInput(error, "check-log: --expect-version is empty: give the firmware version, e.g. 1.17.366, or leave the option out");
            }

            var analyzer = new BootLogAnalyzer(new BootLogExpectations
            {
                Macs = unitMac is { } m ? BootLogExpectations.One(m, "--mac") : [],
                Version = expectedVersion?.Trim(),
                CleanSlate = !parse.GetValue(noCleanSlate),
            });
            if (ReadInto(analyzer, path, out var problem) is false)
            {
                return BadInput(error, $"check-log: cannot read log file '{path}': {problem}");
            }

            var verdict = analyzer.Complete();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                CheckLogReport.WriteJson(output, path, analyzer);
            }
            else
            {
                CheckLogReport.WriteText(output, path, analyzer);
            }

            return verdict.IsPass ? ExitCodes.Ok : ExitCodes.Fail;
        }

        private static int BadInput(TextWriter error, string message)
        {
            error.WriteLine(message);
            return ExitCodes.BadInput;
        }
    }

    // A saved log has no timing: everything arrives "at reset" and Complete() decides.
    // `fixture-lab bench check-log` times this same read.
    internal static bool ReadInto(BootLogAnalyzer analyzer, string path, out string problem)
    {
        problem = string.Empty;
        if (Directory.Exists(path))
        {
            problem = "it is a folder; give the log file inside it";
            return false;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, ReadChunkSize);
            var buffer = new byte[ReadChunkSize];
            long total = 0;
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                total += read;
                if (total > MaxLogBytes)
                {
                    problem = $"it is longer than {MaxLogBytes / (1024 * 1024)} MiB, so it is not the log of one boot (a station saves a few MB at most; a device such as /dev/zero never ends). "
                        + "Give the raw log the report row names, or cut the file to the boot to check";
                    return false;
                }

                analyzer.Feed(buffer.AsSpan(0, read), TimeSpan.Zero);
            }

            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            problem = "no such file; check the path";
        }
        catch (UnauthorizedAccessException)
        {
            problem = "permission denied; check the file's permissions";
        }
        catch (IOException e)
        {
            problem = e.Message;
        }

        return false;
    }
}
