using System.Globalization;
using Fixture.Hal.Drivers;
using Fixture.Hal.Serial;

namespace Fixture.Hal.Configuration;

/// <summary>
/// Every check a station's hardware (the configuration's station, timing and sockets sections) must pass
/// before anything is touched: drivers and their keys, pins used once, ports, bauds, monitors, the station
/// id, no POWER on a modem line. Problems are collected, not thrown one at a time, so the file is fixed in
/// one go; the controller adds its own sections' problems to the same list.
/// </summary>
public static class StationConfigValidator
{
    public const int MaxSockets = 8;

    /// <summary>The bootrom runs from its RC oscillator: handshakes above this are unreliable.</summary>
    public const int MaxBootromBaud = 500_000;

    /// <summary>Above this the loader snaps the measured rate to a multiple of 500 000 (protocol §2.3).</summary>
    public const int LoaderSnapThreshold = 970_000;

    public const int MaxLoaderBaud = 3_000_000;

    public const int MinBaud = 9_600;

    public static IReadOnlyList<ConfigurationProblem> Validate(StationConfig config, LineDriverRegistry drivers, I2cBusRegistry? i2cBuses = null)
    {
        var problems = new List<ConfigurationProblem>();
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        var ports = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        var usedLines = new List<(LineConfig Line, LineSite Site)>();

        ValidateStation(config.Station, drivers, problems, pins, usedLines);
        ValidateTiming(config.Timing, problems);
        if (config.Sockets.Count == 0)
        {
            problems.Add(new("sockets", "missing: a station has 1 to 8 sockets."));
        }
        else if (config.Sockets.Count > MaxSockets)
        {
            problems.Add(new("sockets", $"{config.Sockets.Count} sockets: a station has at most {MaxSockets}."));
        }

        var ids = new HashSet<int>();
        for (var i = 0; i < config.Sockets.Count; i++)
        {
            ValidateSocket(config.Sockets[i], i, drivers, i2cBuses, problems, pins, ports, ids, usedLines);
        }

        ValidateFt232HI2cPins(config, usedLines, problems);
        return problems;
    }

    /// <summary>Socket number shown to operators: its "id", or its position + 1.</summary>
    public static int SocketNumber(StationConfig config, int index) => config.Sockets[index].Id ?? index + 1;

    private static void ValidateStation(StationSection? station, LineDriverRegistry drivers, List<ConfigurationProblem> problems, Dictionary<string, string> pins, List<(LineConfig, LineSite)> used)
    {
        if (station is null)
        {
            problems.Add(new("station", "missing: give at least the station's id."));
            return;
        }

        if (StationId.Problem(station.Id) is { } idProblem)
        {
            problems.Add(new("station.id", idProblem));
        }

        for (var i = 0; i < station.StartButtons.Count; i++)
        {
            ValidateLine(station.StartButtons[i], new($"station.startButtons[{i}]", $"start button {i + 1}"), drivers, problems, pins, used);
        }

        ValidateOptionalLine(station.Abort, new("station.abort", "abort button"), drivers, problems, pins, used);
        ValidateLamps(station.Lamps, "station.lamps", "station", drivers, problems, pins, used);
        ValidateOptionalLine(station.Buzzer, new("station.buzzer", "buzzer"), drivers, problems, pins, used);
        ValidateOptionalLine(station.Guard, new("station.guard", "lid/guard switch"), drivers, problems, pins, used);
        ValidateOptionalLine(station.Esd, new("station.esd", "ESD monitor"), drivers, problems, pins, used);
    }

    private static void ValidateLamps(LampsConfig? lamps, string key, string owner, LineDriverRegistry drivers, List<ConfigurationProblem> problems, Dictionary<string, string> pins, List<(LineConfig, LineSite)> used, string? port = null)
    {
        if (lamps is null)
        {
            return;
        }

        ValidateOptionalLine(lamps.Pass, new($"{key}.pass", $"{owner} PASS lamp", port), drivers, problems, pins, used);
        ValidateOptionalLine(lamps.Fail, new($"{key}.fail", $"{owner} FAIL lamp", port), drivers, problems, pins, used);
        ValidateOptionalLine(lamps.Busy, new($"{key}.busy", $"{owner} BUSY lamp", port), drivers, problems, pins, used);
    }

    private static void ValidateOptionalLine(LineConfig? line, LineSite site, LineDriverRegistry drivers, List<ConfigurationProblem> problems, Dictionary<string, string> pins, List<(LineConfig, LineSite)> used)
    {
        if (line is not null)
        {
            ValidateLine(line, site, drivers, problems, pins, used);
        }
    }

