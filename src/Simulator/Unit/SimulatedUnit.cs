using Fixture.Simulator.Bootrom;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Flash;
using Fixture.Simulator.Hardware;
using Fixture.Simulator.Loader;
using Fixture.Simulator.Timing;
using Fixture.Simulator.Uart;

namespace Fixture.Simulator.Unit;

/// <summary>What the chip is doing now.</summary>
public enum UnitActivity
{
    /// <summary>No supply (or a rail that has discharged).</summary>
    Off,

    /// <summary>Powered, CHIP_EN low.</summary>
    HeldInReset,

    /// <summary>Powered, released, waiting out the power-on reset.</summary>
    Starting,

    Bootrom,
    Loader,
    Firmware,

    /// <summary>Powered but not running: dead unit or shorted rail.</summary>
    NotRunning,
}

/// <summary>
/// One simulated BL602 unit: POWER, GPIO8 (BOOT) and CHIP_EN inputs, a UART, SPI flash and eFuse
/// that persist across power cycles, and RAM state (the running bootrom, loader or firmware) that
/// does not. CHIP_EN released with power starts the chip after the power-on reset: GPIO8 high →
/// bootrom, low → boot from flash through <see cref="FirmwareStarter"/>.
/// </summary>
/// <remarks>
/// Back-powering (fixture-design §3): while POWER is off and the host adapter's TX idles high
/// (port open, no break), the TX pin feeds the rail through the RX clamp diode. The rail then
/// does not discharge: the chip keeps its state (a loader stays loaded), and that time does not
/// count as off time for the weak-supply fault. Only time spent off with TX low (break) or with
/// no open port discharges the rail; after <see cref="TimingModel.RailResetDischarge"/> of it the
/// chip has lost its RAM. A unit's first power-on counts as zero off time: its input capacitors
/// were charged by handling and insertion, so a weak supply shows on the very first attempt.
/// In real-time mode device timers fire on the thread pool, so all state is guarded by one lock.
/// </remarks>
public sealed class SimulatedUnit : ISimulatedUnitPins, ISimulatedSupplyLoad, IUartDevice
{
    private const double BootromCurrent = 0.006;
    private const double LoaderCurrent = 0.012;
    private const double ResetCurrent = 0.002;
    private const double ShortCurrent = 2.5;
    private const double RailVoltage = 3.3;
    private const double BackPoweredRailVoltage = 2.1;

    private readonly object _gate = new();
    private readonly long _origin;
    private readonly HashSet<ITimer> _timers = [];
    private IUartHostEnd? _host;
    private IChipProgram? _program;
    private ChipSession? _session;
    private ITimer? _startTimer;
    private ITimer? _dischargeTimer;
    private bool _power;
    private bool _bootHigh;
    private bool _chipEnable = true;
    private bool _hostTxHigh;
    private bool _railUp;
    private TimeSpan _railDownSince;
    private TimeSpan _dischargeAccumulated;
    private TimeSpan? _dischargeSegmentStart;
    private TimeSpan _lastOffTime;
    private bool _everPowered;
    private int _weakSupplyFailures;
    private long _programmedBytes;
    private bool _brownOutFired;

    public SimulatedUnit(TimeProvider clock, SimulatedUnitOptions? options = null)
    {
        options ??= new SimulatedUnitOptions();
        Clock = clock;
        _origin = clock.GetTimestamp();
        Name = options.Name;
        Faults = options.Faults;
        Timing = options.Timing;
        FirmwareStarter = options.FirmwareStarter;
        AllowFastBootromHandshake = options.AllowFastBootromHandshake;
        Identity = options.Identity;
        Flash = new SpiFlash(Faults.JedecId ?? Identity.JedecId.Span)
        {
            WriteProtected = Faults.WriteProtected,
            DefectiveAddress = Faults.ProgramErrorAt,
            BusyTimeoutAddress = Faults.ProgramTimeoutAt,
        };
        Efuse = new Efuse(Identity.EfuseRegion0.Span);
        if (Faults.SecureBootFusesSet)
        {
            Efuse.Program(0, [0x05]); // cfg_0: ef_sf_aes_mode = 1 (bits 1:0), ef_sboot_sign_mode = 1 (bits 3:2)
        }

        if (Faults.Boot2LogDisabled)
        {
            Efuse.Program(Efuse.SwConfig0Offset, [0x02]); // sw_cfg0 bit 1: uart_log_disable
        }

        LineNoiseRandom = new Random(options.Seed);
        Record = new UnitRecord(FaultCatalog.KindsOf(Faults));
        if (Faults.LiveRail)
        {
            Reevaluate();
        }
    }

