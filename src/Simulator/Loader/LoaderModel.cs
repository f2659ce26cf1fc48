using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using Fixture.Simulator.Bootrom;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Loader;

/// <summary>
/// The BL602 eflash_loader (decompiled Jan-2022 build, protocol reference §2.3, §3, §6, §10) as it
/// runs after run_image: auto-baud handshake with the snapping rule, the 24 commands with their
/// payload checks and error codes, the checksum rule, silence for unknown ids, the idle and
/// error-budget drops back to handshake mode, PD during erase, the Winbond blank-skip, and
/// decompress-write through the device's xz decoder with 4 KiB output pieces. Each write frame
/// costs its programming time before the next frame is taken (fixture-design §7); when it
/// answers relative to that is <see cref="LoaderAckMode"/>.
/// </summary>
internal sealed partial class LoaderModel : IChipProgram
{
    private const int MaxPayload = 0x4004;
    private const int OutputPiece = 4096;
    private const uint StreamStartBit = 0x8000_0000;

    private readonly ChipSession _chip;
    private readonly List<byte> _rx = [];
    private readonly Queue<byte[]> _held = new();
    private readonly List<byte> _xzPiece = [];
    private readonly Dictionary<uint, uint> _memory = [];
    private readonly StringBuilder _log = new();
    private Mode _mode = Mode.Handshake;
    private int _run55;
    private IDisposable? _idle;
    private IDisposable? _discardGap;
    private int _emptyReceives;
    private bool _busy;
    private bool _deaf;
    private int _failures;
    private ushort _writeError;
    private XzDeviceDecoder? _xz;
    private uint _xzAddress;

    public LoaderModel(ChipSession chip)
    {
        _chip = chip;
        Log("eflash loader start");
    }

    private enum Mode
    {
        Handshake,
        Settling,
        Command,
        Discarding,
    }

    private LoaderAckMode AckMode => _chip.Faults.AckMode;

    public void Receive(ReadOnlySpan<byte> bytes, int senderBaud)
    {
        switch (_mode)
        {
            case Mode.Handshake:
                Handshake(bytes, senderBaud);
                break;
            case Mode.Settling:
                break; // the rest of the burst passes while the loader waits
            case Mode.Discarding:
                _discardGap?.Dispose();
                _discardGap = _chip.After(_chip.Timing.LoaderDiscardGap, EndDiscarding);
                break;
            case Mode.Command:
                _emptyReceives = 0;
                var decoded = _chip.Decode(bytes, senderBaud);
                if (_busy)
                {
                    if (!_deaf)
                    {
                        _held.Enqueue(decoded);
                    }

                    return;
                }

                ArmIdle();
                Take(decoded);
                break;
        }
    }

    public void Stop()
    {
        _idle?.Dispose();
        _discardGap?.Dispose();
    }

    private void Handshake(ReadOnlySpan<byte> bytes, int senderBaud)
    {
        foreach (var b in bytes)
        {
            _run55 = b == 0x55 ? _run55 + 1 : 0;
            if (_run55 < _chip.Timing.LoaderHandshakeMinimumBytes)
            {
                continue;
            }

            var rate = SnappedRate(senderBaud);
            _mode = Mode.Settling;
            _run55 = 0;
            _chip.After(_chip.Timing.LoaderHandshakeSettle, () =>
            {
                _chip.UartBaud = rate;
                _chip.Transmit(DeviceReply.Ok);
                Log($"handshake at {rate} baud");
                // One short receive drains leftover 0x55 bytes before commands are taken.
                _chip.After(_chip.Timing.LoaderHandshakeDrain, () =>
                {
                    _mode = Mode.Command;
                    _rx.Clear();
                    _held.Clear();
                    _emptyReceives = 0;
                    ArmIdle();
                });
            });
            return;
        }
    }

    /// <summary>
    /// The rate the loader's UART ends up at: the auto-baud counter measures 40 MHz / (count + 1);
    /// above 970 000 that is rounded to the nearest multiple of 500 000 (protocol reference §2.3).
    /// </summary>
    public static int SnappedRate(int senderBaud)
    {
        var count = Math.Max(1, (int)Math.Round(40_000_000.0 / senderBaud));
        var measured = 40_000_000 / count;
        return measured > 970_000 ? (int)Math.Round(measured / 500_000.0, MidpointRounding.AwayFromZero) * 500_000 : measured;
    }

    private void ToHandshake(string why)
    {
        Log($"back to handshake: {why}");
        _mode = Mode.Handshake;
        _run55 = 0;
        _rx.Clear();
        _held.Clear();
        _busy = false;
        _deaf = false;
        _idle?.Dispose();
        _idle = null;
    }

    private void ArmIdle()
    {
        _idle?.Dispose();
        _idle = _chip.After(_chip.Timing.ReceiveIdleTimeout, () =>
        {
            if (++_emptyReceives >= 2)
            {
                ToHandshake("two receive timeouts");
            }
            else
            {
                ArmIdle();
            }
        });
    }

