using System.CommandLine;
using System.Globalization;
using Fixture.Protocol.Identity;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Timing;
using Fixture.Simulator.Uart;
using Fixture.Simulator.Unit;

namespace Fixture.Controller.Cli;

/// <summary>
/// `fixture sim …`: the simulated unit as a tool. `sim assets` writes the synthetic bundle;
/// `sim serve --pty` puts one simulated unit on a Linux pseudo-terminal, in real time, so any
/// BL602 flasher with a real serial port (ours or a third party's) can talk to it.
/// </summary>
internal static class SimCommands
{
    public static Command Create() =>
        new("sim", "The simulated BL602 unit: its synthetic assets, and serving it on a pseudo-terminal.")
        {
            SimAssetsCommand.Create(),
            CreateServe(),
        };

    private static Command CreateServe()
    {
        var pty = new Option<bool>("--pty") { Description = "Serve on a new Linux pseudo-terminal (the only transport); prints its device path." };
        var unitFile = new Option<string?>("--unit") { Description = "The unit as data: a unit file (config/units/*.json: its eFuse, flash part, what its flash holds). Default: the first real unit, config/units/amysen-yx-ws01-9666.json.", HelpName = "FILE" };
        var mac = new Option<string?>("--mac") { Description = "Instead of --unit: a unit whose only MAC is eFuse slot 0 (chip id and firmware MAC alike), as every simulated unit was before the real units.", HelpName = "MAC" };
        var boot = new Option<string>("--boot") { Description = "BOOT strap (GPIO8): bootrom (high, UART download) or flash (low, boots what its flash holds).", DefaultValueFactory = _ => "bootrom" };
        var faults = new Option<string[]>("--fault") { Description = "A fault to inject, repeatable: " + string.Join(", ", UnitFaultsText.Forms), AllowMultipleArgumentsPerToken = true };
        var speed = new Option<double>("--speed") { Description = "Real-time factor (1 = real time; 4 = four times faster).", DefaultValueFactory = _ => 1.0 };
        var command = new Command("serve", "Serve one simulated unit until Ctrl+C; 0x21 (reset) and 0x33 (flash_boot) behave as on hardware.")
        {
            pty, unitFile, mac, boot, faults, speed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!parse.GetValue(pty))
            {
                error.WriteLine("fixture sim serve: choose a transport: --pty (serve on a Linux pseudo-terminal).");
                return ExitCodes.BadInput;
            }

            if (!TryReadUnit(parse.GetValue(unitFile), parse.GetValue(mac), error, out var identity))
            {
                return ExitCodes.BadInput;
            }

            var bootMode = parse.GetValue(boot)!.ToLowerInvariant();
            if (bootMode is not ("bootrom" or "flash"))
            {
                error.WriteLine($"fixture sim serve: --boot \"{bootMode}\" is neither bootrom nor flash.");
                return ExitCodes.BadInput;
            }

            UnitFaults unitFaults;
            try
            {
                unitFaults = UnitFaultsText.Parse(parse.GetValue(faults) ?? []);
            }
            catch (FormatException e)
            {
                error.WriteLine($"fixture sim serve: {e.Message}");
                return ExitCodes.BadInput;
            }

            var factor = parse.GetValue(speed);
            if (!(factor > 0) || double.IsInfinity(factor))
            {
                error.WriteLine($"fixture sim serve: --speed {factor.ToString(CultureInfo.InvariantCulture)} must be a positive factor, e.g. 1 or 4.");
                return ExitCodes.BadInput;
            }

            if (!PseudoTerminal.IsSupported)
            {
                error.WriteLine("fixture sim serve: this machine has no pseudo-terminals (/dev/ptmx); run it on Linux.");
                return ExitCodes.StationFault;
            }

            TimeProvider clock = factor == 1.0 ? TimeProvider.System : new ScaledTimeProvider(TimeProvider.System, factor);
            var assets = SyntheticAssets.Get(1);
            var unit = new SimulatedUnit(clock, new SimulatedUnitOptions
            {
                Name = "pty",
                Identity = identity,
                Faults = unitFaults,
                FirmwareStarter = FlashBoot.Starter(unitFaults),
            });
            var setup = UnitFlashSetup.Apply(unit, assets.OpenBl602Set, assets);
            using var server = new PtyUnitServer(unit, clock);
            server.Start();
            unit.SetBootStrap(bootMode == "bootrom");
            unit.SetPower(true);
            output.WriteLine(server.SlavePath);
            output.WriteLine($"simulated unit {identity.Name}, chip id {MacAddress.FromReversed(identity.EfuseRegion0.Span.Slice(0x14, 6))} ({setup.Installation}; faults: {Describe(unit)}) in {(bootMode == "bootrom" ? "UART download mode" : "flash boot")}; Ctrl+C stops it.");
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                output.WriteLine($"stopped; {unit.Record.Boots.Count} boot(s) served.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The unit to serve: a unit file, a slot-0-only unit from --mac, or the first real unit; one line on error.</summary>
    internal static bool TryReadUnit(string? file, string? macText, TextWriter error, out UnitIdentity identity)
    {
        identity = RealUnits.All[0];
        if (file is not null && macText is not null)
        {
            error.WriteLine("fixture sim serve: give --unit FILE or --mac MAC, not both.");
            return false;
        }

        if (macText is not null)
        {
            if (!MacAddress.TryParse(macText, out var mac))
            {
                error.WriteLine($"fixture sim serve: --mac \"{macText}\" is not a MAC; write six hex bytes, e.g. 70:3E:97:1E:96:66.");
                return false;
            }

            identity = UnitIdentity.WithOnlyChipMac(mac.ToBytes(), name: "pty");
            return true;
        }

        if (file is not null)
        {
            try
            {
                identity = UnitFile.Load(file);
            }
            catch (UnitFileException e)
            {
                error.WriteLine($"fixture sim serve: --unit {e.Message}");
                return false;
            }
        }

        return true;
    }

    private static string Describe(SimulatedUnit unit) =>
        unit.Record.Configured.Count == 0 ? "none" : string.Join(", ", unit.Record.Configured);
}