    public string Name { get; }

    /// <summary>The unit as data (its eFuse, flash part, content and variants).</summary>
    public UnitIdentity Identity { get; }

    public TimeProvider Clock { get; }

    public TimingModel Timing { get; }

    public UnitFaults Faults { get; }

    public SpiFlash Flash { get; }

    public Efuse Efuse { get; }

    public UnitRecord Record { get; }

    public bool AllowFastBootromHandshake { get; }

    /// <summary>Starts boot2 + firmware on a flash boot (simboot's models); null runs nothing.</summary>
    public Func<IFirmwareChip, IFirmwareRun>? FirmwareStarter { get; set; }

    public UnitActivity Activity
    {
        get
        {
            lock (_gate)
            {
                return _program switch
                {
                    BootromModel => UnitActivity.Bootrom,
                    LoaderModel => UnitActivity.Loader,
                    FirmwareProgram => UnitActivity.Firmware,
                    _ when _startTimer is not null => UnitActivity.Starting,
                    _ when !_railUp => UnitActivity.Off,
                    _ when !_chipEnable => UnitActivity.HeldInReset,
                    _ => UnitActivity.NotRunning,
                };
            }
        }
    }

    /// <summary>The power-off time that preceded the latest power-on, counting only real discharge.</summary>
    public TimeSpan LastOffTime
    {
        get
        {
            lock (_gate)
            {
                return _lastOffTime;
            }
        }
    }

    /// <summary>Rail voltage at the unit (live rail: present while the fixture's POWER is off).</summary>
    public double RailVolts
    {
        get
        {
            lock (_gate)
            {
                if (Faults.Short && Supplied)
                {
                    return 0.15;
                }

                if (Supplied)
                {
                    return RailVoltage;
                }

                if (_hostTxHigh)
                {
                    return BackPoweredRailVoltage;
                }

                var discharging = Now - _railDownSince;
                return _everPowered ? RailVoltage * Math.Exp(-discharging / Timing.RailDischargeTimeConstant) : 0;
            }
        }
    }

    public double CurrentAmps
    {
        get
        {
            lock (_gate)
            {
                if (!Supplied)
                {
                    return 0;
                }

                if (Faults.Short)
                {
                    return ShortCurrent;
                }

                return _program is null ? (Faults.Dead ? 0 : ResetCurrent) : LoadCurrent;
            }
        }
    }

    internal long Epoch { get; private set; }

    /// <summary>The unit's lock, for the firmware chip adapter.</summary>
    internal object SyncRoot => _gate;

    internal int UartBaud { get; set; } = 115_200;

    internal double LoadCurrent { get; set; }

    internal TimeSpan Now => Clock.GetElapsedTime(_origin);

    (double CorruptionRate, double DropRate) IUartDevice.LineNoise => (Faults.LineCorruptionRate, Faults.LineDropRate);

    public Random LineNoiseRandom { get; }

    /// <summary>
    /// Raised (under the unit's lock, on the unit's clock) when the chip is about to boot from flash, before boot2
    /// reads anything: the moment to see what the flash holds when the firmware starts (the soak's per-PASS check).
    /// </summary>
    public event Action<SimulatedUnit, BootRecord>? FlashBootStarting;

    void IUartDevice.LineNoiseHit(bool towardChip, byte sent, byte? delivered) =>
        RecordFault(FaultKind.LineNoise, delivered is { } d
            ? $"a byte {(towardChip ? "to the chip" : "to the host")} corrupted: 0x{sent:X2} arrived as 0x{d:X2}"
            : $"a byte {(towardChip ? "to the chip" : "to the host")} dropped: 0x{sent:X2}");

    /// <summary>The relay's supply reaches the chip (live rail: always) and no short collapses it.</summary>
    private bool Supplied => _power || Faults.LiveRail;

    public void SetPower(bool on)
    {
        lock (_gate)
        {
            _power = on;
            Reevaluate();
        }
    }

    public void SetBootStrap(bool high)
    {
        lock (_gate)
        {
            _bootHigh = high;
        }
    }

    public void SetChipEnable(bool high)
    {
        lock (_gate)
        {
            if (_chipEnable == high)
            {
                return;
            }

            _chipEnable = high;
            if (!high)
            {
                StopProgram("CHIP_EN pulled low");
            }

            Reevaluate();
        }
    }

    public void SetHostTxBreak(bool holdLow) => SetHostTxIdleHigh(!holdLow);

