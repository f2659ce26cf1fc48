using Fixture.Simulator.Firmware;
using Fixture.Simulator.Flash;

namespace Fixture.Simulator.Unit;

/// <summary>
/// The chip as boot2 and the firmware see it during one flash boot. Calls after that boot ended
/// (a stale firmware timer firing after a reset) do nothing.
/// </summary>
internal sealed class FirmwareChip(ChipSession session, SimulatedUnit unit) : IFirmwareChip
{
    public TimeProvider Clock => unit.Clock;

    public ISpiFlash Flash => unit.Flash;

    public IEfuse Efuse => unit.Efuse;

    public UnitIdentity Identity => unit.Identity;

    public void SetConsoleBaud(int baud)
    {
        lock (Gate)
        {
            session.UartBaud = baud;
        }
    }

    public void ConsoleWrite(ReadOnlySpan<byte> bytes)
    {
        lock (Gate)
        {
            session.Transmit(bytes);
        }
    }

    public void RequestReset(string reason)
    {
        lock (Gate)
        {
            session.Reset(reason);
        }
    }

    public void SetLoadCurrent(double amps)
    {
        lock (Gate)
        {
            session.SetLoadCurrent(amps);
        }
    }

    public void MarkBootComplete()
    {
        lock (Gate)
        {
            if (session.IsCurrent)
            {
                session.Boot.BootCompletedAt ??= session.Now;
            }
        }
    }

    private object Gate => unit.SyncRoot;
}
