using System.Buffers.Binary;
using System.Text;
using Fixture.Simulator.Bootrom;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Loader;

/// <summary>
/// The BL602 eflash_loader (decompiled Jan-2022 build, protocol reference §2.3, §3, §6, §10) as it runs
/// after run_image: auto-baud handshake with the snapping rule, the commands with their payload checks and
/// error codes, the checksum rule, silence for unknown ids, the two-empty-receives and error-budget drops
/// back to handshake mode, the Winbond blank-skip, and decompress-write through the device's xz decoder
/// with 4 KiB output pieces. Where builds differ (receive buffer, PD, 0x3F) the helper's
/// <see cref="HelperProfile"/> decides.
/// </summary>
/// <remarks>
/// Receiving is modelled on bflb_eflash_loader_usart_if_receive and its RX interrupt: bytes go into a
/// buffer of <see cref="HelperProfile.ReceiveBuffer"/> bytes, also while a command runs (so the next frame
/// arrives during programming); bytes beyond the buffer are lost. A receive call returns the frame once
/// header length + 4 bytes are in, and discards whatever came after it; a call that sees no complete
/// frame for 2 s (counted from the call, not from the last byte) is an empty receive, and two in a row
/// send the loader back to handshake mode. A frame longer than the buffer therefore never completes.
/// </remarks>
internal sealed partial class LoaderModel : IChipProgram
{
    private const int OutputPiece = 4096;

    /// <summary>Reads and mem reads are capped at 0x4004 bytes of data (decompiled loader).</summary>
    private const int MaxReplyData = 0x4004;
    private const uint StreamStartBit = 0x8000_0000;

    private readonly ChipSession _chip;
    private readonly HelperProfile _helper;
    private readonly List<byte> _rx = [];
    private readonly List<byte> _xzPiece = [];
    private readonly Dictionary<uint, uint> _memory = [];
    private readonly StringBuilder _log = new();
    private Mode _mode = Mode.Handshake;
    private int _run55;
    private IDisposable? _receiveTimer;
    private int _emptyReceives;
    private bool _busy;
    private bool _deaf;
    private int _failures;
    private ushort _writeError;
    private XzDeviceDecoder? _xz;
    private uint _xzAddress;

    public LoaderModel(ChipSession chip, HelperProfile helper)
    {
        _chip = chip;
        _helper = helper;
        chip.Boot.Helper = helper.Name;
        Log("eflash loader start");
    }

    private enum Mode
    {
        Handshake,
        Settling,
        Command,
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
                break; // the rest of the burst passes while the loader waits, then the drain discards what came
            case Mode.Command:
                if (_busy && _deaf)
                {
                    return; // this build does not read its UART while it programs
                }

                var decoded = _chip.Decode(bytes, senderBaud);
                var room = _helper.ReceiveBuffer - _rx.Count;
                for (var i = 0; i < decoded.Length && i < room; i++)
                {
                    _rx.Add(decoded[i]);
                }

                if (!_busy)
                {
                    TryTakeFrame();
                }

