using System.CommandLine;
using System.Globalization;
using System.Text;
using Fixture.Controller.Configuration;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;
using Fixture.Hal.Configuration;

namespace Fixture.Controller.Cli;

/// <summary>
/// `fixture config validate [--config FILE] [--sim]`: every check the station makes before it touches a
/// line (configuration, report folder, recipe and their pins, flash plan), printed; exit 0 or 2. A
/// configuration that names no recipe is valid (run then needs --recipe). `fixture config pin` approves a
/// configuration and the recipe it names (<see cref="StationApproval"/>); a later change of either is refused.
/// </summary>
internal static class ConfigCommands
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Station configuration (default with --sim: config/station.sim.json).", HelpName = "FILE" };
        var sim = new Option<bool>("--sim") { Description = "Validate it as the simulated station (simulated lines and buses are known)." };
        var recipe = new Option<string?>("--recipe") { Description = "Recipe file instead of the configuration's.", HelpName = "FILE" };
        var fault = new Option<string[]>("--fault") { Description = "With --sim: the station faults `run --sim` would get, SOCKET:FAULT (e.g. 1:adapter-max=921600), so what they mean for the station is said here too; repeatable.", AllowMultipleArgumentsPerToken = false };
        var validate = new Command("validate", "Check a station configuration and its recipe as `fixture run` would, touching nothing; exit 0 or 2.") { config, sim, recipe, fault };
        validate.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = new StationOptions { ConfigPath = parse.GetValue(config), RecipePath = parse.GetValue(recipe) };
            var faults = parse.GetValue(fault) ?? [];
            if (faults.Length > 0 && !parse.GetValue(sim))
            {
                parse.InvocationConfiguration.Error.WriteLine("fixture config validate: --fault is for the simulated station: add --sim.");
                return ExitCodes.BadInput;
            }

            var composition = faults.Length > 0 ? new SimulationComposition(new SimulationOptions { SocketFaults = faults }) : Composition(parse.GetValue(sim));
            if (!SetupErrors.TrySetUp(parse, () => StationChecks.CheckConfiguration(options, composition), out CheckedConfiguration configuration, out var setupExit)
                || !SetupErrors.TrySetUp(parse, () => StationChecks.RecipePath(configuration, options) is { } recipePath ? StationChecks.WithRecipe(configuration, recipePath, checkRecipePin: options.RecipePath is null, composition) : null, out CheckedStation? station, out setupExit))
            {
                return setupExit;
            }

            if (!SetupErrors.TrySetUp(parse, () => Describe(configuration, station, composition), out string described, out setupExit))
            {
                return setupExit;
            }

            output.Write(described);
            return ExitCodes.Ok;
        });

        var pinConfig = new Option<string?>("--config") { Description = "Station configuration to approve.", HelpName = "FILE", Required = true };
        var pinSim = new Option<bool>("--sim") { Description = "It is a simulated station." };
        var pin = new Command("pin", "Approve a station configuration and the recipe it names: check both as `run` would, write the recipe's SHA-256 to workflow.recipe.sha256 when it changed, and the configuration's SHA-256 to FILE.sha256; a later change is refused.") { pinConfig, pinSim };
        pin.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (!SetupErrors.TrySetUp(parse, () => StationApproval.Approve(parse.GetValue(pinConfig)!, Composition(parse.GetValue(pinSim))), out StationApprovalResult result, out var setupExit, "(nothing pinned)"))
            {
                return setupExit;
            }

            Report(output, result);
            return ExitCodes.Ok;
        });

        return new Command("config", "Station configuration: validate it, approve (pin) it with its recipe.") { validate, pin };
    }

    private static StationComposition Composition(bool simulated) => simulated ? new SimulationComposition() : LineStation.Instance;

    private static void Report(TextWriter output, StationApprovalResult result)
    {
        if (result.Recipe is not { } recipe)
        {
            output.WriteLine("recipe: none named in workflow.recipe.file (run and flash will need --recipe FILE)");
        }
        else
        {
            var what = $"'{recipe.Name}' version {recipe.Version}, firmware {recipe.Firmware.FileName} {recipe.FirmwareVersion}";
            output.WriteLine((result.OldRecipePin, result.ConfigRewritten) switch
            {
                (null, _) => $"recipe {recipe.Path}: approved, workflow.recipe.sha256 {recipe.Sha256} written (was not pinned); {what}",
                (_, true) => $"recipe {recipe.Path}: CHANGED since it was approved: workflow.recipe.sha256 {result.OldRecipePin!.ToLowerInvariant()} -> {recipe.Sha256}; {what}",
                _ => $"recipe {recipe.Path}: unchanged, SHA-256 {recipe.Sha256}; {what}",
            });
            foreach (var warning in recipe.Warnings)
            {
                output.WriteLine($"warning: {warning}");
            }
        }

        if (result.OldConfigSha256 is { } before)
        {
            output.WriteLine($"{result.ConfigPath}: workflow.recipe.sha256 rewritten in place; the file's SHA-256 {before} -> {result.NewConfigPin}");
        }

        output.WriteLine(result.OldConfigPin switch
        {
            null => $"pinned {result.ConfigPath}: SHA-256 {result.NewConfigPin} in {result.PinFile} (was not pinned)",
            var old when string.Equals(old, result.NewConfigPin, StringComparison.OrdinalIgnoreCase) => $"pinned {result.ConfigPath}: SHA-256 {result.NewConfigPin} in {result.PinFile} (unchanged)",
            var old => $"pinned {result.ConfigPath}: SHA-256 {result.NewConfigPin} in {result.PinFile} (was {old})",
        });
    }

    private static string Describe(CheckedConfiguration configuration, CheckedStation? station, StationComposition composition)
    {
        var c = configuration.Config;
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Configuration {configuration.ConfigPath}: valid (SHA-256 {configuration.ConfigSha256}{(File.Exists(StationChecks.PinFile(configuration.ConfigPath)) ? ", matches its pin" : ", not pinned")}).");
        text.AppendLine(inv, $"  station {c.Station!.Id}{(c.Station.Name is { } name ? $" ({name})" : "")}: {c.Station.StartButtons.Count} shared start button(s), abort {(c.Station.Abort is null ? "none" : "yes")}, guard {(c.Station.Guard is null ? "none" : "yes")}, ESD {(c.Station.Esd is null ? "none" : "yes")}");
        for (var i = 0; i < c.Sockets.Count; i++)
        {
            var s = c.Sockets[i];
            text.AppendLine(inv, $"  socket {StationConfigValidator.SocketNumber(c, i)}: port {s.Serial!.Port}, bauds {s.Serial.BootromBaud}/{s.Serial.LoaderBaud}/{s.Serial.ConsoleBaud}, POWER {Line(s.Lines!.Power!)}, BOOT {Line(s.Lines.Boot!)}, CHIP_EN {Line(s.Lines.Reset!)}, monitor {(s.SupplyMonitor is { } m ? $"{m.Chip} @0x{m.Address:X2} on {m.Bus}" : "none")}{(s.StartButton is null ? "" : ", own start button")}");
        }

        foreach (var warning in AdapterConsoleWarnings(c, station?.Recipe.ConsoleBaudRate, composition))
        {
            text.AppendLine(warning);
        }

        var w = configuration.File.Workflow;
        text.AppendLine(inv, $"  workflow: {w.HandshakePowerCycles} power cycles x {w.HandshakeBurstsPerCycle} bursts, off {c.Timing.PowerOffMs} ms x{c.Timing.PowerOffGrowth} up to {c.Timing.PowerOffMaxMs} ms, {w.RegionAttempts} tries per region, {w.UnitRestarts} unit restart(s), retest limit {w.RetestLimit}, stagger {c.Timing.PowerOnStaggerMs} ms, {w.VerificationUnits.Count} verification unit(s)");
        if (station is null)
        {
            text.AppendLine(inv, $"Reports: {configuration.ReportDirectory}{(configuration.ReportFolder.Exists ? "" : " (created at the first run)")}");
            text.AppendLine("Recipe: none named in workflow.recipe.file: `run` and `flash` need one; add it there (then `fixture config pin`) or give --recipe FILE.");
            return text.ToString();
        }

        var r = station.Recipe;
        text.AppendLine(inv, $"Recipe {station.RecipePath}: '{r.Name}' version {r.Version}, firmware {r.Firmware.FileName} {r.FirmwareVersion} (SHA-256 {r.Sha256}; every input file matches its pin).");
        text.AppendLine(inv, $"  flash plan: {station.Plan.Regions.Count} regions, {station.Plan.DataBytes} bytes ({station.Plan.WireBytes} on the wire); clean slate {(r.CleanSlate.Enabled ? "on" : "OFF")}; boot log at {r.ConsoleBaudRate} baud");
        foreach (var region in station.Plan.Regions)
        {
            text.AppendLine(inv, $"    {region.Name,-18} 0x{region.Address:X6}  {(region.IsEraseOnly ? $"erase {region.EraseLength} bytes" : $"{region.Data.Length} bytes")}");
        }

        text.AppendLine(inv, $"Reports: {configuration.ReportDirectory}{(configuration.ReportFolder.Exists ? "" : " (created at the first run)")}");
        foreach (var warning in r.Warnings)
        {
            text.AppendLine(inv, $"warning: {warning}");
        }

        return text.ToString();
    }

    private static string Line(LineConfig line) =>
        Hal.Lines.SocketWirings.IsManual(line.Driver) ? "manual (the operator)"
        : Hal.Lines.SocketWirings.IsNone(line.Driver) ? "none (not wired)"
        : $"{line.Driver}{(line.Chip is { } chip ? $" chip {chip}" : "")}{(line.Line is { } n ? $" line {n}" : "")}{(line.Signal is { } signal ? $" {signal}" : "")} {line.Polarity}";

    /// <summary>
    /// Issue 14 §2: a socket whose adapter (by its USB ids, where the port is one) cannot receive the console rate can
    /// flash but never boot-check; said here once, in the words the first unit's FIXTURE_FAULT will use.
    /// </summary>
    internal static IEnumerable<string> AdapterConsoleWarnings(StationConfig config, int? recipeConsoleBaud, StationComposition? composition = null, string sysfsRoot = "/sys", string devRoot = "/dev")
    {
        for (var i = 0; i < config.Sockets.Count; i++)
        {
            var serial = config.Sockets[i].Serial!;
            if (composition?.AdapterReceiveLimit(i, config.Sockets.Count) is { } simulated && simulated < (recipeConsoleBaud ?? serial.ConsoleBaud))
            {
                yield return $"  FIXTURE_FAULT ahead: socket {StationConfigValidator.SocketNumber(config, i)}: {Workflow.Phases.PowerPhase.ConsoleUnreadableText(recipeConsoleBaud ?? serial.ConsoleBaud)} (an adapter that receives at most {simulated} baud on {serial.Port}): every unit there will be refused before power-on.";
                continue;
            }

            Protocol.Baud.AdapterLimit? limit;
            try
            {
                var usb = Hal.Serial.UsbAdapterIdentity.Lookup(serial.Port!, sysfsRoot, devRoot);
                limit = Protocol.Baud.AdapterLimits.Find(usb.VendorId, usb.ProductId, usb.Product);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                continue; // not a USB adapter this machine can describe: nothing known to say
            }

            var console = recipeConsoleBaud ?? serial.ConsoleBaud;
            if (limit is not null && !limit.CanProduce(console))
            {
                yield return $"  FIXTURE_FAULT ahead: socket {StationConfigValidator.SocketNumber(config, i)}: {Workflow.Phases.PowerPhase.ConsoleUnreadableText(console)} ({limit.Name} on {serial.Port}): every unit there will be refused before power-on.";
            }
        }
    }
}
