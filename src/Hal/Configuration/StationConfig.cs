namespace Fixture.Hal.Configuration;

/// <summary>
/// A station's hardware as its configuration file describes it: the panel, the timing of the line
/// sequences and 1–8 sockets (the file's "station", "timing" and "sockets" sections; the controller
/// reads the whole file, its workflow and simulation sections included, and keeps them beside this).
/// <see cref="StationConfigValidator"/> checks it before anything is touched.
/// </summary>
public sealed class StationConfig
{
    public StationSection? Station { get; init; }

    public TimingConfig Timing { get; init; } = new();

    public IReadOnlyList<SocketConfig> Sockets { get; init; } = [];
}

/// <summary>The station's own panel: identity, start/abort inputs, lamps, buzzer, interlocks.</summary>
public sealed class StationSection
{
    /// <summary>The station's id in every report row and report file name (<see cref="StationId"/>: letters, digits, '.', '_', '-').</summary>
    public string? Id { get; init; }

    public string? Name { get; init; }

    /// <summary>Shared start button(s); any of them starts every idle socket (sockets may have their own).</summary>
    public IReadOnlyList<LineConfig> StartButtons { get; init; } = [];

    public LineConfig? Abort { get; init; }

    /// <summary>Station-wide PASS / FAIL / BUSY lamps.</summary>
    public LampsConfig? Lamps { get; init; }

    public LineConfig? Buzzer { get; init; }

    /// <summary>Optional lid/guard switch: active = closed, safe to power.</summary>
    public LineConfig? Guard { get; init; }

    /// <summary>Optional ESD-monitor input: active = operator grounded, safe to handle.</summary>
    public LineConfig? Esd { get; init; }
}

public sealed class LampsConfig
{
    public LineConfig? Pass { get; init; }

    public LineConfig? Fail { get; init; }

    public LineConfig? Busy { get; init; }
}

/// <summary>Timings of the line sequences (milliseconds).</summary>
public sealed class TimingConfig
{
    /// <summary>
    /// How long CHIP_EN is held in reset after power-on (and for the firmware-boot pulse). The ISP
    /// reference asks for at least 5 ms; 20 ms also covers a mechanical relay's operate time (≤ 10 ms).
    /// </summary>
    public double ResetHoldMs { get; init; } = 20;

    /// <summary>Wait after CHIP_EN is released before the first handshake byte: the ISP reference's 50–100 ms, at its short end (a missed handshake is retried).</summary>
    public double SettleMs { get; init; } = 50;

    /// <summary>First power-off time; a unit is only reset if it really discharges.</summary>
    public double PowerOffMs { get; init; } = 300;

    /// <summary>Each retry's off-time is the previous one times this.</summary>
    public double PowerOffGrowth { get; init; } = 1.5;

    public double PowerOffMaxMs { get; init; } = 3000;

    /// <summary>Extra time the rail may take to fall below the discharged threshold, where a monitor exists.</summary>
    public double DischargeTimeoutMs { get; init; } = 1000;

    /// <summary>Break (TX held low) is asserted this long before the power is cut.</summary>
    public double BreakLeadMs { get; init; } = 2;

    /// <summary>Start/abort inputs must be stable this long before they count.</summary>
    public double DebounceMs { get; init; } = 30;

    /// <summary>Gang mode: delay between sockets' power-on, so inrush does not reset the USB-UART bridges.</summary>
    public double PowerOnStaggerMs { get; init; } = 150;
}

public sealed class SocketConfig
{
    /// <summary>1-based socket number shown to the operator (default: position in the list + 1).</summary>
    public int? Id { get; init; }

    public SerialConfig? Serial { get; init; }

    public SocketLinesConfig? Lines { get; init; }

    /// <summary>Optional per-socket start button (gang stations).</summary>
    public LineConfig? StartButton { get; init; }

    /// <summary>Optional per-socket lamps.</summary>
    public LampsConfig? Lamps { get; init; }

    public SupplyMonitorConfig? SupplyMonitor { get; init; }
}

public sealed class SerialConfig
{
    /// <summary>Stable name: /dev/serial/by-id/..., /dev/serial/by-path/..., COMn, or "sim:N" on the simulated station.</summary>
    public string? Port { get; init; }

    /// <summary>Bootrom handshake rate; the bootrom runs on its RC oscillator, so at most 500 000.</summary>
    public int BootromBaud { get; init; } = 500_000;

    /// <summary>Loader rate; above 970 000 the loader snaps to multiples of 500 000.</summary>
    public int LoaderBaud { get; init; } = 2_000_000;

    /// <summary>Boot-log rate (from the factory parameters; 2 000 000 for OpenBL602).</summary>
    public int ConsoleBaud { get; init; } = 2_000_000;

    /// <summary>
    /// True for the usual USB-UART chips, which drive DTR/RTS pins low when the signal is asserted.
    /// Line polarity in this file is always the pin's level, so this is what turns one into the other.
    /// </summary>
    public bool ModemLinesInverted { get; init; } = true;
}

public sealed class SocketLinesConfig
{
    public LineConfig? Power { get; init; }

    public LineConfig? Boot { get; init; }

    public LineConfig? Reset { get; init; }
}

/// <summary>An INA219/INA236 in series with the unit's 3.3 V, and what its readings must look like.</summary>
public sealed class SupplyMonitorConfig
{
    /// <summary>"ina219" or "ina236".</summary>
    public string? Chip { get; init; }

    /// <summary>"i2c-1", "ft232h", "ft232h:SERIAL" or "sim".</summary>
    public string? Bus { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(HexIntegerJsonConverter))]
    public int? Address { get; init; }

    public double ShuntOhms { get; init; } = 0.1;

    /// <summary>Full-scale current for the calibration; must be above the short threshold.</summary>
    public double MaxCurrentAmps { get; init; } = 2.0;

    /// <summary>A rail at or above this before POWER closes is live (mains or back-fed): refuse the unit.</summary>
    public double LiveRailVolts { get; init; } = 1.0;

    /// <summary>Below this the unit has discharged and a power cycle is real.</summary>
    public double DischargedRailVolts { get; init; } = 0.3;

    /// <summary>Expected current in the bootrom (the chip draws 5–7 mA in download mode).</summary>
    public double BootromMinMilliamps { get; init; } = 3;

    public double BootromMaxMilliamps { get; init; } = 15;

    /// <summary>At or above this the unit is shorted: cut its power.</summary>
    public double ShortMilliamps { get; init; } = 400;

    /// <summary>A powered rail below this at normal current is a sagging station supply.</summary>
    public double SagVolts { get; init; } = 3.0;
}