                break;
        }
    }

    public void Stop() => _receiveTimer?.Dispose();

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
                // One short receive drains leftover 0x55 bytes, then the buffers start empty.
                _chip.After(_chip.Timing.LoaderHandshakeDrain, () =>
                {
                    _mode = Mode.Command;
                    _rx.Clear();
                    _emptyReceives = 0;
                    _failures = 0;
                    StartReceive();
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
        _busy = false;
        _deaf = false;
        _receiveTimer?.Dispose();
        _receiveTimer = null;
    }

    /// <summary>A receive call: returns at once when a frame is complete, else after 2 s as an empty receive.</summary>
    private void StartReceive()
    {
        _receiveTimer?.Dispose();
        _receiveTimer = null;
        if (TryTakeFrame())
        {
            return;
        }

        _receiveTimer = _chip.After(_chip.Timing.ReceiveIdleTimeout, () =>
        {
            _receiveTimer = null;
            if (++_emptyReceives >= 2)
            {
                ToHandshake(_rx.Count > 0 ? $"two empty receives with {_rx.Count} bytes of an incomplete frame" : "two empty receives");
            }
            else
            {
                StartReceive();
            }
        });
    }

    /// <summary>Takes a complete frame from the buffer (discarding what came after it) and handles it; false when none is complete.</summary>
    private bool TryTakeFrame()
    {
        if (_mode != Mode.Command || _busy || _rx.Count < 4)
        {
            return false;
        }

        var length = _rx[2] | (_rx[3] << 8);
        if (length + 4 > _rx.Count)
        {
            return false; // a frame longer than the buffer stays here until the receive calls time out
        }

        var frame = _rx.GetRange(0, length + 4).ToArray();
        _rx.Clear(); // no pipelining: bytes that came with the frame are discarded
        _receiveTimer?.Dispose();
        _receiveTimer = null;
        _emptyReceives = 0;
        HandleFrame(frame);
        return true;
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
                Log("Checksum error");
                _chip.Transmit(DeviceReply.Fail(DeviceCode.CmdCrcError));
                if (command == 0x40)
                {
                    ToHandshake("checksum error on efuse_write");
                    return;
                }

                Resume();
                return;
            }
        }

        switch (command)
        {
            case 0x10: Answer(DeviceReply.OkWith(BootInfoLayout.Build(_chip.Efuse, BootInfoLayout.LoaderVersion, loaderSwapsEncrypt: true))); break;
            case 0x21: ResetCommand(); break;
            case 0x30: Erase(payload); break;
            case 0x31: Write(payload); break;
            case 0x32: Read(payload); break;
            case 0x33 when !_chip.Faults.FlashBootUnanswered: FlashBoot(); break;
            case 0x34: Read(payload); break;
            case 0x36: Answer(DeviceReply.OkWith(JedecReply())); break;
            case 0x37: ReadStatus(payload); break;
            case 0x38: Answer(payload.Length == 12 ? DeviceReply.Ok : Failure(DeviceCode.FlashWriteStatusRegError)); break;
            case 0x3A: Answer(_writeError == 0 ? DeviceReply.Ok : Failure(_writeError)); break;
            case 0x3B: Answer(payload.Length is 4 or 88 ? DeviceReply.Ok : Failure(DeviceCode.FlashSetParaError)); break;
            case 0x3C: ChipErase(); break;
            case 0x3D: ReadSha(payload); break;
            case 0x3E: ReadSha(payload); break;
            case 0x3F when _helper.DecompressWrite: DecompressWrite(payload); break;
            case 0x40: EfuseWrite(payload); break;
            case 0x41: EfuseRead(payload); break;
            case 0x42: Answer(DeviceReply.OkWith(MacReply())); break;
            case 0x50: MemoryWrite(payload); break;
            case 0x51: MemoryRead(payload); break;
            case 0x60: Answer(DeviceReply.Ok); break;
            case 0x61: Answer(DeviceReply.Ok); break;
            case 0x71: Answer(DeviceReply.OkWith(Encoding.ASCII.GetBytes(_log.ToString()).AsSpan(0, Math.Min(_log.Length, MaxReplyData)))); break;
            default:
                Resume(); // not in this build's command table: the dispatcher returns without a reply
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

    /// <summary>Runs <paramref name="then"/> after <paramref name="duration"/>; bytes arriving meanwhile are buffered (deaf: lost).</summary>
    private void Busy(TimeSpan duration, Action then, bool deaf = false)
    {
        _busy = true;
        _deaf = deaf;
        _receiveTimer?.Dispose();
        _receiveTimer = null;
        _chip.After(duration, () =>
        {
            _busy = false;
            _deaf = false;
            then();
        });
    }

    /// <summary>The handler returned: the main loop calls receive again.</summary>
    private void Resume()
    {
        if (_mode != Mode.Command)
        {
            return;
        }

        _busy = false;
        StartReceive();
    }

    private void Log(string line) => _log.Append(line).Append("\r\n");

    private static uint U32(ReadOnlySpan<byte> bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
}
