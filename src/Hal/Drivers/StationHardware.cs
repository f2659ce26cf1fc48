using Fixture.Hal.Configuration;
using Fixture.Hal.Lines;
using Fixture.Hal.Safety;
using Fixture.Hal.Supply;

namespace Fixture.Hal.Drivers;

/// <summary>
/// A station's hardware opened from a validated configuration: the panel, every socket's lines,
/// link and monitor, and the <see cref="SafeState"/> over all outputs. Every output is opened
/// de-asserted and the safe state is applied once more before this returns; disposing it applies
/// the safe state again, then releases every line and device. After each unit, release that
/// socket's lines only (<see cref="SafeState.RunUnitAsync"/>): the station-wide safe state would
/// cut the other sockets' units too.
/// </summary>
public sealed class StationHardware : IDisposable
{
    private readonly List<IDisposable> _owned;
    private readonly StationDevices _devices;

    private StationHardware(StationConfig config, StationPanel panel, IReadOnlyList<SocketHardware> sockets, SafeState safeState, StationDevices devices, List<IDisposable> owned)
    {
        Config = config;
        Panel = panel;
        Sockets = sockets;
        SafeState = safeState;
        _devices = devices;
        _owned = owned;
    }

    public StationConfig Config { get; }

    public StationPanel Panel { get; }

    public IReadOnlyList<SocketHardware> Sockets { get; }

    public SafeState SafeState { get; }

    /// <summary>
    /// Opens everything the configuration names. On any failure, what was opened is released again. Sockets whose
    /// lines are "manual" show their instructions on <paramref name="operatorPrompt"/> (required for them).
    /// </summary>
    public static StationHardware Open(StationConfig config, HardwareCatalog catalog, TimeProvider time, IOperatorPrompt? operatorPrompt = null)
    {
        var devices = new StationDevices(catalog.I2cBuses);
        var owned = new List<IDisposable>();
        var builder = new Builder(catalog, devices, owned, new OutputInterlock(), time, TimeSpan.FromMilliseconds(config.Timing.DebounceMs), operatorPrompt);
        try
        {
            var station = config.Station ?? throw new ArgumentException("The configuration has no station section: validate it first.", nameof(config));
            var sockets = new List<SocketHardware>();
            for (var i = 0; i < config.Sockets.Count; i++)
            {
                sockets.Add(builder.Socket(config, i));
            }

            var panel = new StationPanel(
                [.. station.StartButtons.Select((b, i) => builder.Input(b, new($"station.startButtons[{i}]", $"start button {i + 1}")))],
                builder.OptionalInput(station.Abort, new("station.abort", "abort button")),
                builder.OptionalInput(station.Guard, new("station.guard", "lid/guard switch")),
                builder.OptionalInput(station.Esd, new("station.esd", "ESD monitor")),
                builder.Lamps(station.Lamps, "station.lamps", "station"),
                builder.OptionalOutput(station.Buzzer, new("station.buzzer", "buzzer")));

            var safeState = new SafeState(builder.OutputsPowerFirst(), builder.Interlock);
            safeState.Apply();
            return new StationHardware(config, panel, sockets, safeState, devices, owned);
        }
        catch
        {
            Release(owned, devices);
            throw;
        }
    }

    public void Dispose()
    {
        SafeState.Dispose();
        Release(_owned, _devices);
    }

    private static void Release(List<IDisposable> owned, StationDevices devices)
    {
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            try
            {
                owned[i].Dispose();
            }
            catch (Exception ex) when (ex is HardwareFaultException or IOException or InvalidOperationException)
            {
                // Keep releasing the rest: one vanished device must not keep the others' lines held.
            }
        }

