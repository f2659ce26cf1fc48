using Fixture.Hal.Serial;
using Fixture.Hal.Supply;

namespace Fixture.Hal.Lines;

/// <summary>
/// The line sequences the unit workflow calls on one socket, timed on the station's
/// <see cref="TimeProvider"/>. They only drive lines (and the link's break); handshakes are the
/// protocol's business. Every wait honours the token; whoever runs them guarantees the safe state
/// afterwards (<see cref="Safety.SafeState.RunUnitAsync"/>).
/// </summary>
public sealed class SocketSequences : ISocketSequences
{
    private readonly SocketLines _lines;
    private readonly SocketTimings _timings;
    private readonly TimeProvider _time;
    private readonly ISerialLink? _link;
    private readonly ISupplyMonitor? _monitor;
    private readonly SupplyThresholds? _thresholds;

    public SocketSequences(SocketLines lines, SocketTimings timings, TimeProvider time, ISerialLink? link = null, ISupplyMonitor? monitor = null, SupplyThresholds? thresholds = null)
    {
        if (monitor is not null && thresholds is null)
        {
            throw new ArgumentNullException(nameof(thresholds), "A supply monitor needs its thresholds.");
        }

        _lines = lines;
        _timings = timings;
        _time = time;
        _link = link;
        _monitor = monitor;
        _thresholds = thresholds;
    }

    public SocketTimings Timings => _timings;

    /// <summary>BOOT and CHIP_EN are wired: <see cref="BootFirmwareAsync"/> restarts the unit from flash.</summary>
    public bool CanBootFirmware => true;

    /// <summary>Nothing to do: a wired BOOT stays asserted until <see cref="BootFirmwareAsync"/> releases it.</summary>
    public Task ReleaseBootAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Download mode: straps first (BOOT asserted, CHIP_EN held in reset), then POWER; CHIP_EN is
    /// released after the reset hold, and the settle time passes before the caller's first byte.
    /// Where a monitor exists, a rail already live refuses the unit before POWER closes.
    /// </summary>
    /// <exception cref="LiveRailException">The rail was up before the fixture powered it.</exception>
    public async Task EnterDownloadModeAsync(CancellationToken cancellationToken)
    {
        if (_monitor is not null)
        {
            var before = _monitor.Read();
            if (_thresholds!.IsLive(before))
            {
                throw new LiveRailException(before, _thresholds.LiveRail);
            }
        }

        _lines.Reset.Set(true);
        _lines.Boot.Set(true);
        _lines.Power.Set(true);
        if (_link is { IsOpen: true })
        {
            // TX was held low while the unit was off; the bootrom needs the idle-high line back.
            _link.SetBreak(false);
        }

        await Task.Delay(_timings.ResetHold, _time, cancellationToken);
        _lines.Reset.Set(false);
        await Task.Delay(_timings.Settle, _time, cancellationToken);
    }

    /// <summary>Runs the flashed firmware: BOOT released, then CHIP_EN pulsed for the reset hold. Power stays on.</summary>
    public async Task BootFirmwareAsync(CancellationToken cancellationToken)
    {
        _lines.Boot.Set(false);
        _lines.Reset.Set(true);
        await Task.Delay(_timings.ResetHold, _time, cancellationToken);
        _lines.Reset.Set(false);
    }

    /// <summary>
    /// Powers the unit off for <paramref name="offTime"/> with TX held low by a break (so the
    /// adapter cannot back-power it), every line de-energised; where a monitor exists, waits up to
    /// the discharge timeout more for the rail to fall below the threshold. The break stays on
    /// until the next <see cref="EnterDownloadModeAsync"/>.
    /// </summary>
    public async Task<PowerOffResult> PowerOffAsync(TimeSpan offTime, CancellationToken cancellationToken)
    {
        var holdingTxLow = false;
        if (_link is { IsOpen: true })
        {
            _link.SetBreak(true);
            holdingTxLow = true;
            if (_timings.BreakLead > TimeSpan.Zero)
            {
                await Task.Delay(_timings.BreakLead, _time, cancellationToken);
            }
        }

        _lines.ReleaseAll();
        var cutAt = _time.GetTimestamp();
        await Task.Delay(offTime, _time, cancellationToken);
        if (_monitor is null)
        {
            return new PowerOffResult(_time.GetElapsedTime(cutAt), holdingTxLow, null, null);
        }

        var deadline = _time.GetTimestamp();
        var reading = _monitor.Read();
        while (!_thresholds!.IsDischarged(reading) && _time.GetElapsedTime(deadline) < _timings.DischargeTimeout)
        {
            await Task.Delay(SocketTimings.DischargePollInterval, _time, cancellationToken);
            reading = _monitor.Read();
        }

        return new PowerOffResult(_time.GetElapsedTime(cutAt), holdingTxLow, reading, _thresholds.IsDischarged(reading));
    }
}

/// <summary>How a power-off went: how long the unit was off, and where a monitor exists whether it really discharged.</summary>
public sealed record PowerOffResult(TimeSpan OffTime, bool TxHeldLow, SupplyReading? RailAtEnd, bool? Discharged);
