using Fixture.Hal.Configuration;

namespace Fixture.Hal.Lines;

/// <summary>
/// How a socket's POWER, BOOT and CHIP_EN are worked (issue 14 §1), read from the drivers its three lines name:
/// every line on a real driver (<see cref="Relays"/>); POWER <c>none</c> with BOOT and CHIP_EN on real drivers
/// (<see cref="ResetOnly"/>: the unit is powered all the time, e.g. from the adapter's 3.3 V, and DTR/RTS reset it);
/// all three <c>manual</c> (<see cref="Manual"/>: the operator is the relay); all three <c>none</c>
/// (<see cref="None"/>: the unit is already in UART download mode when the flash starts).
/// </summary>
public enum SocketWiring
{
    Relays,
    ResetOnly,
    Manual,
    None,
}

/// <summary>The two pseudo-drivers a socket line may name instead of a real one, and which <see cref="SocketWiring"/> a socket has.</summary>
public static class SocketWirings
{
    /// <summary>The operator does it: one instruction at a time, confirmed with Enter (socket lines only, all three together).</summary>
    public const string ManualDriver = "manual";

    /// <summary>Not wired: nothing drives the signal (socket lines only).</summary>
    public const string NoneDriver = "none";

    /// <summary>Whether <paramref name="driver"/> is one of the pseudo-drivers.</summary>
    public static bool IsPseudoDriver(string? driver) => IsManual(driver) || IsNone(driver);

    public static bool IsManual(string? driver) => string.Equals(driver, ManualDriver, StringComparison.OrdinalIgnoreCase);

    public static bool IsNone(string? driver) => string.Equals(driver, NoneDriver, StringComparison.OrdinalIgnoreCase);

    /// <summary>The wiring of a socket whose lines passed validation (mixtures the validator refuses read as <see cref="SocketWiring.Relays"/>).</summary>
    public static SocketWiring Of(SocketLinesConfig lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var (power, boot, reset) = (lines.Power?.Driver, lines.Boot?.Driver, lines.Reset?.Driver);
        if (IsManual(power) && IsManual(boot) && IsManual(reset))
        {
            return SocketWiring.Manual;
        }

        if (IsNone(power) && IsNone(boot) && IsNone(reset))
        {
            return SocketWiring.None;
        }

        return IsNone(power) ? SocketWiring.ResetOnly : SocketWiring.Relays;
    }

    /// <summary>Whether the fixture can take the unit's power away (a POWER line on a real driver).</summary>
    public static bool SwitchesPower(this SocketWiring wiring) => wiring == SocketWiring.Relays;

    /// <summary>Whether BOOT and CHIP_EN are driven by the fixture (relays or modem lines).</summary>
    public static bool DrivesStraps(this SocketWiring wiring) => wiring is SocketWiring.Relays or SocketWiring.ResetOnly;

    /// <summary>
    /// The problems of a socket's lines where they name a pseudo-driver: manual is all three or none of them; BOOT and
    /// CHIP_EN are <c>none</c> only together and only with POWER <c>none</c>; pseudo-drivers take no other key; and a
    /// supply monitor needs a POWER the fixture switches (it would read a live rail before every unit).
    /// </summary>
    public static void Validate(SocketConfig socket, string key, string label, List<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(problems);
        var lines = socket.Lines;
        if (lines is null)
        {
            return;
        }

        var named = new (string Name, string Signal, LineConfig? Line)[] { ("power", "POWER", lines.Power), ("boot", "BOOT", lines.Boot), ("reset", "CHIP_EN", lines.Reset) };
        var manual = named.Count(n => IsManual(n.Line?.Driver));
        if (manual is > 0 and < 3)
        {
            foreach (var n in named.Where(n => n.Line is not null && !IsManual(n.Line.Driver)))
            {
                problems.Add(new($"{key}.lines.{n.Name}.driver", $"{label} has manual lines, so {n.Signal} must be \"manual\" too: the operator plugs the unit in while holding BOOT, which is all three signals at once (docs/wiring.md, \"The three-wire bench\")."));
            }
        }

        var bootNone = IsNone(lines.Boot?.Driver);
        var resetNone = IsNone(lines.Reset?.Driver);
        if (bootNone != resetNone && lines.Boot is not null && lines.Reset is not null)
        {
            var (wired, signal) = bootNone ? ("reset", "CHIP_EN") : ("boot", "BOOT");
            problems.Add(new($"{key}.lines.{wired}.driver", $"{label}: BOOT and CHIP_EN are \"none\" only together (the unit is then already in download mode when the flash starts); make {signal} \"none\" too, or wire both."));
        }
        else if (bootNone && resetNone && lines.Power is not null && !IsNone(lines.Power.Driver))
        {
            problems.Add(new($"{key}.lines.power.driver", $"{label}: with BOOT and CHIP_EN \"none\" nothing could put the unit back into download mode after a power cycle; make POWER \"none\" too (the unit is held in download mode by a jig, a PLC or the operator)."));
        }

        foreach (var n in named.Where(n => IsPseudoDriver(n.Line?.Driver)))
        {
            var line = n.Line!;
            var extra = new (string Key, object? Value)[]
                {
                    ("chip", line.Chip), ("device", line.Device), ("bus", line.Bus), ("address", line.Address),
                    ("line", line.Line), ("signal", line.Signal), ("polarity", line.Polarity),
                }
                .Where(k => k.Value is not null)
                .Select(k => k.Key)
                .ToList();
            if (extra.Count > 0)
            {
                problems.Add(new($"{key}.lines.{n.Name}", $"driver \"{line.Driver}\" drives no pin, so {string.Join(", ", extra)} mean nothing here: remove {(extra.Count == 1 ? "it" : "them")}."));
            }
        }

        if (socket.SupplyMonitor is not null && lines.Power is { } power && IsPseudoDriver(power.Driver))
        {
            problems.Add(new($"{key}.supplyMonitor", $"{label}: POWER is \"{power.Driver}\", not switched by the fixture, so the monitor would find a live rail before every unit: remove the monitor, or put POWER on a relay."));
        }
    }
}

/// <summary>A socket signal nothing drives (driver <c>manual</c> or <c>none</c>): it remembers what was asked and touches no pin.</summary>
public sealed class UnwiredLine(string name) : IControlLine
{
    public string Name { get; } = name;

    public bool IsAsserted { get; private set; }

    public void Set(bool asserted) => IsAsserted = asserted;
}