    private void EndDiscarding()
    {
        _discardGap = null;
        _mode = Mode.Command;
        _rx.Clear();
        ArmIdle();
    }

    private void Take(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _rx.Add(b);
        }

        if (_rx.Count < 4)
        {
            return;
        }

        var length = _rx[2] | (_rx[3] << 8);
        if (length > MaxPayload)
        {
            // Bigger than the 0x4008-byte receive buffer: the frame is dropped, no reply.
            Log($"frame of {length} bytes dropped");
            _rx.Clear();
            _mode = Mode.Discarding;
            _idle?.Dispose();
            _discardGap = _chip.After(_chip.Timing.LoaderDiscardGap, EndDiscarding);
            return;
        }

        if (_rx.Count < length + 4)
        {
            return;
        }

        var frame = _rx.GetRange(0, length + 4).ToArray();
        _rx.Clear(); // no pipelining: bytes that came with the frame are discarded
        HandleFrame(frame);
    }

    private void HandleFrame(byte[] frame)
    {
        var command = frame[0];
        var checksum = frame[1];
        var payload = frame.AsSpan(4);
        if (checksum != 0)
        {
            var sum = frame[2] + frame[3];
            foreach (var b in payload)
            {
                sum += b;
            }

            if ((byte)sum != checksum)
            {
                _chip.Transmit(DeviceReply.Fail(DeviceCode.CmdCrcError));
                if (command == 0x40)
                {
                    ToHandshake("checksum error on efuse_write");
                }

                return;
            }
        }

        _idle?.Dispose();
        switch (command)
        {
            case 0x10: Answer(DeviceReply.OkWith(BootInfoLayout.Build(_chip.Efuse, BootInfoLayout.LoaderVersion, loaderSwapsEncrypt: true))); break;
            case 0x21: ResetCommand(); break;
            case 0x30: Erase(payload); break;
            case 0x31: Write(payload); break;
            case 0x32: Read(payload); break;
            case 0x33: FlashBoot(); break;
            case 0x34: Read(payload); break;
            case 0x36: Answer(DeviceReply.OkWith(JedecReply())); break;
            case 0x37: ReadStatus(payload); break;
            case 0x38: Answer(payload.Length == 12 ? DeviceReply.Ok : Failure(DeviceCode.FlashWriteStatusRegError)); break;
            case 0x3A: Answer(_writeError == 0 ? DeviceReply.Ok : Failure(_writeError)); break;
            case 0x3B: Answer(payload.Length is 4 or 88 ? DeviceReply.Ok : Failure(DeviceCode.FlashSetParaError)); break;
            case 0x3C: ChipErase(); break;
            case 0x3D: ReadSha(payload); break;
            case 0x3E: ReadSha(payload); break;
            case 0x3F: DecompressWrite(payload); break;
            case 0x40: EfuseWrite(payload); break;
            case 0x41: EfuseRead(payload); break;
            case 0x42: Answer(DeviceReply.OkWith(MacReply())); break;
            case 0x50: MemoryWrite(payload); break;
            case 0x51: MemoryRead(payload); break;
            case 0x60: Answer(DeviceReply.Ok); break;
            case 0x61: Answer(DeviceReply.Ok); break;
            case 0x71: Answer(DeviceReply.OkWith(Encoding.ASCII.GetBytes(_log.ToString()).AsSpan(0, Math.Min(_log.Length, MaxPayload)))); break;
            default:
                ArmIdle(); // unknown id: the dispatcher returns without a reply
                break;
        }
    }

    /// <summary>Sends a reply and takes the next frame. A failure reply counts toward the error budget.</summary>
    private void Answer(byte[] reply)
    {
        _chip.Transmit(reply);
        if (reply[0] == 0x46 && CountFailure())
        {
            return;
        }

        Resume();
    }

    private static byte[] Failure(ushort code) => DeviceReply.Fail(code);

    /// <summary>Counts a failing command; true when it was the third and the loader went back to handshake.</summary>
    private bool CountFailure()
    {
        if (++_failures >= 3)
        {
            ToHandshake($"{_failures} failing commands");
            return true;
        }

        return false;
    }

    /// <summary>Runs <paramref name="then"/> after <paramref name="duration"/>, not taking frames meanwhile (deaf: dropping them).</summary>
    private void Busy(TimeSpan duration, Action then, bool deaf = false)
    {
        _busy = true;
        _deaf = deaf;
        _idle?.Dispose();
        _chip.After(duration, () =>
        {
            _busy = false;
            _deaf = false;
            then();
        });
    }

    private void Resume()
    {
        if (_mode != Mode.Command)
        {
            return;
        }

        _busy = false;
        ArmIdle();
        while (!_busy && _mode == Mode.Command && _held.TryDequeue(out var held))
        {
            Take(held);
        }
    }

    private void Log(string line) => _log.Append(line).Append("\r\n");

    private static uint U32(ReadOnlySpan<byte> bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
}
