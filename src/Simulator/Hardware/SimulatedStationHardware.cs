using System.Device.I2c;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Hal.Lines;

namespace Fixture.Simulator.Hardware;

/// <summary>
/// The simulated station's hardware: its GPIO chips, the wiring from each socket's POWER/BOOT/CHIP_EN
/// relays to the unit in that socket, and the supply-monitor chips on its "sim" I2C bus. Registering
/// it in a <see cref="HardwareCatalog"/> makes "simulated" lines and "sim" buses openable like any other.
/// The wiring honours each line's configured polarity: a relay is energised only while its pin is an
/// output at the asserted level, so a released pin (closed, crashed, never opened) means off.
/// </summary>
public sealed class SimulatedStationHardware
{
    public const string DriverName = "simulated";
    public const string I2cScheme = "sim";

    private readonly TimeProvider _time;
    private readonly Dictionary<int, SimulatedGpioDriver> _chips = [];
    private readonly Dictionary<(string Chip, int Pin), (int Socket, SocketSignal Signal, LinePolarity Polarity)> _wiring = [];
    private readonly Dictionary<int, ISimulatedUnitPins> _units = [];
    private readonly Dictionary<int, ISimulatedSupplyLoad> _loads = [];
    private readonly Dictionary<int, SupplyMonitorConfig> _monitors = [];
    private readonly Dictionary<int, SimulatedInaChip> _supplyChips = [];
    private readonly Lock _gate = new();

    public SimulatedStationHardware(TimeProvider time)
    {
        _time = time;
    }

    public enum SocketSignal
    {
        Power,
        Boot,
        Reset,
    }

    /// <summary>The simulated GPIO chip with this number, created on first use.</summary>
    public SimulatedGpioDriver Chip(int number)
    {
        lock (_gate)
        {
            if (!_chips.TryGetValue(number, out var chip))
            {
                chip = new SimulatedGpioDriver($"simchip{number}", _time);
                chip.OutputChanged += OnOutputChanged;
                _chips.Add(number, chip);
            }

            return chip;
        }
    }

    /// <summary>Adds the "simulated" line driver and the "sim" I2C bus to a catalog.</summary>
    public void Register(HardwareCatalog catalog)
    {
        catalog.LineDrivers.Add(new SimulatedLineDriver(this));
        catalog.I2cBuses.Add(I2cScheme, (request, _) => OpenSupplyChip(request));
    }

    /// <summary>Learns, from a validated configuration, which simulated pins are which socket's lines and which sockets have monitors.</summary>
    public void Wire(StationConfig config)
    {
        lock (_gate)
        {
            _wiring.Clear();
            _monitors.Clear();
            for (var i = 0; i < config.Sockets.Count; i++)
            {
                var lines = config.Sockets[i].Lines;
                Route(lines?.Power, i, SocketSignal.Power);
                Route(lines?.Boot, i, SocketSignal.Boot);
                Route(lines?.Reset, i, SocketSignal.Reset);
                if (config.Sockets[i].SupplyMonitor is { } monitor)
                {
                    _monitors[i] = monitor;
                }
            }
        }
    }

    /// <summary>Puts a unit into a socket: its pins follow that socket's relays from now on, its load feeds the socket's monitor.</summary>
    public void ConnectUnit(int socketIndex, ISimulatedUnitPins pins, ISimulatedSupplyLoad? load = null)
    {
        List<(SocketSignal, bool)> current;
        lock (_gate)
        {
            _units[socketIndex] = pins;
            if (load is not null)
            {
                _loads[socketIndex] = load;
            }

            current = [.. Enum.GetValues<SocketSignal>().Select(s => (s, IsEnergised(socketIndex, s)))];
        }

        foreach (var (signal, energised) in current)
        {
            Apply(pins, signal, energised);
        }
    }

    /// <summary>Drives a simulated input (start button, abort, guard): active = pressed/closed, at the line's polarity.</summary>
    public void SetInput(LineConfig line, bool active)
    {
        var level = line.Polarity!.Value.LevelFor(active);
        Chip(line.Chip ?? 0).DriveInput(line.Line!.Value, level);
    }

    /// <summary>The monitor chip last opened for a socket, if any.</summary>
    public SimulatedInaChip? SupplyChip(int socketIndex)
    {
        lock (_gate)
        {
            return _supplyChips.GetValueOrDefault(socketIndex);
        }
    }

    /// <summary>Whether a socket's relay is energised right now (output at its asserted level).</summary>
    public bool IsEnergised(int socketIndex, SocketSignal signal)
    {
        lock (_gate)
        {
            foreach (var ((chipName, pin), target) in _wiring)
            {
                if (target.Socket == socketIndex && target.Signal == signal)
                {
                    var chip = _chips.Values.FirstOrDefault(c => c.Name == chipName);
                    return chip?.DrivenLevel(pin) is { } level && target.Polarity.IsAsserted(level);
                }
            }

            return false;
        }
    }

    private static void Apply(ISimulatedUnitPins unit, SocketSignal signal, bool energised)
    {
        switch (signal)
        {
            case SocketSignal.Power:
                unit.SetPower(energised);
                break;
            case SocketSignal.Boot:
                // Energised: GPIO8 pulled to the module's 3.3 V; released: the module's own pull-down.
                unit.SetBootStrap(energised);
                break;
            default:
                // Energised: CHIP_EN pulled to ground; released: the module's pull-up lets the chip run.
                unit.SetChipEnable(!energised);
                break;
        }
    }

    private void Route(LineConfig? line, int socket, SocketSignal signal)
    {
        if (line is { Driver: not null, Line: { } pin, Polarity: { } polarity }
            && string.Equals(line.Driver, DriverName, StringComparison.OrdinalIgnoreCase))
        {
            _wiring[(Chip(line.Chip ?? 0).Name, pin)] = (socket, signal, polarity);
        }
    }

    private void OnOutputChanged(object? sender, PinTransition transition)
    {
        ISimulatedUnitPins? unit;
        (int Socket, SocketSignal Signal, LinePolarity Polarity) target;
        lock (_gate)
        {
            if (!_wiring.TryGetValue((transition.Chip, transition.Pin), out target) || !_units.TryGetValue(target.Socket, out unit))
            {
                return;
            }
        }

        Apply(unit, target.Signal, transition.IsDriving && target.Polarity.IsAsserted(transition.Level));
    }

    private SimulatedInaChip OpenSupplyChip(I2cRequest request)
    {
        lock (_gate)
        {
            if (request.SocketIndex is not { } socket || !_monitors.TryGetValue(socket, out var monitor))
            {
                throw new Fixture.Hal.HardwareFaultException($"{request.Key}: the simulated I2C bus only carries the sockets' supply monitors (wire the configuration first).");
            }

            var settings = new I2cConnectionSettings(100 + socket, request.Address);
            ISimulatedSupplyLoad? Load()
            {
                lock (_gate)
                {
                    return _loads.GetValueOrDefault(socket);
                }
            }

            SimulatedInaChip chip = string.Equals(monitor.Chip, "ina236", StringComparison.OrdinalIgnoreCase)
                ? new SimulatedIna236Chip(settings, monitor.ShuntOhms, Load)
                : new SimulatedIna219Chip(settings, monitor.ShuntOhms, Load);
            _supplyChips[socket] = chip;
            return chip;
        }
    }
}
