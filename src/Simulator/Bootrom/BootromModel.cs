using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using Fixture.Simulator.Sdk;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Bootrom;

/// <summary>
/// The BL602 bootrom's UART download mode as protocol reference §10 describes it (state checks and
/// error codes of Bouffalo's own bootrom emulation, boot2_isp): scan for a 0x55 run, answer OK once,
/// then take 0x10–0x1A frames of at most 4096 bytes until a 2 s gap sends it back to scanning;
/// after run_image's OK it jumps to the loaded helper (the eflash_loader model) 40 ms later.
/// The checksum byte is ignored. Signatures are never verified: the simulated eFuse holds no
/// public-key hash, so any key sent with 0x12 fails with 0x020C. Headers are checked on their raw bytes
/// (<see cref="BootHeaderCheck"/>, <see cref="SegmentHeaderCheck"/>), not with the station's parsers; the
/// SHA-256 of everything loaded (boot header, segment headers, data: the helper file) tells the loader
/// model which helper it is (<see cref="Loader.HelperCatalog"/>).
/// </summary>
internal sealed class BootromModel(ChipSession chip, bool allowFastHandshake) : IChipProgram
{
    private const int MaxFrame = 4096;

    private readonly List<byte> _frame = [];
    private readonly Queue<(byte[] Bytes, int Baud)> _heldWhileBusy = new();
    private bool _commandMode;
    private int _run55;
    private bool _ignoringBurst;
    private TimeSpan _lastByteAt = TimeSpan.FromDays(-1);
    private IDisposable? _idle;
    private bool _busy;
    private bool _leaving;
    private ImageState _state = ImageState.BootHeader;
    private BootHeaderCheck? _header;
    private int _segmentsLeft;
    private uint _segmentRemaining;
    private IncrementalHash? _hash;
    private IncrementalHash? _fileHash;

    private enum ImageState
    {
        BootHeader,
        PublicKey,
        Signature,
        AesIv,
        SegmentHeader,
        SegmentData,
        Check,
        Run,
    }

    private bool Encrypted => _header is { EncryptType: not 0 };

    private int EfuseSign => chip.Efuse.SignType;

    public void Receive(ReadOnlySpan<byte> bytes, int senderBaud)
    {
        if (_leaving)
        {
            return; // jumping to the helper: nobody reads the UART
        }

        var now = chip.Now;
        var continuesBurst = now - _lastByteAt <= chip.Timing.WireTime(bytes.Length, senderBaud) + TimeSpan.FromMilliseconds(0.5);
        _lastByteAt = now;
        if (!_commandMode)
        {
            Scan(bytes, senderBaud, continuesBurst);
            return;
        }

        ArmIdle();
        var decoded = chip.Decode(bytes, senderBaud);
        if (_busy)
        {
            _heldWhileBusy.Enqueue((decoded, chip.UartBaud));
            return;
        }

        Take(decoded);
    }

    public void Stop()
    {
        _idle?.Dispose();
        _hash?.Dispose();
        _fileHash?.Dispose();
    }

    private void Scan(ReadOnlySpan<byte> bytes, int senderBaud, bool continuesBurst)
    {
        if (!continuesBurst)
        {
            _ignoringBurst = false;
            _run55 = 0;
        }

        foreach (var b in bytes)
        {
            if (b != 0x55)
            {
                _run55 = 0;
                _ignoringBurst = false;
                continue;
            }

            if (_ignoringBurst || ++_run55 < chip.Timing.BootromHandshakeMinimumBytes)
            {
                continue;
            }

            // A full run of 0x55: the rest of this burst is ignored whatever happens now.
            _ignoringBurst = true;
            _run55 = 0;
            if (senderBaud > chip.Timing.BootromMaxHandshakeBaud && !allowFastHandshake)
            {
                continue; // the RC32M-clocked auto-baud cannot lock on: no answer
            }

            if (chip.WeakSupplyRefusesHandshake())
            {
                continue;
            }

            chip.UartBaud = senderBaud;
            chip.Transmit(DeviceReply.Ok);
            EnterCommandMode();
            return; // the remaining 0x55 bytes of this piece are the burst's tail
        }
    }

