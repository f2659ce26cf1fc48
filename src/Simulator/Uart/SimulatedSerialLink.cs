using Fixture.Hal.Serial;
using Fixture.Simulator.Hardware;
using Fixture.Simulator.Timing;
using Fixture.Protocol.Wire;

namespace Fixture.Simulator.Uart;

/// <summary>
/// The host end of one simulated unit's UART, as a USB-UART adapter would present it. Bytes the
/// host writes cost <see cref="TimingModel.BitsPerByte"/>/baud seconds each, queue behind bytes
/// still on the wire, and reach the chip when they have arrived; the chip's bytes go out at the
/// chip's rate and become readable after the adapter's turnaround. A rate mismatch beyond UART
/// tolerance garbles (deterministically); the unit's line-noise faults corrupt or drop bytes.
/// A link can be attached to any unit (a crossed port connects socket A's link to socket B's unit).
/// </summary>
public sealed class SimulatedSerialLink : ISerialLink, IModemLines, IUartHostEnd, IAdapterReceiveLimit
{
    /// <summary>Bytes are delivered in pieces of at most this many, each when its last byte has arrived.</summary>
    private const int PieceSize = 64;

    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly TimingModel _timing;
    private readonly long _origin;
    private readonly ITimer _toDeviceTimer;
    private readonly ITimer _toHostTimer;
    private readonly Queue<InFlight> _toDevice = new();
    private readonly Queue<InFlight> _toHost = new();
    private readonly Queue<byte> _received = new();
    private IUartDevice? _device;
    private ISimulatedUnitPins? _pins;
    private TimeSpan _hostTxFreeAt;
    private TimeSpan _deviceTxFreeAt;
    private LinkStream? _stream;
    private bool _break;
    private bool _dtr;
    private bool _rts;
    private bool _disposed;
    private long _earlyWakeups;
    private int? _maximumBaud;
    private int? _maximumTransmitBaud;