        owned.Clear();
        devices.Dispose();
    }

    private sealed class Builder(HardwareCatalog catalog, StationDevices devices, List<IDisposable> owned, OutputInterlock interlock, TimeProvider time, TimeSpan debounce, IOperatorPrompt? operatorPrompt)
    {
        private readonly List<GpioControlLine> _power = [];
        private readonly List<GpioControlLine> _others = [];

        public OutputInterlock Interlock => interlock;

        public IEnumerable<IControlLine> OutputsPowerFirst() => _power.Concat(_others);

        public SocketHardware Socket(StationConfig config, int index)
        {
            var socket = config.Sockets[index];
            var number = StationConfigValidator.SocketNumber(config, index);
            var label = $"socket {number}";
            var key = $"sockets[{index}]";
            var serial = socket.Serial!;
            var link = catalog.OpenSerialLink(new SerialLinkRequest(index, label, serial));
            owned.Add(link);
            var modem = link as Serial.IModemLines;
            LineSite Site(string name, string what) => new($"{key}.lines.{name}", $"{label} {what}", serial.Port, modem, serial.ModemLinesInverted);

            var wiring = SocketWirings.Of(socket.Lines!);
            var power = SocketLine(socket.Lines!.Power!, Site("power", "POWER"), isPower: true);
            var lines = new SocketLines(power, SocketLine(socket.Lines.Boot!, Site("boot", "BOOT")), SocketLine(socket.Lines.Reset!, Site("reset", "CHIP_EN")));

            ISupplyMonitor? monitor = null;
            SupplyThresholds? thresholds = null;
            if (socket.SupplyMonitor is { } monitorConfig)
            {
                var name = $"{monitorConfig.Chip?.ToUpperInvariant()} @0x{monitorConfig.Address:X2} on {monitorConfig.Bus} ({label})";
                var i2c = catalog.I2cBuses.Open(new I2cRequest(monitorConfig.Bus!, monitorConfig.Address!.Value, $"{key}.supplyMonitor", $"{label} supply monitor", index), devices);
                monitor = SupplyMonitorFactory.Create(monitorConfig, i2c, name);
                owned.Add(monitor);
                thresholds = SupplyThresholds.From(monitorConfig);
            }

            ISocketSequences sequences = wiring switch
            {
                SocketWiring.Manual => new ManualSocketSequences(
                    operatorPrompt ?? throw new HardwareFaultException($"{label}: its lines are \"manual\", but nothing can show the operator's instructions here: run it from a terminal (fixture run / fixture flash)."),
                    label),
                SocketWiring.None => new NoLineSequences(),
                _ => new SocketSequences(lines, SocketTimings.From(config.Timing), time, link, monitor, thresholds),
            };
            return new SocketHardware(
                number,
                label,
                socket,
                link,
                lines,
                Lamps(socket.Lamps, $"{key}.lamps", label, serial.Port),
                OptionalInput(socket.StartButton, new($"{key}.startButton", $"{label} start button")),
                monitor,
                thresholds,
                sequences,
                wiring);
        }

        /// <summary>A socket signal: a real output, or an <see cref="UnwiredLine"/> for "manual" and "none" (nothing to release, nothing in the safe state).</summary>
        private IControlLine SocketLine(LineConfig line, LineSite site, bool isPower = false) =>
            SocketWirings.IsPseudoDriver(line.Driver) ? new UnwiredLine($"{site.Label} ({line.Driver})") : Output(line, site, isPower);

        public Lamps Lamps(LampsConfig? lamps, string key, string owner, string? port = null) =>
            lamps is null
                ? Lines.Lamps.None
                : new Lamps(
                    OptionalOutput(lamps.Pass, new($"{key}.pass", $"{owner} PASS lamp", port)),
                    OptionalOutput(lamps.Fail, new($"{key}.fail", $"{owner} FAIL lamp", port)),
                    OptionalOutput(lamps.Busy, new($"{key}.busy", $"{owner} BUSY lamp", port)));

        public GpioControlLine? OptionalOutput(LineConfig? line, LineSite site) => line is null ? null : Output(line, site);

        public GpioInputLine? OptionalInput(LineConfig? line, LineSite site) => line is null ? null : Input(line, site);

        public GpioControlLine Output(LineConfig line, LineSite site, bool isPower = false)
        {
            var driver = Driver(line, site);
            var controlLine = new GpioControlLine(site.Label, driver.OpenController(line, site, devices), driver.PinNumber(line), line.Polarity!.Value, interlock);
            owned.Add(controlLine);
            (isPower ? _power : _others).Add(controlLine);
            return controlLine;
        }

        public GpioInputLine Input(LineConfig line, LineSite site)
        {
            var driver = Driver(line, site);
            var input = new GpioInputLine(site.Label, driver.OpenController(line, site, devices), driver.PinNumber(line), line.Polarity!.Value, debounce, time);
            owned.Add(input);
            return input;
        }

        private ILineDriver Driver(LineConfig line, LineSite site) =>
            catalog.LineDrivers.TryGet(line.Driver ?? "", out var driver)
                ? driver
                : throw new HardwareFaultException($"{site.Key}: unknown driver '{line.Driver}' (validate the configuration first).");
    }
}
