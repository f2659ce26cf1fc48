using System.CommandLine;
using Fixture.Controller.Reports;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;
using Fixture.Controller.Workflow;
using Fixture.Protocol.Backup;

namespace Fixture.Controller.Cli;

/// <summary>
/// `fixture restore --backup FILE --config C --socket N`: writes a unit's stock-firmware backup back (issue 14 §3) with
/// the station's usual power-up, handshake, helper, erase, write and SHA-256 verify, and says what the unit will boot.
/// The backup is checked first (xz, sidecar, size, SHA-256): a bad file is exit 2 with nothing touched. The unit must be
/// the backup's own chip with the same flash (else BACKUP or FLASH_ID before any erase). Its report row goes to a
/// folder of its own (default: restore-reports beside the backup), never into the production files.
/// Exit: 0 restored and verified, 1 the unit failed, 2 bad input, 3 station fault.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var backup = new Option<string?>("--backup") { Description = "The backup image to restore (<chip_id>_<mac>_<utc>.bin.xz, its .json sidecar beside it).", HelpName = "FILE" };
        var config = new Option<string?>("--config") { Description = "Station configuration (default with --sim: config/station.sim.json).", HelpName = "FILE" };
        var socket = new Option<int>("--socket") { Description = "The socket the unit sits in.", DefaultValueFactory = _ => 1, HelpName = "N" };
        var port = new Option<string?>("--port") { Description = "A serial port without a station configuration (needs `fixture flash --port`, not in this build yet).", HelpName = "PORT" };
        var reports = new Option<string?>("--reports") { Description = "Folder for the restore's report row (default: restore-reports beside the backup).", HelpName = "DIR" };
        var simulation = new SimulationCliOptions();
        var command = new Command("restore", "Write a unit's stock-firmware backup back (erase, write, verify) and say what it will boot.")
        {
            backup, config, socket, port, reports,
        };
        foreach (var option in simulation.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(backup) is not { } file || string.IsNullOrWhiteSpace(file))
            {
                error.WriteLine("fixture restore: --backup FILE is required (the .bin.xz a station wrote into its backup folder).");
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(port) is not null)
            {
                error.WriteLine("fixture restore: --port needs the one-socket station of `fixture flash --port`, which this build does not have yet; use --config FILE --socket N.");
                return ExitCodes.BadInput;
            }

            RestoreTarget target;
            try
            {
                target = new RestoreTarget(BackupArchive.Load(Path.GetFullPath(file)));
            }
            catch (BackupFileException e)
            {
                error.WriteLine($"fixture restore: {e.Message}. Nothing was touched.");
                return ExitCodes.BadInput;
            }

            if (!simulation.TryRead(parse, error, out var composition))
            {
                return ExitCodes.BadInput;
            }

            var record = target.Archive.Record;
            output.WriteLine($"Backup {target.Archive.ImagePath}: chip {record.ChipId}, MAC {record.Mac}, JEDEC {record.JedecId}, {record.Size} bytes, taken {record.TakenUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, holds {record.Firmware ?? "firmware not recognised"}; SHA-256 {record.Sha256} checked.");
            var options = new StationOptions
            {
                ConfigPath = parse.GetValue(config),
                ReportDirectory = parse.GetValue(reports) ?? Path.Combine(Path.GetDirectoryName(target.Archive.ImagePath)!, "restore-reports"),
                Restore = target,
            };
            if (!SetupErrors.TrySetUp(parse, () => StationFactory.Open(options, new PlainLineObserver(output), composition), out FixtureStation station, out var setupExit))
            {
                return setupExit;
            }

            using (station)
            {
                var (exit, row) = await OneSocketRun.RunAsync(station, parse.GetValue(socket), "restore", error, cancellationToken);
                if (exit is { } refused)
                {
                    return refused;
                }

                output.WriteLine(row!.Verdict == UnitVerdict.Pass
                    ? $"Restored and verified: chip {record.ChipId} will boot {target.BootsWhat} again when powered with BOOT released (what it held when the backup was taken)."
                    : $"NOT restored: {row.FailureCode?.ToText()} in {row.FailedStep}: {row.Detail}");
                return OneSocketRun.ExitCodeOf(row);
            }
        });
        return command;
    }
}
