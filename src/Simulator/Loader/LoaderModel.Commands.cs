using System.IO.Hashing;
using System.Security.Cryptography;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Flash;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Loader;

/// <summary>The loader's command handlers (protocol reference §6.1).</summary>
internal sealed partial class LoaderModel
{
    private const int BrownedOut = -1;
    private const int BlankCheckPiece = 0x4008;

    private void ResetCommand()
    {
        _chip.Transmit(DeviceReply.Ok);
        Busy(_chip.Timing.LoaderResetDelay, () => _chip.Reset("reset command 0x21"), deaf: true);
    }

    private void FlashBoot()
    {
        _chip.Transmit(DeviceReply.Ok);
        _chip.BootFromFlash("flash_boot command 0x33");
    }

    private void Erase(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 8)
        {
            Answer(Failure(DeviceCode.FlashEraseParaError));
            return;
        }

        _writeError = 0; // the sticky write error is cleared at every erase
        var start = U32(payload, 0);
        var end = U32(payload, 4);
        if (end < start)
        {
            Answer(Failure(DeviceCode.FlashEraseParaError));
            return;
        }

        if (end >= (uint)_chip.Flash.Size)
        {
            Log($"erase 0x{start:X}-0x{end:X} is outside the flash");
            Answer(Failure(DeviceCode.FlashEraseError));
            return;
        }

        var length = (long)end - start + 1;
        if (_chip.Flash.JedecId.Span[0] == 0xEF && length >= 0x2800)
        {
            // Winbond blank-skip: read the range in 0x4008-byte pieces until one is not blank;
            // an all-0xFF range is not erased at all.
            var firstUsed = _chip.Flash.View(start, (int)length).IndexOfAnyExcept((byte)0xFF);
            var read = firstUsed < 0 ? length : Math.Min(length, ((firstUsed / BlankCheckPiece) + 1) * (long)BlankCheckPiece);
            var readTime = _chip.Timing.FlashReadTime(read);
            if (firstUsed < 0)
            {
                Log($"erase 0x{start:X}-0x{end:X} skipped: blank");
                Busy(readTime, () => Answer(DeviceReply.Ok));
                return;
            }

            Busy(readTime, () => EraseUnits(EraseUnit.Plan(start, end, _chip.Timing), 0));
            return;
        }