    private static void ValidateLine(LineConfig line, LineSite site, LineDriverRegistry drivers, List<ConfigurationProblem> problems, Dictionary<string, string> pins, List<(LineConfig, LineSite)> used)
    {
        var before = problems.Count;
        if (line.Polarity is null)
        {
            problems.Add(new($"{site.Key}.polarity", "missing: say which pin level asserts the line, \"activeHigh\" or \"activeLow\" (relay boards are often active-low)."));
        }

        if (string.IsNullOrWhiteSpace(line.Driver))
        {
            problems.Add(new($"{site.Key}.driver", $"missing: name the driver ({string.Join(", ", drivers.Names)})."));
            return;
        }

        if (!drivers.TryGet(line.Driver, out var driver))
        {
            problems.Add(new($"{site.Key}.driver", $"unknown driver '{line.Driver}': use one of {string.Join(", ", drivers.Names)}."));
            return;
        }

        var driverProblems = new List<ConfigurationProblem>();
        driver.Validate(line, site, driverProblems);
        problems.AddRange(driverProblems);
        if (driverProblems.Count > 0)
        {
            return;
        }

        var device = driver.DeviceKey(line, site);
        var pin = $"{device} line {driver.PinNumber(line)}";
        if (pins.TryGetValue(pin, out var firstKey))
        {
            problems.Add(new(site.Key, $"pin used twice: {pin} is already {firstKey}. Give each signal its own line."));
        }
        else
        {
            pins.Add(pin, site.Key);
        }

        if (problems.Count == before)
        {
            used.Add((line, site));
        }
    }