    public SimulatedSerialLink(string portName, TimeProvider clock, TimingModel? timing = null, ModemLineWiring? wiring = null)
    {
        PortName = portName;
        _clock = clock;
        _timing = timing ?? TimingModel.Default;
        Wiring = wiring ?? ModemLineWiring.None;
        _origin = clock.GetTimestamp();
        _toDeviceTimer = clock.CreateTimer(_ => DeliverToDevice(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _toHostTimer = clock.CreateTimer(_ => DeliverToHost(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string PortName { get; }

    public string AdapterIdentity => $"sim:{PortName}";

    public ModemLineWiring Wiring { get; }

    /// <summary>
    /// The highest rate this adapter's UART can clock (null: no limit). A host may still set a higher rate (the
    /// driver accepts it), but bits that short are not what the adapter produces or samples: bytes both ways
    /// come out as a UART at this rate makes of them (<see cref="UartReceiver.Decode"/>), deterministic garbage.
    /// The unit's line-noise faults apply on top. docs/simulator.md, "Adapters with a maximum rate".
    /// </summary>
    public int? MaximumBaud
    {
        get
        {
            lock (_gate)
            {
                return _maximumBaud;
            }
        }

        set
        {
            var rate = CheckedAdapterRate(value);
            lock (_gate)
            {
                _maximumBaud = rate;
            }
        }
    }

    /// <summary>
    /// A lower limit for the host → device direction only (null: none): an adapter whose transmit path fails at the
    /// loader's rate while it still receives what the unit sends at <see cref="MaximumBaud"/> (or any rate). What it
    /// stands for and why: docs/simulator.md, "Adapters with a maximum rate".
    /// </summary>
    public int? MaximumTransmitBaud
    {
        get
        {
            lock (_gate)
            {
                return _maximumTransmitBaud;
            }
        }

        set
        {
            var rate = CheckedAdapterRate(value);
            lock (_gate)
            {
                _maximumTransmitBaud = rate;
            }
        }
    }

    /// <summary>An adapter limit as given, refused below 300 baud (no UART runs slower).</summary>
    private int? CheckedAdapterRate(int? value) => value is < 300
        ? throw new ArgumentOutOfRangeException(nameof(value), value, $"{PortName}: an adapter's maximum rate must be at least 300 baud")
        : value;

    /// <summary>What the adapter receives correctly: its <see cref="MaximumBaud"/> (the transmit-only limit does not count).</summary>
    public int? MaximumReceiveBaud => MaximumBaud;

    public bool IsOpen { get; private set; }

    public int BaudRate { get; private set; }

    /// <summary>Bytes the host has written and bytes it has been delivered, for tests and benchmarks.</summary>
    public long BytesWritten { get; private set; }

    public long BytesDelivered { get; private set; }

    /// <summary>Write calls the host made (each frame or burst is one): the benchmark's round trips.</summary>
    public long Writes { get; private set; }

    /// <summary>Timer callbacks that found nothing due yet (a timer that fired early): a diagnostic, near 0 when timers are armed right.</summary>
    internal long EarlyWakeups => Interlocked.Read(ref _earlyWakeups);

    /// <summary>Bytes readable right now (like SerialPort.BytesToRead).</summary>
    public int BytesToRead
    {
        get
        {
            lock (_gate)
            {
                return _received.Count;
            }
        }
    }

    public Stream Stream => _stream ?? throw new InvalidOperationException($"{PortName}: the port is not open; open it before using its stream");

    public bool DataTerminalReady
    {
        get => _dtr;
        set
        {
            _dtr = value;
            ApplyModemLine(Wiring.Dtr, value);
        }
    }

    public bool RequestToSend
    {
        get => _rts;
        set
        {
            _rts = value;
            ApplyModemLine(Wiring.Rts, value);
        }
    }

    private TimeSpan Now => _clock.GetElapsedTime(_origin);

    /// <summary>Wires this adapter to <paramref name="unit"/>'s UART (and its modem lines, if the bench uses them).</summary>
    public void Attach(IUartDevice unit, ISimulatedUnitPins? pins = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        lock (_gate)
        {
            _device = unit;
            _pins = pins ?? unit as ISimulatedUnitPins;
        }

        unit.ConnectHost(this);
        unit.SetHostTxIdleHigh(IsOpen && !_break);
    }

    public void Open(int baudRate)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckBaud(baudRate);
        if (IsOpen)
        {
            throw new InvalidOperationException($"{PortName} is already open (exclusive access): close it first");
        }

        lock (_gate)
        {
            BaudRate = baudRate;
            _received.Clear();
            _stream = new LinkStream(this);
            IsOpen = true;
        }

        UpdateTxLevel();
    }

    public void SetBaudRate(int baudRate)
    {
        CheckBaud(baudRate);
        if (!IsOpen)
        {
            throw new InvalidOperationException($"{PortName} is not open: open it at {baudRate} baud instead of switching");
        }

        lock (_gate)
        {
            BaudRate = baudRate;
        }
    }

    public void SetBreak(bool holdTxLow)
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException($"{PortName} is not open: a break needs the open port");
        }

        _break = holdTxLow;
        UpdateTxLevel();
    }

    public void DiscardInput()
    {
        lock (_gate)
        {
            _received.Clear();
        }
    }

    public void Close()
    {
        LinkStream? stream;
        lock (_gate)
        {
            if (!IsOpen)
            {
                return;
            }

            IsOpen = false;
            _break = false;
            stream = _stream;
            _stream = null;
            _received.Clear();
        }

        stream?.Fail(new IOException($"{PortName} was closed while a read was waiting"));
        if (_dtr)
        {
            DataTerminalReady = false;
        }

        if (_rts)
        {
            RequestToSend = false;
        }

        UpdateTxLevel();
    }

    public void Dispose()
    {
        Close();
        _disposed = true;
        _toDeviceTimer.Dispose();
        _toHostTimer.Dispose();
    }

    void IUartHostEnd.TransmitToHost(ReadOnlySpan<byte> bytes, int deviceBaud)
    {
        lock (_gate)
        {
            var now = Now;
            for (var offset = 0; offset < bytes.Length; offset += PieceSize)
            {
                var piece = bytes.Slice(offset, Math.Min(PieceSize, bytes.Length - offset));
                var arrival = Max(now, _deviceTxFreeAt) + _timing.WireTime(piece.Length, deviceBaud);
                _deviceTxFreeAt = arrival;
                _toHost.Enqueue(new InFlight(piece.ToArray(), deviceBaud, arrival + _timing.HostTurnaround));
            }

            Arm(_toHostTimer, _toHost, now);
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (!IsOpen)
            {
                throw new IOException($"{PortName} is closed: cannot write");
            }

            BytesWritten += bytes.Length;
            Writes++;
            if (_break)
            {
                return; // TX is held low: nothing reaches the chip
            }

            var now = Now;
            for (var offset = 0; offset < bytes.Length; offset += PieceSize)
            {
                var piece = bytes.Slice(offset, Math.Min(PieceSize, bytes.Length - offset));
                var arrival = Max(now, _hostTxFreeAt) + _timing.WireTime(piece.Length, BaudRate);
                _hostTxFreeAt = arrival;
                _toDevice.Enqueue(new InFlight(piece.ToArray(), BaudRate, arrival));
            }

            Arm(_toDeviceTimer, _toDevice, now);
        }
    }

    private void DeliverToDevice()
    {
        var delivered = false;
        while (true)
        {
            InFlight piece;
            IUartDevice? device;
            lock (_gate)
            {
                if (!_toDevice.TryPeek(out piece!) || piece.At > Now)
                {
                    CountEarly(delivered || piece is null);
                    Arm(_toDeviceTimer, _toDevice, Now);
                    return;
                }

                delivered = true;
                _toDevice.Dequeue();
                device = _device;
            }

            if (device is not null)
            {
                var bytes = ApplyNoise(device, BeyondAdapter(piece.Bytes, piece.Baud, transmitting: true), towardChip: true);
                if (bytes.Length > 0)
                {
                    device.ReceiveFromHost(bytes, piece.Baud);
                }
            }
        }
    }

    private void DeliverToHost()
    {
        lock (_gate)
        {
            CountEarly(!_toHost.TryPeek(out var head) || head.At <= Now);
            while (_toHost.TryPeek(out var piece) && piece.At <= Now)
            {
                _toHost.Dequeue();
                if (!IsOpen)
                {
                    continue;
                }

                var decoded = BeyondAdapter(UartReceiver.Decode(piece.Bytes, piece.Baud, BaudRate, _timing.UartTolerance), BaudRate, transmitting: false);
                if (_device is { } device)
                {
                    decoded = ApplyNoise(device, decoded, towardChip: false);
                }

                foreach (var b in decoded)
                {
                    _received.Enqueue(b);
                }

                BytesDelivered += decoded.Length;
            }

            Arm(_toHostTimer, _toHost, Now);
            _stream?.CompletePendingRead();
        }
    }

    private void CountEarly(bool somethingWasDue)
    {
        if (!somethingWasDue)
        {
            Interlocked.Increment(ref _earlyWakeups);
        }
    }

    /// <summary>Bytes set to cross this adapter at <paramref name="baud"/>: garbled as its UART clocks them when the rate is beyond it.</summary>
    private byte[] BeyondAdapter(byte[] bytes, int baud, bool transmitting)
    {
        int? maximum;
        lock (_gate)
        {
            maximum = _maximumBaud;
            if (transmitting && _maximumTransmitBaud is { } tx && (maximum is null || tx < maximum))
            {
                maximum = tx;
            }
        }

        return maximum is { } max && baud > max ? UartReceiver.Decode(bytes, baud, max, _timing.UartTolerance) : bytes;
    }

    /// <summary>The unit's line noise on <paramref name="bytes"/>; every byte it corrupts or drops is reported to the unit.</summary>
    private static byte[] ApplyNoise(IUartDevice device, byte[] bytes, bool towardChip)
    {
        var (corruption, drop) = device.LineNoise;
        if (corruption <= 0 && drop <= 0)
        {
            return bytes;
        }

        var random = device.LineNoiseRandom;
        var output = new List<byte>(bytes.Length);
        foreach (var b in bytes)
        {
            if (drop > 0 && random.NextDouble() < drop)
            {
                device.LineNoiseHit(towardChip, b, null);
                continue;
            }

            if (corruption > 0 && random.NextDouble() < corruption)
            {
                var corrupted = (byte)(b ^ (1 << random.Next(8)));
                device.LineNoiseHit(towardChip, b, corrupted);
                output.Add(corrupted);
            }
            else
            {
                output.Add(b);
            }
        }

        return [.. output];
    }

    private void Arm(ITimer timer, Queue<InFlight> queue, TimeSpan now)
    {
        if (queue.TryPeek(out var head))
        {
            // Never early: a callback that finds its piece not yet due re-arms, and on the system timer would spin.
            timer.Change(TimerDue.NotEarly(_clock, head.At - now), Timeout.InfiniteTimeSpan);
        }
        else
        {
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void UpdateTxLevel()
    {
        IUartDevice? device;
        lock (_gate)
        {
            device = _device;
        }

        device?.SetHostTxIdleHigh(IsOpen && !_break);
    }

    private void ApplyModemLine(ModemLineTarget target, bool asserted)
    {
        ISimulatedUnitPins? pins;
        lock (_gate)
        {
            pins = _pins;
        }

        if (pins is null || !IsOpen && asserted)
        {
            return;
        }

        switch (target)
        {
            case ModemLineTarget.ResetChip:
                pins.SetChipEnable(!asserted);
                break;
            case ModemLineTarget.BootHigh:
                pins.SetBootStrap(asserted);
                break;
            case ModemLineTarget.BootLow:
                pins.SetBootStrap(!asserted);
                break;
            case ModemLineTarget.PowerOff:
                pins.SetPower(!asserted);
                break;
            case ModemLineTarget.None:
            default:
                break;
        }
    }

    private void CheckBaud(int baudRate)
    {
        if (baudRate is < 300 or > 12_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(baudRate), baudRate, $"{PortName}: {baudRate} baud is not a rate a USB-UART adapter can set (300 .. 12 000 000)");
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record InFlight(byte[] Bytes, int Baud, TimeSpan At);

    /// <summary>The open port's byte stream: reads complete asynchronously so continuations return to the caller's loop.</summary>
    private sealed class LinkStream(SimulatedSerialLink link) : DuplexStream
    {
        private PendingRead? _pending;

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        /// <summary>Blocking read: for real-time mode only (in modelled time nothing would advance the clock).</summary>
        public override int Read(Span<byte> buffer)
        {
            var temp = new byte[buffer.Length];
            var n = ReadAsync(temp).AsTask().GetAwaiter().GetResult();
            temp.AsSpan(0, n).CopyTo(buffer);
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty)
            {
                return ValueTask.FromResult(0);
            }

            lock (link._gate)
            {
                if (link._stream != this)
                {
                    return ValueTask.FromException<int>(new IOException($"{link.PortName} is closed: cannot read"));
                }

                if (_pending is not null)
                {
                    return ValueTask.FromException<int>(new InvalidOperationException($"{link.PortName}: only one read may wait at a time"));
                }

                if (link._received.Count > 0)
                {
                    return ValueTask.FromResult(Take(buffer.Span));
                }

                cancellationToken.ThrowIfCancellationRequested();
                var pending = new PendingRead(buffer, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
                if (cancellationToken.CanBeCanceled)
                {
                    pending.Registration = cancellationToken.Register(() => Cancel(pending, cancellationToken));
                }

                _pending = pending;
                return new ValueTask<int>(pending.Completion.Task);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => link.Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => link.Write(buffer);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            link.Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            link.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        /// <summary>Called under the link's lock when bytes became readable.</summary>
        public void CompletePendingRead()
        {
            if (_pending is { } pending && link._received.Count > 0)
            {
                _pending = null;
                pending.Registration.Unregister();
                pending.Completion.TrySetResult(Take(pending.Buffer.Span));
            }
        }

        public void Fail(Exception error)
        {
            PendingRead? pending;
            lock (link._gate)
            {
                pending = _pending;
                _pending = null;
            }

            pending?.Completion.TrySetException(error);
        }

        private void Cancel(PendingRead pending, CancellationToken token)
        {
            lock (link._gate)
            {
                if (_pending != pending)
                {
                    return;
                }

                _pending = null;
            }

            pending.Completion.TrySetCanceled(token);
        }

        private int Take(Span<byte> destination)
        {
            var n = Math.Min(destination.Length, link._received.Count);
            for (var i = 0; i < n; i++)
            {
                destination[i] = link._received.Dequeue();
            }

            return n;
        }

        private sealed class PendingRead(Memory<byte> buffer, TaskCompletionSource<int> completion)
        {
            public Memory<byte> Buffer { get; } = buffer;

            public TaskCompletionSource<int> Completion { get; } = completion;

            public CancellationTokenRegistration Registration { get; set; }
        }
    }
}
