using System.CommandLine;
using System.Globalization;
using System.Text;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;
using Fixture.Hal.Configuration;

namespace Fixture.Controller.Cli;

/// <summary>
/// `fixture config validate [--config FILE] [--sim]`: every check the station makes before it touches a
/// line (configuration, recipe and their pins, flash plan), printed; exit 0 or 2. `fixture config pin`
/// approves a configuration: its SHA-256 goes beside it, and a later change is refused.
/// </summary>
internal static class ConfigCommands
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Station configuration (default with --sim: config/station.sim.json).", HelpName = "FILE" };
        var sim = new Option<bool>("--sim") { Description = "Validate it as the simulated station (simulated lines and buses are known)." };
        var recipe = new Option<string?>("--recipe") { Description = "Recipe file instead of the configuration's.", HelpName = "FILE" };
        var validate = new Command("validate", "Check a station configuration and its recipe as `fixture run` would, touching nothing; exit 0 or 2.") { config, sim, recipe };
        validate.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (!SetupErrors.TrySetUp(parse, () => StationFactory.Check(new StationOptions { ConfigPath = parse.GetValue(config), RecipePath = parse.GetValue(recipe) }, Composition(parse.GetValue(sim))), out CheckedStation station, out var setupExit))
            {
                return setupExit;
            }

            output.Write(Describe(station));
            return ExitCodes.Ok;
        });

        var pinConfig = new Option<string?>("--config") { Description = "Station configuration to approve.", HelpName = "FILE", Required = true };
        var pinSim = new Option<bool>("--sim") { Description = "It is a simulated station." };
        var pin = new Command("pin", "Approve a station configuration: check it, then write its SHA-256 to FILE.sha256; a later change is refused.") { pinConfig, pinSim };
        pin.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var path = Path.GetFullPath(parse.GetValue(pinConfig)!);
            var pinFile = StationFactory.PinFile(path);
            // Check against the file as it is now: an older pin must not block its re-approval.
            var previous = File.Exists(pinFile) ? File.ReadAllText(pinFile) : null;
            File.Delete(pinFile);
            if (!SetupErrors.TrySetUp(parse, () => StationFactory.Check(new StationOptions { ConfigPath = path }, Composition(parse.GetValue(pinSim))), out CheckedStation station, out var setupExit, "(nothing pinned)"))
            {
                if (previous is not null)
                {
                    File.WriteAllText(pinFile, previous);
                }

                return setupExit;
            }

            File.WriteAllText(pinFile, station.ConfigSha256 + "\n");
            output.WriteLine($"pinned {path}: SHA-256 {station.ConfigSha256} in {pinFile}");
            return ExitCodes.Ok;
        });

        return new Command("config", "Station configuration: validate it, approve (pin) it.") { validate, pin };
    }

    private static StationComposition Composition(bool simulated) => simulated ? new SimulationComposition() : LineStation.Instance;

    private static string Describe(CheckedStation station)
    {
        var c = station.Config;
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Configuration {station.ConfigPath}: valid (SHA-256 {station.ConfigSha256}{(File.Exists(StationFactory.PinFile(station.ConfigPath)) ? ", matches its pin" : ", not pinned")}).");
        text.AppendLine(inv, $"  station {c.Station!.Id}{(c.Station.Name is { } name ? $" ({name})" : "")}: {c.Station.StartButtons.Count} shared start button(s), abort {(c.Station.Abort is null ? "none" : "yes")}, guard {(c.Station.Guard is null ? "none" : "yes")}, ESD {(c.Station.Esd is null ? "none" : "yes")}");
        for (var i = 0; i < c.Sockets.Count; i++)
        {
            var s = c.Sockets[i];
            text.AppendLine(inv, $"  socket {StationConfigValidator.SocketNumber(c, i)}: port {s.Serial!.Port}, bauds {s.Serial.BootromBaud}/{s.Serial.LoaderBaud}/{s.Serial.ConsoleBaud}, POWER {Line(s.Lines!.Power!)}, BOOT {Line(s.Lines.Boot!)}, CHIP_EN {Line(s.Lines.Reset!)}, monitor {(s.SupplyMonitor is { } m ? $"{m.Chip} @0x{m.Address:X2} on {m.Bus}" : "none")}{(s.StartButton is null ? "" : ", own start button")}");
        }

        var w = c.Workflow;
        text.AppendLine(inv, $"  workflow: {w.HandshakePowerCycles} power cycles x {w.HandshakeBurstsPerCycle} bursts, off {c.Timing.PowerOffMs} ms x{c.Timing.PowerOffGrowth} up to {c.Timing.PowerOffMaxMs} ms, {w.RegionAttempts} tries per region, {w.UnitRestarts} unit restart(s), retest limit {w.RetestLimit}, stagger {c.Timing.PowerOnStaggerMs} ms, {w.VerificationUnits.Count} verification unit(s)");
        var r = station.Recipe;
        text.AppendLine(inv, $"Recipe {station.RecipePath}: '{r.Name}' version {r.Version}, firmware {r.Firmware.FileName} {r.FirmwareVersion} (SHA-256 {r.Sha256}; every input file matches its pin).");
        text.AppendLine(inv, $"  flash plan: {station.Plan.Regions.Count} regions, {station.Plan.DataBytes} bytes ({station.Plan.WireBytes} on the wire); clean slate {(r.CleanSlate.Enabled ? "on" : "OFF")}; boot log at {r.ConsoleBaudRate} baud");
        foreach (var region in station.Plan.Regions)
        {
            text.AppendLine(inv, $"    {region.Name,-18} 0x{region.Address:X6}  {(region.IsEraseOnly ? $"erase {region.EraseLength} bytes" : $"{region.Data.Length} bytes")}");
        }

        text.AppendLine(inv, $"Reports: {station.ReportDirectory}");
        foreach (var warning in r.Warnings)
        {
            text.AppendLine(inv, $"warning: {warning}");
        }

        return text.ToString();
    }

    private static string Line(LineConfig line) =>
        $"{line.Driver}{(line.Chip is { } chip ? $" chip {chip}" : "")}{(line.Line is { } n ? $" line {n}" : "")}{(line.Signal is { } signal ? $" {signal}" : "")} {line.Polarity}";
}
