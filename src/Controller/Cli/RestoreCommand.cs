using System.CommandLine;
using Fixture.Controller.Reports;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;
using Fixture.Controller.Workflow;
using Fixture.Protocol.Backup;

namespace Fixture.Controller.Cli;

/// <summary>
/// `fixture restore --backup FILE (--port P [--wiring W] | --config C --socket N)`: writes a unit's stock-firmware backup back (issue 14 §3) with
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
        var port = new Option<string?>("--port") { Description = "Without a configuration file: the USB-UART's port; a one-socket station is built in memory, as `fixture flash --port` does.", HelpName = "PORT" };
        var wiring = new Option<string?>("--wiring") { Description = "With --port: dtr-rts (the default), manual or none, as for `fixture flash --port`.", HelpName = "dtr-rts|manual|none" };
        var recipe = new Option<string?>("--recipe") { Description = "Recipe whose helper loads the unit (default: the configuration's; with --port the shipped one).", HelpName = "FILE" };
        var reports = new Option<string?>("--reports") { Description = "Folder for the restore's report row (default: restore-reports beside the backup).", HelpName = "DIR" };
        var simulation = new SimulationCliOptions();
        var command = new Command("restore", "Write a unit's stock-firmware backup back (erase, write, verify) and say what it will boot.")
        {
            backup, config, socket, port, wiring, recipe, reports,
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
                RecipePath = parse.GetValue(recipe),
                ReportDirectory = parse.GetValue(reports) ?? Path.Combine(Path.GetDirectoryName(target.Archive.ImagePath)!, "restore-reports"),
                Restore = target,
            };
            if (parse.GetValue(port) is { } portName)
            {
                if (!FlashCommand.TryBench(portName, parse.GetValue(wiring), null, options, composition, output, error, out options, "restore"))
                {
                    return ExitCodes.BadInput;
                }
            }
            else if (parse.GetValue(wiring) is not null)
            {
                error.WriteLine("fixture restore: --wiring describes a one-socket bench: give --port PORT with it.");
                return ExitCodes.BadInput;
            }

            if (!SetupErrors.TrySetUp(parse, () => StationFactory.Open(options, new PlainLineObserver(output), composition), out FixtureStation station, out var setupExit))
            {
                return setupExit;
            }

            using (station)
            {
                var (exit, row) = await OneSocketRun.RunAsync(station, parse.GetValue(socket), "restore", output, error, cancellationToken);
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
