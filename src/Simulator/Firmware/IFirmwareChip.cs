using Fixture.Simulator.Flash;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Firmware;

/// <summary>
/// What code running from flash on the simulated chip (boot2, then OpenBL602 or stock firmware)
/// can touch. The unit model implements it; the firmware models use it and nothing else.
/// </summary>
public interface IFirmwareChip
{
    /// <summary>The unit's clock: schedule boot milestones with <c>Clock.CreateTimer</c>.</summary>
    TimeProvider Clock { get; }

    ISpiFlash Flash { get; }

    IEfuse Efuse { get; }

    /// <summary>The unit as data: its variants decide what the firmware build does where the sources leave it open (MAC line, mfg_media).</summary>
    UnitIdentity Identity { get; }

    /// <summary>Reconfigures UART0 (TX GPIO16); bytes after this go out at the new rate.</summary>
    void SetConsoleBaud(int baud);

    /// <summary>Queues bytes on UART0 TX at the current console baud.</summary>
    void ConsoleWrite(ReadOnlySpan<byte> bytes);

    /// <summary>The running firmware reset the chip by itself (watchdog, crash): the unit reboots from flash.</summary>
    void RequestReset(string reason);

    /// <summary>The current drawn by what is running now (bootrom, firmware idle, AP up), in amperes.</summary>
    void SetLoadCurrent(double amps);

    /// <summary>The firmware reached its boot-complete point (the unit's record keeps when); the default records nothing.</summary>
    void MarkBootComplete()
    {
    }
}

/// <summary>A program started from flash; stopped when power is cut or the chip is reset.</summary>
public interface IFirmwareRun
{
    void Stop();
}
