using Fixture.Simulator.Faults;

namespace Fixture.Simulator.Firmware;

/// <summary>Per-unit settings of the boot from flash.</summary>
public sealed record FlashBootOptions
{
    /// <summary>The firmware (whatever it is) hangs this long after reset; the watchdog reboots it.</summary>
    public TimeSpan? CrashAfter { get; init; }

    /// <summary>
    /// The stock TG7100C firmware's console rate when its image carries no <c>sim:console_baud=</c>
    /// marker: 2 000 000 (newer SDK) or 921 600 (older SDK).
    /// </summary>
    public int StockConsoleBaud { get; init; } = StockTg7100cFirmware.DefaultConsoleBaud;

    public OpenBl602Timeline Timeline { get; init; } = OpenBl602Timeline.Default;

    /// <summary>Flash reads at boot2's clock are corrupted (<see cref="UnitFaults.BootClockReadErrors"/>).</summary>
    public bool BootClockReadErrors { get; init; }

    public static FlashBootOptions From(UnitFaults faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        return new() { CrashAfter = faults.FirmwareCrashAfter, BootClockReadErrors = faults.BootClockReadErrors };
    }
}