    private static void ValidateTiming(TimingConfig timing, List<ConfigurationProblem> problems)
    {
        void Positive(double value, string name)
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                problems.Add(new($"timing.{name}", $"{value.ToString(CultureInfo.InvariantCulture)} ms: must be a positive number of milliseconds."));
            }
        }

        Positive(timing.ResetHoldMs, "resetHoldMs");
        Positive(timing.SettleMs, "settleMs");
        Positive(timing.PowerOffMs, "powerOffMs");
        Positive(timing.PowerOffMaxMs, "powerOffMaxMs");
        Positive(timing.DischargeTimeoutMs, "dischargeTimeoutMs");
        Positive(timing.DebounceMs, "debounceMs");
        if (timing.BreakLeadMs < 0)
        {
            problems.Add(new("timing.breakLeadMs", "must not be negative."));
        }

        if (timing.PowerOnStaggerMs < 0)
        {
            problems.Add(new("timing.powerOnStaggerMs", "must not be negative."));
        }

        if (!(timing.PowerOffGrowth >= 1))
        {
            problems.Add(new("timing.powerOffGrowth", "must be at least 1: each retry's off-time is the previous one times this."));
        }

        if (timing.PowerOffMaxMs < timing.PowerOffMs)
        {
            problems.Add(new("timing.powerOffMaxMs", $"is below timing.powerOffMs ({timing.PowerOffMs.ToString(CultureInfo.InvariantCulture)} ms)."));
        }
    }

    private static void ValidateSocket(SocketConfig socket, int index, LineDriverRegistry drivers, I2cBusRegistry? i2cBuses, List<ConfigurationProblem> problems, Dictionary<string, string> pins, Dictionary<string, string> ports, HashSet<int> ids, List<(LineConfig, LineSite)> used)
    {
        var key = $"sockets[{index}]";
        var number = socket.Id ?? index + 1;
        var label = $"socket {number}";
        if (socket.Id is { } id && id < 1)
        {
            problems.Add(new($"{key}.id", $"{id}: socket numbers start at 1."));
        }
        else if (!ids.Add(number))
        {
            problems.Add(new($"{key}.id", $"socket {number} is numbered twice."));
        }

        var port = socket.Serial?.Port;
        if (socket.Serial is null || string.IsNullOrWhiteSpace(port))
        {
            problems.Add(new($"{key}.serial.port", $"missing: {label} needs its serial port (a stable name such as /dev/serial/by-id/..., or sim:{number} on the simulated station)."));
            port = null;
        }
        else
        {
            var identity = PortIdentity(port);
            if (ports.TryGetValue(identity, out var other))
            {
                problems.Add(new($"{key}.serial.port", $"{port} is also {other}: two sockets cannot share one adapter (the unit flashed would not be the unit booted)."));
            }
            else
            {
                ports.Add(identity, $"{key}.serial.port");
            }

            ValidateBauds(socket.Serial, key, problems);
        }

        if (socket.Lines is null)
        {
            problems.Add(new($"{key}.lines", $"missing: {label} needs its power, boot and reset lines."));
        }
        else
        {
            var inverted = socket.Serial?.ModemLinesInverted ?? true;
            if (string.Equals(socket.Lines.Power?.Driver, ModemLineDriver.DriverName, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new(
                    $"{key}.lines.power.driver",
                    $"{label} POWER cannot be a modem line (DTR/RTS): opening the port and a crash of the program both toggle DTR and RTS, which would power the unit when nothing controls it (docs/wiring.md). Put POWER on a GPIO or expander line that releases to off, e.g. libgpiod."));
            }

            RequiredLine(socket.Lines.Power, new($"{key}.lines.power", $"{label} POWER", port, null, inverted), drivers, problems, pins, used);
            RequiredLine(socket.Lines.Boot, new($"{key}.lines.boot", $"{label} BOOT", port, null, inverted), drivers, problems, pins, used);
            RequiredLine(socket.Lines.Reset, new($"{key}.lines.reset", $"{label} CHIP_EN", port, null, inverted), drivers, problems, pins, used);
            Lines.SocketWirings.Validate(socket, key, label, problems);
        }

        ValidateOptionalLine(socket.StartButton, new($"{key}.startButton", $"{label} start button"), drivers, problems, pins, used);
        ValidateLamps(socket.Lamps, $"{key}.lamps", label, drivers, problems, pins, used, port);
        if (socket.SupplyMonitor is { } monitor)
        {
            ValidateMonitor(monitor, $"{key}.supplyMonitor", i2cBuses, problems);
        }
    }

    private static void RequiredLine(LineConfig? line, LineSite site, LineDriverRegistry drivers, List<ConfigurationProblem> problems, Dictionary<string, string> pins, List<(LineConfig, LineSite)> used)
    {
        if (line is null)
        {
            problems.Add(new(site.Key, $"missing: wire {site.Label} to a driver and line (or \"manual\" / \"none\" on a bench without relays, docs/wiring.md)."));
        }
        else if (Lines.SocketWirings.IsPseudoDriver(line.Driver))
        {
            // "manual" and "none" drive no pin: SocketWirings.Validate checks how they combine.
        }
        else if (!string.IsNullOrWhiteSpace(line.Driver) && !drivers.TryGet(line.Driver, out _))
        {
            problems.Add(new($"{site.Key}.driver", $"unknown driver '{line.Driver}': use one of {string.Join(", ", drivers.Names)}, or {Lines.SocketWirings.ManualDriver} / {Lines.SocketWirings.NoneDriver} on a bench without relays."));
            if (line.Polarity is null)
            {
                problems.Add(new($"{site.Key}.polarity", "missing: say which pin level asserts the line, \"activeHigh\" or \"activeLow\" (relay boards are often active-low)."));
            }
        }
        else
        {
            ValidateLine(line, site, drivers, problems, pins, used);
        }
    }

    private static void ValidateBauds(SerialConfig serial, string key, List<ConfigurationProblem> problems)
    {
        if (serial.BootromBaud < MinBaud || serial.BootromBaud > MaxBootromBaud)
        {
            problems.Add(new($"{key}.serial.bootromBaud", $"{serial.BootromBaud} is impossible: the bootrom handshake runs at {MinBaud}–{MaxBootromBaud} baud (default 500000)."));
        }

        var loader = serial.LoaderBaud;
        if (loader < MinBaud || loader > MaxLoaderBaud)
        {
            problems.Add(new($"{key}.serial.loaderBaud", $"{loader} is impossible: the loader runs at {MinBaud}–{MaxLoaderBaud} baud (default 2000000)."));
        }
        else if (!LoaderKeeps(loader))
        {
            problems.Add(new($"{key}.serial.loaderBaud", $"{loader} is impossible: above {LoaderSnapThreshold} the loader snaps to multiples of 500000 and would run at {LoaderEffectiveBaud(loader)}; use 1000000, 1500000, 2000000, 2500000 or 3000000, or at most 921600."));
        }

        if (serial.ConsoleBaud < MinBaud || serial.ConsoleBaud > MaxLoaderBaud)
        {
            problems.Add(new($"{key}.serial.consoleBaud", $"{serial.ConsoleBaud} is impossible: the boot log runs at {MinBaud}–{MaxLoaderBaud} baud (OpenBL602: 2000000)."));
        }
    }

    /// <summary>
    /// The rate the eflash_loader settles on (protocol §2.3): it measures the 0x55 pattern with a
    /// 40 MHz counter and snaps anything above 970 000 to the nearest multiple of 500 000. This
    /// mirrors Fixture.Protocol's LoaderBaudRate (Hal may not reference Protocol); a test keeps them equal.
    /// </summary>
    internal static int LoaderEffectiveBaud(int requested)
    {
        const int counterClock = 40_000_000;
        var divisor = Math.Max(1, (int)Math.Round((double)counterClock / requested));
        var measured = counterClock / divisor;
        return measured > LoaderSnapThreshold
            ? (int)Math.Round((double)measured / 500_000, MidpointRounding.AwayFromZero) * 500_000
            : measured;
    }

    /// <summary>A UART tolerates about 2 % between the two ends.</summary>
    internal static bool LoaderKeeps(int requested) => Math.Abs(LoaderEffectiveBaud(requested) - requested) <= requested * 0.02;

    private static void ValidateMonitor(SupplyMonitorConfig monitor, string key, I2cBusRegistry? i2cBuses, List<ConfigurationProblem> problems)
    {
        if (monitor.Chip is null || !Supply.SupplyMonitorFactory.Chips.Contains(monitor.Chip, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(new($"{key}.chip", $"{(monitor.Chip is null ? "missing" : $"unknown chip '{monitor.Chip}'")}: use {string.Join(" or ", Supply.SupplyMonitorFactory.Chips)}."));
        }

        if (string.IsNullOrWhiteSpace(monitor.Bus))
        {
            problems.Add(new($"{key}.bus", "missing: give the I2C bus, e.g. \"i2c-1\", \"ft232h\" or \"sim\"."));
        }
        else if (i2cBuses is not null && !i2cBuses.Knows(monitor.Bus))
        {
            problems.Add(new($"{key}.bus", $"unknown I2C bus '{monitor.Bus}': use one of {string.Join(", ", i2cBuses.Schemes)} (e.g. \"i2c-1\")."));
        }

        if (monitor.Address is not { } address)
        {
            problems.Add(new($"{key}.address", "missing: give the monitor's I2C address, 0x40–0x4F."));
        }
        else if (address is < 0x40 or > 0x4F)
        {
            problems.Add(new($"{key}.address", $"0x{address:X2} is not an INA219/INA236 address (0x40–0x4F)."));
        }

        if (!(monitor.ShuntOhms > 0))
        {
            problems.Add(new($"{key}.shuntOhms", "must be the shunt resistor's positive value in ohms (0.1 on most breakout boards)."));
        }

        if (!(monitor.MaxCurrentAmps > monitor.ShortMilliamps / 1000))
        {
            problems.Add(new($"{key}.maxCurrentAmps", "must be above shortMilliamps, or a short could not be measured."));
        }

        if (!(monitor.DischargedRailVolts > 0 && monitor.DischargedRailVolts < monitor.LiveRailVolts))
        {
            problems.Add(new($"{key}.dischargedRailVolts", "must be positive and below liveRailVolts."));
        }

        if (!(monitor.BootromMinMilliamps >= 0 && monitor.BootromMinMilliamps < monitor.BootromMaxMilliamps))
        {
            problems.Add(new($"{key}.bootromMinMilliamps", "must be at least 0 and below bootromMaxMilliamps (the bootrom draws 5–7 mA)."));
        }

        if (!(monitor.ShortMilliamps > monitor.BootromMaxMilliamps))
        {
            problems.Add(new($"{key}.shortMilliamps", "must be above bootromMaxMilliamps."));
        }

        if (!(monitor.SagVolts > monitor.LiveRailVolts))
        {
            problems.Add(new($"{key}.sagVolts", "must be above liveRailVolts (a powered 3.3 V rail sags below about 3.0 V)."));
        }
    }

    /// <summary>The FT232H's D0–D2 carry its I2C bus: they cannot also be lines when the bus is used.</summary>
    private static void ValidateFt232HI2cPins(StationConfig config, List<(LineConfig Line, LineSite Site)> used, List<ConfigurationProblem> problems)
    {
        var buses = used.Select(u => u.Line.Bus)
            .Concat(config.Sockets.Select(s => s.SupplyMonitor?.Bus))
            .Where(b => b is not null && I2cBusRegistry.SplitScheme(b).Scheme.Equals(Ft232HBoard.Scheme, StringComparison.OrdinalIgnoreCase))
            .Select(b => I2cBusRegistry.SplitScheme(b!).Argument)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (line, site) in used)
        {
            if (string.Equals(line.Driver, "ft232h", StringComparison.OrdinalIgnoreCase) && line.Line is >= 0 and <= 2
                && buses.Contains(Ft232HLineDriver.Serial(line)))
            {
                problems.Add(new($"{site.Key}.line", $"FT232H pin D{line.Line} carries the I2C bus this station uses (D0 = SCL, D1/D2 = SDA): use D3–D7 or C0–C7."));
            }
        }
    }

    private static string PortIdentity(string port) =>
        OperatingSystem.IsWindows() || !port.StartsWith('/') ? port.Trim() : SerialAdapterIdentity.ResolveLinks(port);
}