        EraseUnits(EraseUnit.Plan(start, end, _chip.Timing), 0);
    }

    private void EraseUnits(IReadOnlyList<EraseUnit> units, int index)
    {
        if (index == units.Count)
        {
            Answer(DeviceReply.Ok);
            return;
        }

        var unit = units[index];
        if (_helper.SendsPending)
        {
            _chip.Transmit(DeviceReply.Pending);
        }

        Busy(unit.Duration, () =>
        {
            if (_chip.Faults.EraseErrorAt is { } bad && bad >= unit.Address && bad < unit.Address + unit.Size)
            {
                _chip.RecordFault(FaultKind.EraseError, $"erase of {unit.Size / 1024} KiB at 0x{unit.Address:X} failed");
                Answer(Failure(DeviceCode.FlashEraseError));
                return;
            }

            _chip.Flash.EraseSectors(unit.Address, unit.Size);
            EraseUnits(units, index + 1);
        });
    }

    private void ChipErase()
    {
        ChipEraseStep(_chip.Timing.ChipErase);
    }

    private void ChipEraseStep(TimeSpan remaining)
    {
        var step = remaining < _chip.Timing.ChipErasePendingInterval ? remaining : _chip.Timing.ChipErasePendingInterval;
        Busy(step, () =>
        {
            var left = remaining - step;
            if (left > TimeSpan.Zero)
            {
                if (_helper.SendsPending)
                {
                    _chip.Transmit(DeviceReply.Pending);
                }

                ChipEraseStep(left);
                return;
            }

            if (_chip.Faults.EraseErrorAt is { } bad)
            {
                _chip.RecordFault(FaultKind.EraseError, $"chip erase failed (bad block at 0x{bad:X})");
                Answer(Failure(DeviceCode.FlashEraseError));
                return;
            }

            _chip.Flash.EraseSectors(0, (uint)_chip.Flash.Size);
            Answer(DeviceReply.Ok);
        });
    }

    private void Write(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 5)
        {
            Answer(Failure(DeviceCode.FlashWriteParaError));
            return;
        }

        var address = U32(payload, 0);
        if (address == 0xFFFFFFFF)
        {
            Answer(Failure(DeviceCode.FlashWriteAddrError));
            return;
        }

        var data = payload[4..].ToArray();
        var pieces = new List<(uint Address, byte[] Bytes)> { (address, data) };
        FinishWrite(pieces, DeviceCode.FlashWriteError, xzError: null);
    }

    private void DecompressWrite(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 5)
        {
            Answer(Failure(DeviceCode.FlashDecompressWriteError));
            return;
        }

        var word = U32(payload, 0);
        if ((word & StreamStartBit) != 0)
        {
            _xz = new XzDeviceDecoder();
            _xzAddress = word & ~StreamStartBit;
            _xzPiece.Clear();
        }
        else if (_xz is null)
        {
            Log("decompress write without a stream start (bit 31)");
            Answer(Failure(DeviceCode.FlashWriteXzError));
            return;
        }

        var output = new List<byte>();
        var result = _xz.Feed(payload[4..], output);
        if (result == XzFeedResult.InitError)
        {
            Log($"xz fail: {_xz.Error}");
            _xz = null;
            Answer(Failure(DeviceCode.FlashWriteXzError)); // no OK before it
            return;
        }

        _xzPiece.AddRange(output);
        var pieces = new List<(uint Address, byte[] Bytes)>();
        var taken = 0;
        while (_xzPiece.Count - taken >= OutputPiece)
        {
            pieces.Add((_xzAddress, _xzPiece.GetRange(taken, OutputPiece).ToArray()));
            _xzAddress += OutputPiece;
            taken += OutputPiece;
        }

        _xzPiece.RemoveRange(0, taken);
        string? xzError = null;
        if (result is XzFeedResult.StreamEnd or XzFeedResult.DataError && _xzPiece.Count > 0)
        {
            // The partial last piece goes to flash at the stream end, and also when the decoder fails.
            pieces.Add((_xzAddress, [.. _xzPiece]));
            _xzAddress += (uint)_xzPiece.Count;
            _xzPiece.Clear();
        }

        if (result == XzFeedResult.StreamEnd)
        {
            Log($"xz stream end, {_xz.TotalOut} bytes");
            _xz = null;
        }
        else if (result == XzFeedResult.DataError)
        {
            xzError = _xz.Error;
            Log($"xz fail: {xzError}");
            _xz = null;
        }

        FinishWrite(pieces, DeviceCode.FlashDecompressWriteError, xzError, _chip.Timing.DecompressTime(output.Count));
    }

    /// <summary>
    /// Programs a write frame's pieces and answers in the unit's acknowledgement order. As in the decompiled
    /// loader, only a failed program call (the part stayed busy) latches the write error, 0x0006 for 0x31 and
    /// 0x000B for 0x3F; an xz error answers FL 000C and latches nothing. Both count toward the error budget.
    /// </summary>
    private void FinishWrite(List<(uint Address, byte[] Bytes)> pieces, ushort programErrorCode, string? xzError, TimeSpan decodeTime = default)
    {
        var duration = decodeTime;
        foreach (var (address, bytes) in pieces)
        {
            duration += _chip.Timing.ProgramTime(address, bytes.Length);
        }

        if (AckMode == LoaderAckMode.AfterProgramming)
        {
            Busy(duration, () =>
            {
                var result = ProgramPieces(pieces, programErrorCode);
                if (result == BrownedOut)
                {
                    return;
                }

                Answer(result != 0 ? Failure((ushort)result) : xzError is not null ? Failure(DeviceCode.FlashWriteXzError) : DeviceReply.Ok);
            });
            return;
        }

        // The decompiled loader: OK on receipt, then decode and program; a failure follows unsolicited.
        _chip.Transmit(DeviceReply.Ok);
        Busy(duration, () =>
        {
            var result = ProgramPieces(pieces, programErrorCode);
            if (result == BrownedOut)
            {
                return;
            }

            var late = result != 0 ? (ushort)result : xzError is not null ? DeviceCode.FlashWriteXzError : (ushort)0;
            if (late != 0)
            {
                _chip.Transmit(DeviceReply.Fail(late));
                if (CountFailure())
                {
                    return;
                }
            }

            Resume();
        }, deaf: AckMode == LoaderAckMode.BeforeProgrammingDeaf);
    }

    /// <summary>Programs the pieces; 0, the error code (latched as the sticky write error), or <see cref="BrownedOut"/>.</summary>
    private int ProgramPieces(List<(uint Address, byte[] Bytes)> pieces, ushort errorCode)
    {
        foreach (var (address, bytes) in pieces)
        {
            if ((ulong)address + (ulong)bytes.Length > (ulong)_chip.Flash.Size)
            {
                Log($"write 0x{address:X}+{bytes.Length} is outside the flash");
                _writeError = errorCode;
                return errorCode;
            }

            if (_chip.Flash.DefectiveAddress is { } bad && bad / 256 >= address / 256 && bad / 256 <= (address + (uint)bytes.Length - 1) / 256)
            {
                _chip.RecordFault(FaultKind.ProgramError, $"the page at 0x{bad / 256 * 256:X} did not program (nothing reports it)");
            }

            var finished = _chip.Flash.TryProgram(address, bytes);
            if (_chip.CountProgrammed(bytes.Length))
            {
                return BrownedOut;
            }

            if (!finished)
            {
                _chip.RecordFault(FaultKind.ProgramTimeout, $"page program in 0x{address:X}+{bytes.Length} never left busy");
                Log("fail");
                _writeError = errorCode;
                return errorCode; // the rest of the frame is not programmed
            }
        }

        return 0;
    }

    private void Read(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 8)
        {
            Answer(Failure(DeviceCode.FlashWriteParaError));
            return;
        }

        var length = (int)Math.Min(U32(payload, 4), MaxReplyData);
        var address = U32(payload, 0);
        var data = ReadWrapped(address, length);
        if (_chip.Faults.ReadGarbleAt is { } garbled && garbled >= address && garbled - address < (uint)length)
        {
            data[garbled - address] ^= 0xFF;
            _chip.RecordFault(FaultKind.ReadGarble, $"flash_read reply garbled at 0x{garbled:X}");
        }

        Busy(_chip.Timing.FlashReadTime(length), () => Answer(DeviceReply.OkWith(data)));
    }

    private void ReadSha(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 8)
        {
            Answer(Failure(DeviceCode.FlashWriteParaError));
            return;
        }

        var address = U32(payload, 0);
        var length = U32(payload, 4);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var size = (uint)_chip.Flash.Size;
        var position = address % size;
        for (var left = (long)length; left > 0;)
        {
            var n = (int)Math.Min(left, size - position);
            sha.AppendData(_chip.Flash.View(position, n));
            left -= n;
            position = (position + (uint)n) % size;
        }

        var digest = sha.GetHashAndReset();
        Busy(_chip.Timing.FlashReadTime(length), () => Answer(DeviceReply.OkWith(digest)));
    }

    /// <summary>SPI flash addresses wrap at the part's capacity.</summary>
    private byte[] ReadWrapped(uint address, int length)
    {
        var size = (uint)_chip.Flash.Size;
        var data = new byte[length];
        var position = address % size;
        for (var done = 0; done < length;)
        {
            var n = (int)Math.Min(length - done, size - position);
            _chip.Flash.Read(position, data.AsSpan(done, n));
            done += n;
            position = (position + (uint)n) % size;
        }

        return data;
    }

    /// <summary>0x36: the three id bytes and the flag byte as the unit's loader sends it (0x00 with the vendor's loader in the real logs).</summary>
    private byte[] JedecReply()
    {
        var jedec = _chip.Flash.JedecId.Span;
        return [jedec[0], jedec[1], jedec[2], _chip.Identity.JedecReplyFlag];
    }

    private void ReadStatus(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 8)
        {
            Answer(Failure(DeviceCode.FlashReadStatusRegError));
            return;
        }

        var value = payload[0] switch
        {
            0x05 => _chip.Flash.WriteProtected ? (byte)0x1C : (byte)0x00, // SR1: BP2..BP0 when protected
            0x35 => (byte)0x02, // SR2: QE set (quad I/O in use)
            0x15 => (byte)0x60, // SR3: default drive strength
            _ => (byte)0x00,
        };
        var reply = new byte[Math.Min((int)payload[4], 4)];
        Array.Fill(reply, value);
        Answer(DeviceReply.OkWith(reply));
    }

    /// <summary>
    /// 0x42 as the decompiled loader builds it: its EF_Ctrl_Read_MAC_Address copies the raw bytes of words
    /// 0x14/0x18 (slot 0, local order) with no parity check, and the handler appends the CRC32 of those 6 bytes.
    /// </summary>
    private byte[] MacReply()
    {
        var raw = _chip.Efuse.Raw.Span.Slice(Efuse.Slot0LowOffset, 6);
        var reply = new byte[10];
        raw.CopyTo(reply);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(6), Crc32.HashToUInt32(raw));
        return reply;
    }

    private void EfuseWrite(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 5)
        {
            Answer(Failure(DeviceCode.EfuseWriteParaError));
            return;
        }

        var start = U32(payload, 0) & ~3u;
        if (start >= Efuse.RegionSize)
        {
            Answer(Failure(DeviceCode.EfuseWriteAddrError));
            return;
        }

        _chip.Efuse.Program((int)start, payload[4..]);
        Answer(DeviceReply.Ok);
    }

    private void EfuseRead(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 8)
        {
            Answer(Failure(DeviceCode.EfuseReadParaError));
            return;
        }

        var start = U32(payload, 0) & ~3u;
        if (start >= Efuse.RegionSize)
        {
            Answer(Failure(DeviceCode.EfuseReadAddrError));
            return;
        }

        var length = (int)Math.Min(U32(payload, 4) & ~3u, Efuse.RegionSize - start);
        Answer(DeviceReply.OkWith(_chip.Efuse.Raw.Span.Slice((int)start, length)));
    }

    private void MemoryWrite(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 0 || payload.Length % 8 != 0)
        {
            Answer(Failure(DeviceCode.EfuseWriteParaError));
            return;
        }

        for (var i = 0; i < payload.Length; i += 8)
        {
            _memory[U32(payload, i) & ~3u] = U32(payload, i + 4);
        }

        Answer(DeviceReply.Ok);
    }

    private void MemoryRead(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 8)
        {
            Answer(Failure(DeviceCode.EfuseReadParaError));
            return;
        }

        var address = U32(payload, 0) & ~3u;
        var length = (int)Math.Min(U32(payload, 4) & ~3u, MaxReplyData & ~3);
        var data = new byte[length];
        for (var i = 0; i < length; i += 4)
        {
            var word = _memory.TryGetValue(address + (uint)i, out var v) ? v : 0;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(i), word);
        }

        Answer(DeviceReply.OkWith(data));
    }
}

/// <summary>One erase step by the loader's rule (protocol reference §6.3): 64 KiB, 32 KiB or a 4 KiB sector.</summary>
internal readonly record struct EraseUnit(uint Address, uint Size, TimeSpan Duration)
{
    public static IReadOnlyList<EraseUnit> Plan(uint start, uint end, Timing.TimingModel timing)
    {
        var units = new List<EraseUnit>();
        var address = start / SpiFlash.SectorSize * SpiFlash.SectorSize;
        while (address <= end)
        {
            var remaining = (long)end - address + 1;
            EraseUnit unit;
            if (address % 0x10000 == 0 && remaining > 60 * 1024)
            {
                unit = new EraseUnit(address, 0x10000, timing.BlockErase64K);
            }
            else if (address % 0x8000 == 0 && remaining > 28 * 1024)
            {
                unit = new EraseUnit(address, 0x8000, timing.BlockErase32K);
            }
            else
            {
                unit = new EraseUnit(address, SpiFlash.SectorSize, timing.SectorErase4K);
            }

            units.Add(unit);
            if ((ulong)address + unit.Size > uint.MaxValue)
            {
                break;
            }

            address += unit.Size;
        }

        return units;
    }
}
