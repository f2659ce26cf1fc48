using System.Globalization;

namespace Fixture.Simulator.Faults;

/// <summary>
/// Faults written as text, for `fixture sim serve --fault` and configuration: NAME or NAME=VALUE,
/// e.g. "weak-supply=2", "weak-supply-off=800ms", "brown-out=300000", "ack=deaf", "jedec=c84015".
/// </summary>
public static class UnitFaultsText
{
    /// <summary>Every accepted item, with the form of its value, for help and error messages.</summary>
    public static IReadOnlyList<string> Forms { get; } =
    [
        "dead", "weak-supply=N (handshakes that fail)", "weak-supply-off=DURATION (e.g. 800ms)",
        "brown-out=BYTES", "corrupt=RATE (per byte, e.g. 0.001)", "drop=RATE", "erase-error=ADDRESS (hex)",
        "program-error=ADDRESS (hex, a page that does not program)", "program-timeout=ADDRESS (hex, a page that stays busy)",
        "jedec=HEX6 (e.g. c84015)", "secure-boot", "boot2-log-off", "boot-read-errors", "read-garble=ADDRESS (hex, 0x32 replies garbled there)",
        "write-protected", "ack=after|before|deaf (before is the default)", "live-rail", "short", "crash=DURATION", "safe-mode",
        "already-flashed", "used-unit", "no-flash-boot (a loader without 0x33)",
    ];

    /// <summary>Applies <paramref name="items"/> to <paramref name="faults"/> (default: a healthy unit).</summary>
    /// <exception cref="FormatException">An item is unknown or its value does not parse; the message names it and lists the forms.</exception>
    public static UnitFaults Parse(IEnumerable<string> items, UnitFaults? faults = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var result = faults ?? UnitFaults.None;
        foreach (var raw in items)
        {
            var item = raw.Trim();
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var name = (eq < 0 ? item : item[..eq]).ToLowerInvariant();
            var value = eq < 0 ? null : item[(eq + 1)..];
            result = name switch
            {
                "dead" => result with { Dead = true },
                "weak-supply" => result with { WeakSupplyFailedHandshakes = Integer(item, value) },
                "weak-supply-off" => result with { WeakSupplyMinimumOffTime = Duration(item, value) },
                "brown-out" => result with { BrownOutAfterProgrammedBytes = Integer(item, value) },
                "corrupt" => result with { LineCorruptionRate = Rate(item, value) },
                "drop" => result with { LineDropRate = Rate(item, value) },
                "erase-error" => result with { EraseErrorAt = Address(item, value) },
                "program-error" => result with { ProgramErrorAt = Address(item, value) },
                "program-timeout" => result with { ProgramTimeoutAt = Address(item, value) },
                "boot-read-errors" => result with { BootClockReadErrors = true },
                "read-garble" => result with { ReadGarbleAt = Address(item, value) },
                "jedec" => result with { JedecId = Jedec(item, value) },
                "secure-boot" => result with { SecureBootFusesSet = true },
                "boot2-log-off" => result with { Boot2LogDisabled = true },
                "write-protected" => result with { WriteProtected = true },
                "ack" => result with { AckMode = Ack(item, value) },
                "live-rail" => result with { LiveRail = true },
                "short" => result with { Short = true },
                "crash" => result with { FirmwareCrashAfter = Duration(item, value) },
                "safe-mode" => result with { AlreadyInSafeMode = true },
                "already-flashed" => result with { AlreadyFlashed = true },
                "used-unit" => result with { UsedUnit = new UsedUnitState() },
                "no-flash-boot" => result with { FlashBootUnanswered = true },
                _ => throw Bad(item, "is not a fault this simulator knows"),
            };
        }

        return result;
    }

    private static int Integer(string item, string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw Bad(item, "needs a whole number, e.g. =2");

    private static double Rate(string item, string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 1 ? r : throw Bad(item, "needs a probability between 0 and 1, e.g. =0.001");

    private static uint Address(string item, string? value)
    {
        var text = value?.StartsWith("0x", StringComparison.OrdinalIgnoreCase) == true ? value[2..] : value;
        return uint.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var a) ? a : throw Bad(item, "needs a hex flash address, e.g. =0x10000");
    }

    private static byte[] Jedec(string item, string? value)
    {
        try
        {
            var bytes = Convert.FromHexString(value ?? "");
            if (bytes.Length == 3 && bytes[2] is >= 0x11 and <= 0x19)
            {
                return bytes;
            }
        }
        catch (FormatException)
        {
        }

        throw Bad(item, "needs 6 hex digits whose last byte is a capacity 11..19, e.g. =c84015");
    }

    private static LoaderAckMode Ack(string item, string? value) => value?.ToLowerInvariant() switch
    {
        "after" => LoaderAckMode.AfterProgramming,
        "before" => LoaderAckMode.BeforeProgramming,
        "deaf" => LoaderAckMode.BeforeProgrammingDeaf,
        _ => throw Bad(item, "needs after, before or deaf"),
    };

    private static TimeSpan Duration(string item, string? value)
    {
        if (value is not null)
        {
            var (number, scale) = value.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (value[..^2], 0.001)
                : value.EndsWith('s') ? (value[..^1], 1.0) : (value, 1.0);
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0)
            {
                return TimeSpan.FromSeconds(d * scale);
            }
        }

        throw Bad(item, "needs a duration, e.g. =800ms or =3s");
    }

    private static FormatException Bad(string item, string problem) =>
        new($"fault \"{item}\" {problem}; known faults: {string.Join(", ", Forms)}");
}