    private void EnterCommandMode()
    {
        _commandMode = true;
        _frame.Clear();
        _state = ImageState.BootHeader;
        ArmIdle();
    }

    private void ArmIdle()
    {
        _idle?.Dispose();
        _idle = chip.After(chip.Timing.ReceiveIdleTimeout, BackToScanning);
    }

    private void BackToScanning()
    {
        _commandMode = false;
        _frame.Clear();
        _run55 = 0;
        _ignoringBurst = false;
        _idle?.Dispose();
        _idle = null;
    }

    private void Take(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            // The tail of the handshake burst (and any repeat of it) is not a frame.
            if (_frame.Count == 0 && b == 0x55)
            {
                continue;
            }

            _frame.Add(b);
        }

        if (_frame.Count < 4)
        {
            return;
        }

        var length = _frame[2] | (_frame[3] << 8);
        if (length + 4 > MaxFrame)
        {
            chip.Transmit(DeviceReply.Fail(DeviceCode.CmdLenError));
            BackToScanning(); // a transmission error returns the bootrom to scanning
            return;
        }

        if (_frame.Count < length + 4)
        {
            return;
        }

        var frame = _frame.GetRange(0, length + 4).ToArray();
        _frame.Clear(); // extra bytes that came with the frame are dropped: no pipelining
        Handle(frame[0], frame.AsSpan(4));
    }

    private void Handle(byte command, ReadOnlySpan<byte> payload)
    {
        switch (command)
        {
            case 0x10:
                chip.Transmit(DeviceReply.OkWith(BootInfoLayout.Build(chip.Efuse, BootInfoLayout.BootromVersion)));
                break;
            case 0x11:
                Reply(LoadBootHeader(payload));
                break;
            case 0x12:
                Reply(LoadPublicKey(payload));
                break;
            case 0x14:
                Reply(LoadSignature(payload));
                break;
            case 0x16:
                Reply(LoadAesIv(payload));
                break;
            case 0x17:
                LoadSegmentHeader(payload);
                break;
            case 0x18:
                LoadSegmentData(payload);
                break;
            case 0x19:
                Reply(CheckImage());
                break;
            case 0x1A:
                RunImage();
                break;
            default:
                chip.Transmit(DeviceReply.Fail(DeviceCode.CmdIdError));
                break;
        }
    }

    private void Reply(ushort code) => chip.Transmit(code == 0 ? DeviceReply.Ok : DeviceReply.Fail(code));

    private ushort LoadBootHeader(ReadOnlySpan<byte> payload)
    {
        var header = BootHeaderCheck.Parse(payload, chip.Efuse.SignType, chip.Efuse.EncryptType, signMustMatch: false, out var error, out _);
        if (error != 0)
        {
            return error;
        }

        _header = header;
        _segmentsLeft = (int)Math.Min(header.ImageLengthOrSegments, int.MaxValue);
        _hash?.Dispose();
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _fileHash?.Dispose();
        _fileHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _fileHash.AppendData(payload);
        _state = header.SignType != 0 ? ImageState.PublicKey : header.EncryptType != 0 ? ImageState.AesIv : ImageState.SegmentHeader;
        return 0;
    }

    private ushort LoadPublicKey(ReadOnlySpan<byte> payload)
    {
        if (_state != ImageState.PublicKey)
        {
            return DeviceCode.CmdSeqError;
        }

        if (payload.Length != 68)
        {
            return DeviceCode.PkLenError;
        }

        if (Crc32.HashToUInt32(payload[..64]) != BinaryPrimitives.ReadUInt32LittleEndian(payload[64..]))
        {
            return DeviceCode.PkCrcError;
        }

        return DeviceCode.PkHashError; // no key hash is burnt into the simulated eFuse
    }

    private ushort LoadSignature(ReadOnlySpan<byte> payload)
    {
        if (_state != ImageState.Signature)
        {
            return DeviceCode.CmdSeqError;
        }

        if (payload.Length < 8 || BinaryPrimitives.ReadUInt32LittleEndian(payload) + 8 != (uint)payload.Length)
        {
            return DeviceCode.SignatureLenError;
        }

        var signature = payload[4..^4];
        if (Crc32.HashToUInt32(signature) != BinaryPrimitives.ReadUInt32LittleEndian(payload[^4..]))
        {
            return DeviceCode.SignatureCrcError;
        }

        _state = Encrypted ? ImageState.AesIv : ImageState.SegmentHeader;
        return 0;
    }

    private ushort LoadAesIv(ReadOnlySpan<byte> payload)
    {
        if (_state != ImageState.AesIv)
        {
            return DeviceCode.CmdSeqError;
        }

        if (payload.Length != 20)
        {
            return DeviceCode.AesIvLenError;
        }

        if (Crc32.HashToUInt32(payload[..16]) != BinaryPrimitives.ReadUInt32LittleEndian(payload[16..]))
        {
            return DeviceCode.AesIvCrcError;
        }

        _state = ImageState.SegmentHeader;
        return 0;
    }

    private void LoadSegmentHeader(ReadOnlySpan<byte> payload)
    {
        if (_state != ImageState.SegmentHeader)
        {
            Reply(DeviceCode.CmdSeqError);
            return;
        }

        if (payload.Length != SegmentHeaderCheck.Size)
        {
            Reply(DeviceCode.SectionHeaderLenError);
            return;
        }

        var header = SegmentHeaderCheck.Parse(payload);
        if (!header.HeaderCrcOk)
        {
            Reply(DeviceCode.SectionHeaderCrcError);
            return;
        }

        _hash!.AppendData(payload);
        _fileHash!.AppendData(payload);
        _segmentRemaining = header.Length;
        _state = ImageState.SegmentData;
        chip.Transmit(DeviceReply.OkWith(payload));
        if (_segmentRemaining == 0)
        {
            SegmentComplete();
        }
    }

    private void LoadSegmentData(ReadOnlySpan<byte> payload)
    {
        if (_state != ImageState.SegmentData)
        {
            Reply(DeviceCode.CmdSeqError);
            return;
        }

        if (Encrypted && payload.Length % 16 != 0)
        {
            Reply(DeviceCode.SectionDataLenError);
            return;
        }

        if ((uint)payload.Length > _segmentRemaining)
        {
            Reply(DeviceCode.SectionDataTotalLenError);
            return;
        }

        _hash!.AppendData(payload);
        _fileHash!.AppendData(payload);
        _segmentRemaining -= (uint)payload.Length;
        if (_segmentRemaining == 0)
        {
            SegmentComplete();
        }

        // Copying the chunk into RAM costs the ROM time beyond the wire before it answers.
        _busy = true;
        chip.After(chip.Timing.BootromSegmentChunkProcessing, () =>
        {
            _busy = false;
            chip.Transmit(DeviceReply.Ok);
            while (!_busy && _heldWhileBusy.TryDequeue(out var held))
            {
                Take(held.Bytes);
            }
        });
    }

    private void SegmentComplete()
    {
        _segmentsLeft--;
        _state = _segmentsLeft > 0 ? ImageState.SegmentHeader : ImageState.Check;
    }

    private ushort CheckImage()
    {
        if (_state != ImageState.Check)
        {
            return DeviceCode.HalfBakedError;
        }

        if (!_header!.HashSkipped(EfuseSign))
        {
            var digest = _hash!.GetCurrentHash();
            if (!digest.AsSpan().SequenceEqual(_header.Hash))
            {
                return DeviceCode.HashError;
            }
        }

        _state = ImageState.Run;
        return 0;
    }

    private void RunImage()
    {
        if (_state != ImageState.Run)
        {
            Reply(DeviceCode.CmdSeqError);
            return;
        }

        chip.Transmit(DeviceReply.Ok);
        _idle?.Dispose();
        _leaving = true;
        var helperSha256 = _fileHash!.GetCurrentHash();
        chip.After(chip.Timing.HelperStartDelay, () => chip.StartLoader(helperSha256));
    }
}
