using System.CommandLine;
using Fixture.Controller.Audit;
using Fixture.Controller.Configuration;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Selftest;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;
using Fixture.Hal;
using Fixture.Hal.Drivers;
using Fixture.Hal.Lines;

namespace Fixture.Controller.Cli;

/// <summary>
/// <c>fixture selftest [--config FILE] [--sim] [--reports DIR]</c>: the station checks itself (issue 12 §1),
/// one line per check, the result in the audit log and one SELFTEST row per socket. Exit 0 no problem
/// (warnings allowed), 1 a problem found, 2 bad input, 3 the station could not open.
/// </summary>
internal static class SelftestCommand
{
    public static Command Create()
    {
        var options = new StationCliOptions();
        var command = new Command("selftest", "Check the station itself: port names, latency timers, free disk, clock, each POWER relay seen switching by its supply monitor, and that each serial port belongs to its socket (a unit in every socket); audited, one SELFTEST row per socket.");
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!options.TryRead(parse, error, out var stationOptions, out var composition))
            {
                return ExitCodes.BadInput;
            }

            if (!SetupErrors.TrySetUp(
                parse,
                () =>
                {
                    composition.Prepare();
                    return StationFactory.Check(stationOptions, composition);
                },
                out CheckedStation station,
                out var setupExit))
            {
                return setupExit;
            }

            var stationId = station.Config.Station!.Id!;
            var sockets = station.Config.Sockets.Select((s, i) => new SelftestSocket(i + 1, s.Serial!.Port!)).ToList();
            var checks = new List<ISelftestCheck>
            {
                new PortNameCheck(sockets),
                new LatencyTimerCheck(sockets),
                new FreeDiskCheck([("reports", station.ReportDirectory)]),
                new ClockCheck(TimeProvider.System, station.ReportDirectory, stationId),
            };
            StationHardware? hardware = null;
            BootromPortProbe? probe = null;
            SelftestReport report;
            try
            {
                if (composition is SimulationComposition simulation)
                {
                    checks.Add(new PortOwnershipCheck(sockets, new SimulatedPortProbe(sockets, simulation.HasCrossedPort)));
                }
                else
                {
                    hardware = OpenHardware(station, composition);
                    var timings = SocketTimings.From(station.Config.Timing);
                    // The relays first: a contact stuck closed would make the port probe's answers mean nothing.
                    checks.Add(new RelayToggleCheck(
                        [.. hardware.Sockets.Select((s, i) => new RelaySocket(i + 1, s.Lines.Power, s.SupplyMonitor, s.Thresholds))],
                        TimeProvider.System,
                        RelayOnTime,
                        timings.DischargeTimeout));
                    probe = new BootromPortProbe(
                        [.. hardware.Sockets.Select((s, i) => new ProbedSocket(i + 1, s.Sequences, s.Link, s.Config.Serial!.BootromBaud))],
                        TimeProvider.System,
                        timings.PowerOffMax);
                    checks.Add(new PortOwnershipCheck(sockets, probe));
                }

                report = await SelftestReport.RunAsync(checks, ct);
            }
            catch (HardwareFaultException e)
            {
                error.WriteLine($"fixture selftest: station {stationId} could not open its hardware: {e.Message}");
                return ExitCodes.StationFault;
            }
            finally
            {
                probe?.Dispose();
                hardware?.Dispose();
            }

            foreach (var finding in report.Findings)
            {
                output.WriteLine(finding.ToString());
            }

            try
            {
                Record(report, station, stationId);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ReportFileException or Upkeep.StationRecordException)
            {
                return SetupErrors.StationFault(parse, $"the result could not be recorded in {station.ReportDirectory}: {e.Message}");
            }

            output.WriteLine(report.ExitCode == 0
                ? $"selftest of {stationId}: no problem ({report.Findings.Count(f => f.Level == SelftestLevel.Warning)} warnings); recorded in the audit log and the report."
                : $"selftest of {stationId}: PROBLEM found: fix what the PROBLEM lines say before producing; recorded in the audit log and the report.");
            return report.ExitCode;
        });
        return command;
    }

    /// <summary>How long the relay check keeps POWER closed before it reads the rail (a relay operates within 10 ms; the rail's capacitors charge well within this).</summary>
    private static readonly TimeSpan RelayOnTime = TimeSpan.FromMilliseconds(200);

    /// <summary>Opens the station's real hardware (every output de-asserted) for the checks that move it.</summary>
    private static StationHardware OpenHardware(CheckedStation station, StationComposition composition)
    {
        var catalog = HardwareCatalog.CreateForHardware();
        composition.Register(catalog);
        return StationHardware.Open(station.Config, catalog, TimeProvider.System);
    }

    /// <summary>The audit entry (by <c>station</c>) and one SELFTEST row per socket.</summary>
    private static void Record(SelftestReport report, CheckedStation station, string stationId)
    {
        var audit = AuditLog.For(station.ReportDirectory, stationId, TimeProvider.System);
        audit.AppendAsync(report.ToAuditEntry(AuditEntry.Station)).GetAwaiter().GetResult();
        using var writer = CsvReportWriter.Open(station.ReportDirectory, stationId, TimeProvider.System);
        var counter = AttemptCounter.Open(station.ReportDirectory, stationId);
        var recipe = station.Recipe;
        for (var socket = 1; socket <= station.Config.Sockets.Count; socket++)
        {
            writer.Append(report.ToReportRow(new UnitReportRow
            {
                TimestampUtc = TimeProvider.System.GetUtcNow(),
                Station = stationId,
                Socket = socket,
                AttemptNumber = counter.Next(),
                RecipeName = recipe.Name,
                RecipeVersion = recipe.Version,
                RecipeSha256 = recipe.Sha256,
                StationConfigSha256 = station.ConfigSha256,
                FirmwareFile = recipe.Firmware.FileName,
                FirmwareSha256 = recipe.Firmware.Sha256,
                Verdict = UnitVerdict.Pass,
                FixtureVersion = StationFactory.FixtureVersion,
            }));
        }
    }
}