    public void SetHostTxIdleHigh(bool idleHigh)
    {
        lock (_gate)
        {
            _hostTxHigh = idleHigh;
            Reevaluate();
        }
    }

    public void ConnectHost(IUartHostEnd? host)
    {
        lock (_gate)
        {
            _host = host;
        }
    }

    public void ReceiveFromHost(ReadOnlySpan<byte> bytes, int hostBaud)
    {
        lock (_gate)
        {
            _program?.Receive(bytes, hostBaud);
        }
    }

    /// <summary>Replaces flash contents without erase rules (used-unit and already-flashed setups, tests).</summary>
    public void LoadFlash(uint address, ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            Flash.Load(address, data);
        }
    }

    internal void TransmitToHost(ReadOnlySpan<byte> bytes) => _host?.TransmitToHost(bytes, UartBaud);

    internal IDisposable Schedule(long epoch, TimeSpan delay, Action action)
    {
        ITimer? timer = null;
        lock (_gate)
        {
            timer = Clock.CreateTimer(_ =>
            {
                lock (_gate)
                {
                    _timers.Remove(timer!);
                    timer!.Dispose();
                    if (Epoch == epoch)
                    {
                        action();
                    }
                }
            }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timers.Add(timer);
            timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        }

        return new Cancellation(this, timer);
    }

    internal void RecordFault(FaultKind kind, string detail) => Record.Add(new FaultEvent(Now, kind, detail));

    internal bool WeakSupplyRefusesHandshake()
    {
        if (_weakSupplyFailures < Faults.WeakSupplyFailedHandshakes)
        {
            _weakSupplyFailures++;
            RecordFault(FaultKind.WeakSupply, $"handshake attempt {_weakSupplyFailures} of {Faults.WeakSupplyFailedHandshakes} browned out");
            return true;
        }

        if (Faults.WeakSupplyMinimumOffTime is { } minimum && _lastOffTime < minimum)
        {
            RecordFault(FaultKind.WeakSupply,
                $"handshake browned out: power was off {_lastOffTime.TotalMilliseconds:F0} ms, this unit needs {minimum.TotalMilliseconds:F0} ms");
            return true;
        }

        return false;
    }

    internal bool CountProgrammed(ChipSession session, long bytes)
    {
        _programmedBytes += bytes;
        if (!_brownOutFired && Faults.BrownOutAfterProgrammedBytes is { } limit && _programmedBytes >= limit)
        {
            _brownOutFired = true;
            RecordFault(FaultKind.BrownOut, $"brown-out reset after {_programmedBytes} programmed bytes");
            ResetChip(session, "brown-out");
            return true;
        }

        return false;
    }

    internal void StartLoader(ChipSession from, byte[] helperSha256) => StartLoader(from, HelperCatalog.Identify(helperSha256));

    /// <summary>
    /// Tests: the chip, sitting in its bootrom, jumps to a helper of this profile as if run_image had
    /// started it (the real helpers' bytes are not in this repository, only their hashes).
    /// </summary>
    internal void RunHelper(HelperProfile profile)
    {
        lock (_gate)
        {
            if (_program is not BootromModel || _session is null)
            {
                throw new InvalidOperationException("the unit is not in its bootrom");
            }

            StartLoader(_session, profile);
        }
    }

    private void StartLoader(ChipSession from, HelperProfile profile)
    {
        if (!from.IsCurrent)
        {
            return;
        }

        from.Boot.LoaderStarted = true;
        var session = NewSession(from.Boot);
        LoadCurrent = LoaderCurrent;
        _program = new LoaderModel(session, profile);
    }

    internal void ResetChip(ChipSession from, string reason)
    {
        if (!from.IsCurrent)
        {
            return;
        }

        StopProgram(reason);
        Reevaluate(reason);
    }

    internal void BootFromFlash(ChipSession from, string reason)
    {
        if (!from.IsCurrent)
        {
            return;
        }

        StopProgram(reason);
        StartProgram(BootTarget.Flash, reason);
    }

    /// <summary>Works out the rail and the chip from the pins: discharge, back-powering, starts and stops.</summary>
    private void Reevaluate(string? restartReason = null)
    {
        var now = Now;
        if (Supplied && !Faults.Short)
        {
            var poweredNow = !_railUp;
            if (!_railUp)
            {
                if (_dischargeSegmentStart is { } started)
                {
                    _dischargeAccumulated += now - started;
                }

                _lastOffTime = _everPowered ? _dischargeAccumulated : TimeSpan.Zero;
                _everPowered = true;
                _railUp = true;
            }

            _dischargeSegmentStart = null;
            _dischargeAccumulated = TimeSpan.Zero;
            CancelDischarge();
            if (_chipEnable && _program is null && _startTimer is null && !Faults.Dead)
            {
                ScheduleStart(restartReason ?? (poweredNow ? "power-on" : "CHIP_EN released"));
            }

            return;
        }

        if (Supplied && Faults.Short)
        {
            if (!_railUp && !_everPowered)
            {
                _everPowered = true;
            }

            RecordShortOnce();
        }

        // No usable supply: the rail is falling unless the host's TX holds it up.
        if (_railUp)
        {
            _railUp = false;
            _railDownSince = now;
            _dischargeAccumulated = TimeSpan.Zero;
            _dischargeSegmentStart = null;
            if (_startTimer is not null)
            {
                _startTimer.Dispose();
                _startTimer = null;
            }
        }

        if (_hostTxHigh && _everPowered)
        {
            if (_dischargeSegmentStart is { } started)
            {
                _dischargeAccumulated += now - started;
                _dischargeSegmentStart = null;
            }

            CancelDischarge();
            return; // back-powered: the chip keeps whatever it was running
        }

        _dischargeSegmentStart ??= now;
        var remaining = Timing.RailResetDischarge - _dischargeAccumulated - (now - _dischargeSegmentStart.Value);
        if (remaining <= TimeSpan.Zero)
        {
            StopProgram("power cut");
        }
        else if (_program is not null && _dischargeTimer is null)
        {
            _dischargeTimer = Clock.CreateTimer(_ =>
            {
                lock (_gate)
                {
                    CancelDischarge();
                    Reevaluate();
                }
            }, null, remaining, Timeout.InfiniteTimeSpan);
        }
    }

    private bool _shortRecorded;

    private void RecordShortOnce()
    {
        if (!_shortRecorded)
        {
            _shortRecorded = true;
            RecordFault(FaultKind.Short, "rail shorted: the supply collapses when powered");
        }
    }

    private void CancelDischarge()
    {
        _dischargeTimer?.Dispose();
        _dischargeTimer = null;
    }

    private void ScheduleStart(string reason)
    {
        _startTimer = Clock.CreateTimer(_ =>
        {
            lock (_gate)
            {
                _startTimer?.Dispose();
                _startTimer = null;
                if (_railUp && _chipEnable && _program is null)
                {
                    StartProgram(_bootHigh ? BootTarget.Bootrom : BootTarget.Flash, reason);
                }
            }
        }, null, Timing.PowerOnResetDelay, Timeout.InfiniteTimeSpan);
    }

    private void StartProgram(BootTarget target, string reason)
    {
        var boot = Record.StartBoot(target, reason, Now);
        var session = NewSession(boot);
        if (target == BootTarget.Bootrom)
        {
            LoadCurrent = BootromCurrent;
            UartBaud = 115_200;
            _program = new BootromModel(session, AllowFastBootromHandshake);
        }
        else
        {
            LoadCurrent = BootromCurrent;
            UartBaud = 2_000_000;
            FlashBootStarting?.Invoke(this, boot);
            var chip = new FirmwareChip(session, this);
            var run = FirmwareStarter?.Invoke(chip);
            boot.FlashOutcome = (run as IFlashBootRun)?.Outcome;
            _program = new FirmwareProgram(run);
        }
    }

    private ChipSession NewSession(BootRecord boot)
    {
        Epoch++;
        _session = new ChipSession(this, Epoch, boot);
        return _session;
    }

    private void StopProgram(string reason)
    {
        if (_startTimer is not null)
        {
            _startTimer.Dispose();
            _startTimer = null;
        }

        if (_program is null)
        {
            return;
        }

        var program = _program;
        var session = _session;
        _program = null;
        _session = null;
        Epoch++;
        LoadCurrent = 0;
        program.Stop();
        if (session is not null)
        {
            session.Boot.EndedAt = Now;
            session.Boot.EndReason = reason;
        }
    }

    private sealed class Cancellation(SimulatedUnit unit, ITimer timer) : IDisposable
    {
        public void Dispose()
        {
            lock (unit._gate)
            {
                unit._timers.Remove(timer);
                timer.Dispose();
            }
        }
    }

    /// <summary>A flash boot: whatever the firmware starter started, stopped on reset or power cut.</summary>
    private sealed class FirmwareProgram(IFirmwareRun? run) : IChipProgram
    {
        public void Receive(ReadOnlySpan<byte> bytes, int senderBaud)
        {
            // The firmware's console input is not modelled; bytes from the host are ignored.
        }

        public void Stop() => run?.Stop();
    }
}
