using Fixture.Simulator.Faults;
using Fixture.Simulator.Flash;
using Fixture.Simulator.Timing;
using Fixture.Simulator.Uart;

namespace Fixture.Simulator.Unit;

/// <summary>A program the chip runs from RAM or ROM (bootrom, loader, firmware); replaced on reset.</summary>
internal interface IChipProgram
{
    /// <summary>Bytes arrived on the chip's RX, sent by the host at <paramref name="senderBaud"/>. Called under the unit's lock.</summary>
    void Receive(ReadOnlySpan<byte> bytes, int senderBaud);

    void Stop();
}

/// <summary>
/// What one running program may touch on the chip. Everything it schedules dies with it: a reset
/// or power cut bumps the unit's epoch, and callbacks of an older epoch do nothing. All calls
/// happen under the unit's lock (timers take it before running the action).
/// </summary>
internal sealed class ChipSession(SimulatedUnit unit, long epoch, BootRecord boot)
{
    public SimulatedUnit Unit => unit;

    public BootRecord Boot => boot;

    public bool IsCurrent => unit.Epoch == epoch;

    public TimingModel Timing => unit.Timing;

    public SpiFlash Flash => unit.Flash;

    public Efuse Efuse => unit.Efuse;

    public UnitIdentity Identity => unit.Identity;

    public UnitFaults Faults => unit.Faults;

    public TimeSpan Now => unit.Now;

    /// <summary>The chip UART's current rate (set by auto-baud, the loader's snap, or the firmware).</summary>
    public int UartBaud
    {
        get => unit.UartBaud;
        set
        {
            if (IsCurrent)
            {
                unit.UartBaud = value;
            }
        }
    }

    /// <summary>Sends bytes on the chip's TX at the UART's current rate.</summary>
    public void Transmit(ReadOnlySpan<byte> bytes)
    {
        if (IsCurrent)
        {
            unit.TransmitToHost(bytes);
        }
    }

    /// <summary>What the chip's UART, set to <see cref="UartBaud"/>, makes of bytes sent at <paramref name="senderBaud"/>.</summary>
    public byte[] Decode(ReadOnlySpan<byte> bytes, int senderBaud) =>
        UartReceiver.Decode(bytes, senderBaud, UartBaud, Timing.UartTolerance);

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> of the unit's time, unless the program has ended by then.</summary>
    public IDisposable After(TimeSpan delay, Action action) => unit.Schedule(epoch, delay, action);

    /// <summary>run_image: the loaded helper starts; <paramref name="helperSha256"/> (of everything loaded) says which one.</summary>
    public void StartLoader(byte[] helperSha256) => unit.StartLoader(this, helperSha256);

    /// <summary>Software reset: the chip restarts and samples GPIO8 again.</summary>
    public void Reset(string reason) => unit.ResetChip(this, reason);

    /// <summary>Jumps to boot2 in flash without a reset (0x33).</summary>
    public void BootFromFlash(string reason) => unit.BootFromFlash(this, reason);

    public void RecordFault(FaultKind kind, string detail) => unit.RecordFault(kind, detail);

    /// <summary>Weak-supply fault: true when this handshake attempt browns out instead of answering.</summary>
    public bool WeakSupplyRefusesHandshake() => unit.WeakSupplyRefusesHandshake();

    /// <summary>Counts programmed bytes; true when the unit browned out (the program has then ended).</summary>
    public bool CountProgrammed(long bytes) => unit.CountProgrammed(this, bytes);

    public void SetLoadCurrent(double amps)
    {
        if (IsCurrent)
        {
            unit.LoadCurrent = amps;
        }
    }
}
