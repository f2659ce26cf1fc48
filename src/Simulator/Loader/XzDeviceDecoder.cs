using System.Buffers.Binary;
using System.IO.Hashing;

namespace Fixture.Simulator.Loader;

/// <summary>How a push into the device's xz decoder ended.</summary>
internal enum XzFeedResult
{
    NeedMoreInput,
    StreamEnd,

    /// <summary>The stream header was refused: xz-embedded failed to initialise (FL 000C, no OK).</summary>
    InitError,

    /// <summary>Any later error (dictionary too big, filter, corrupt data, check, index, footer).</summary>
    DataError,
}

/// <summary>
/// The loader's xz decoder as protocol reference §6.4 describes the device (xz-embedded, XZ_PREALLOC,
/// dict_max 32 KiB): one .xz stream, a single LZMA2 filter with a dictionary of at most 32 KiB,
/// CRC32 or no check; nothing else. Compressed bytes are pushed as 0x3F frames bring them; the
/// output is everything decodable so far. <see cref="Error"/> says what was refused.
/// </summary>
internal sealed class XzDeviceDecoder
{
    public const int MaxDictionary = 0x8000;

    private static readonly byte[] HeaderMagic = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00];

    private readonly List<byte> _in = [];
    private readonly List<(long Unpadded, long Uncompressed)> _records = [];
    private int _pos;
    private Stage _stage = Stage.StreamHeader;
    private int _checkType;
    private byte[] _streamFlags = [];
    private LzmaChunkDecoder? _lzma;
    private bool _needDictionaryReset;
    private Crc32 _blockCrc = new();
    private long _blockCompressedSize;
    private long _blockHeaderSize;
    private long _blockCompressedStart;
    private long _blockUncompressed;
    private long? _declaredCompressed;
    private long? _declaredUncompressed;
    private int _chunkUnpackedLeft;
    private int _chunkPacked;
    private bool _chunkIsLzma;
    private byte[] _chunk = [];
    private int _chunkStart;
    private long _indexStart;

    private enum Stage
    {
        StreamHeader,
        BlockOrIndex,
        Lzma2Control,
        Lzma2Data,
        BlockPadding,
        BlockCheck,
        Index,
        Footer,
        Done,
        Failed,
    }

    public string? Error { get; private set; }

    public long TotalOut { get; private set; }

    /// <summary>Pushes compressed bytes; decoded bytes are appended to <paramref name="output"/>.</summary>
    public XzFeedResult Feed(ReadOnlySpan<byte> bytes, List<byte> output)
    {
        if (_stage == Stage.Failed)
        {
            return XzFeedResult.DataError;
        }

        if (_stage == Stage.Done)
        {
            return Fail("bytes after the end of the xz stream");
        }

        foreach (var b in bytes)
        {
            _in.Add(b);
        }

        try
        {
            var before = output.Count;
            var result = Run(output);
            TotalOut += output.Count - before;
            return result;
        }
        catch (InvalidDataException e)
        {
            return Fail(e.Message);
        }
    }

    private XzFeedResult Run(List<byte> output)
    {
        while (true)
        {
            switch (_stage)
            {
                case Stage.StreamHeader:
                    if (Available < 12)
                    {
                        return XzFeedResult.NeedMoreInput;
                    }

                    if (!Slice(0, 6).SequenceEqual(HeaderMagic))
                    {
                        return Fail("not an .xz stream (xz-embedded has no .lzma decoder)", XzFeedResult.InitError);
                    }

                    _streamFlags = [_in[6], _in[7]];
                    if (Crc32.HashToUInt32(_streamFlags) != U32(8))
                    {
                        return Fail("xz stream header CRC32 does not match", XzFeedResult.InitError);
                    }

                    _checkType = _in[7];
                    if (_in[6] != 0 || _checkType is not (0 or 1))
                    {
                        return Fail($"xz check type {_checkType} is not supported (CRC32 or none only)", XzFeedResult.InitError);
                    }

                    _pos = 12;
                    _stage = Stage.BlockOrIndex;
                    break;

                case Stage.BlockOrIndex:
                    if (Available < 1)
                    {
                        return XzFeedResult.NeedMoreInput;
                    }

                    if (_in[_pos] == 0)
                    {
                        _indexStart = _pos;
                        _stage = Stage.Index;
                        break;
                    }

                    var headerSize = (_in[_pos] + 1) * 4;
                    if (Available < headerSize)
                    {
                        return XzFeedResult.NeedMoreInput;
                    }

                    ReadBlockHeader(headerSize);
                    break;

                case Stage.Lzma2Control:
                    if (!ReadChunkHeader())
                    {
                        return XzFeedResult.NeedMoreInput;
                    }

                    break;

                case Stage.Lzma2Data:
                    if (!DecodeChunk(output))
                    {
                        return XzFeedResult.NeedMoreInput;
                    }

                    break;

                case Stage.BlockPadding:
                    var compressed = _pos - _blockCompressedStart;
                    _blockCompressedSize = compressed;
                    if (_declaredCompressed is { } declared && declared != compressed)
                    {
                        throw new InvalidDataException($"xz block compressed size is {compressed}, its header says {declared}");
                    }

                    if (_declaredUncompressed is { } declaredOut && declaredOut != _blockUncompressed)
                    {
                        throw new InvalidDataException($"xz block uncompressed size is {_blockUncompressed}, its header says {declaredOut}");
                    }

                    var padding = (int)((4 - (compressed % 4)) % 4);
                    if (Available < padding)
                    {
                        return XzFeedResult.NeedMoreInput;
                    }

                    for (var i = 0; i < padding; i++)
                    {
                        if (_in[_pos + i] != 0)
                        {
                            throw new InvalidDataException("xz block padding is not zero");
                        }
                    }

                    _pos += padding;
                    _stage = Stage.BlockCheck;
                    break;

                case Stage.BlockCheck:
                    var checkSize = _checkType == 1 ? 4 : 0;
                    if (Available < checkSize)
                    {
                        return XzFeedResult.NeedMoreInput;
                    }

                    if (checkSize == 4 && _blockCrc.GetCurrentHashAsUInt32() != U32(_pos))
                    {
                        throw new InvalidDataException("xz block CRC32 of the decompressed data does not match");
                    }

                    _pos += checkSize;
                    _records.Add((_blockHeaderSize + _blockCompressedSize + checkSize, _blockUncompressed));
                    _stage = Stage.BlockOrIndex;
                    break;

                case Stage.Index:
                    if (!ReadIndex())
                    {
                        return XzFeedResult.NeedMoreInput;
                    }

                    break;

                case Stage.Footer:
                    if (Available < 12)
                    {
                        return XzFeedResult.NeedMoreInput;
                    }

                    if (Crc32.HashToUInt32(Slice(_pos + 4, 6)) != U32(_pos))
                    {
                        throw new InvalidDataException("xz stream footer CRC32 does not match");
                    }

                    var backward = ((long)U32(_pos + 4) + 1) * 4;
                    if (backward != _pos - _indexStart)
                    {
                        throw new InvalidDataException("xz footer's backward size does not match the index");
                    }

                    if (_in[_pos + 8] != _streamFlags[0] || _in[_pos + 9] != _streamFlags[1] || _in[_pos + 10] != 0x59 || _in[_pos + 11] != 0x5A)
                    {
                        throw new InvalidDataException("xz stream footer flags or magic are wrong");
                    }

                    _pos += 12;
                    _stage = Stage.Done;
                    return Available > 0 ? Fail("bytes after the end of the xz stream") : XzFeedResult.StreamEnd;

                default:
                    return XzFeedResult.DataError;
            }
        }
    }

    private int Available => _in.Count - _pos;

    private void ReadBlockHeader(int headerSize)
    {
        var header = Slice(_pos, headerSize);
        if (Crc32.HashToUInt32(header[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(header[^4..]))
        {
            throw new InvalidDataException("xz block header CRC32 does not match");
        }

        var flags = header[1];
        if ((flags & 0x3C) != 0)
        {
            throw new InvalidDataException("xz block header uses reserved flags");
        }

        if ((flags & 0x03) != 0)
        {
            throw new InvalidDataException($"xz block has {(flags & 3) + 1} filters: only a single LZMA2 filter is supported (no BCJ or delta)");
        }

        var offset = 2;
        _declaredCompressed = (flags & 0x40) != 0 ? ReadVarint(header, ref offset) : null;
        _declaredUncompressed = (flags & 0x80) != 0 ? ReadVarint(header, ref offset) : null;
        var filter = ReadVarint(header, ref offset);
        var propertiesSize = ReadVarint(header, ref offset);
        if (filter != 0x21 || propertiesSize != 1)
        {
            throw new InvalidDataException($"xz filter 0x{filter:X} is not supported: only LZMA2 (0x21)");
        }

        var dictionaryCode = header[offset++];
        if (dictionaryCode > 40)
        {
            throw new InvalidDataException($"LZMA2 dictionary code {dictionaryCode} is invalid");
        }

        var dictionary = dictionaryCode == 40 ? uint.MaxValue : (2u | (dictionaryCode & 1u)) << ((dictionaryCode / 2) + 11);
        if (dictionary > MaxDictionary)
        {
            throw new InvalidDataException($"LZMA2 dictionary of {dictionary} bytes exceeds the loader's {MaxDictionary} (XZ_MEMLIMIT_ERROR)");
        }

        for (; offset < headerSize - 4; offset++)
        {
            if (header[offset] != 0)
            {
                throw new InvalidDataException("xz block header padding is not zero");
            }
        }

        _blockHeaderSize = headerSize;
        _pos += headerSize;
        _blockCompressedStart = _pos;
        _blockUncompressed = 0;
        _blockCrc = new Crc32();
        _lzma = new LzmaChunkDecoder((int)Math.Max(dictionary, 4096));
        _needDictionaryReset = true;
        _stage = Stage.Lzma2Control;
    }

    private bool ReadChunkHeader()
    {
        if (Available < 1)
        {
            return false;
        }

        var control = _in[_pos];
        if (control == 0)
        {
            _pos++;
            _stage = Stage.BlockPadding;
            return true;
        }

        if (control is 1 or 2)
        {
            if (Available < 3)
            {
                return false;
            }

            if (control == 2 && _needDictionaryReset)
            {
                throw new InvalidDataException("LZMA2 stream does not start with a dictionary reset");
            }

            if (control == 1)
            {
                _lzma!.ResetDictionary();
                _needDictionaryReset = false;
            }

            _chunkUnpackedLeft = ((_in[_pos + 1] << 8) | _in[_pos + 2]) + 1;
            _chunkPacked = _chunkUnpackedLeft;
            _chunkIsLzma = false;
            _pos += 3;
            _chunkStart = _pos;
            _stage = Stage.Lzma2Data;
            return true;
        }

        if (control < 0x80)
        {
            throw new InvalidDataException($"LZMA2 control byte 0x{control:X2} is invalid");
        }

        var reset = (control >> 5) & 3;
        var headerLength = reset >= 2 ? 6 : 5;
        if (Available < headerLength)
        {
            return false;
        }

        if (_needDictionaryReset && reset != 3)
        {
            throw new InvalidDataException("LZMA2 stream does not start with a dictionary reset");
        }

        if (reset == 3)
        {
            _lzma!.ResetDictionary();
            _needDictionaryReset = false;
        }

        if (reset >= 2)
        {
            if (!_lzma!.SetProperties(_in[_pos + 5]))
            {
                throw new InvalidDataException($"LZMA2 properties byte 0x{_in[_pos + 5]:X2} is invalid");
            }
        }
        else if (!_lzma!.HasProperties)
        {
            throw new InvalidDataException("LZMA2 chunk without properties before any were set");
        }

        if (reset >= 1)
        {
            _lzma.ResetState();
        }

        _chunkUnpackedLeft = ((control & 0x1F) << 16) + (_in[_pos + 1] << 8) + _in[_pos + 2] + 1;
        _chunkPacked = (_in[_pos + 3] << 8) + _in[_pos + 4] + 1;
        _chunkIsLzma = true;
        _pos += headerLength;
        _chunkStart = _pos;
        _chunk = new byte[_chunkPacked];
        _lzma.BeginChunk(_chunk);
        _stage = Stage.Lzma2Data;
        return true;
    }

    /// <summary>Decodes what the buffered bytes of the current chunk allow; true when the chunk is done.</summary>
    private bool DecodeChunk(List<byte> output)
    {
        var received = Math.Min(_in.Count - _chunkStart, _chunkPacked);
        var before = output.Count;
        if (!_chunkIsLzma)
        {
            var consumed = _pos - _chunkStart;
            var take = received - consumed;
            if (take > 0)
            {
                _lzma!.PutUncompressed(Slice(_pos, take), output);
                _pos += take;
                _chunkUnpackedLeft -= take;
            }
        }
        else
        {
            for (var i = _pos - _chunkStart; i < received; i++)
            {
                _chunk[i] = _in[_chunkStart + i];
            }

            _pos = _chunkStart + received;
            var produced = _lzma!.Decode(received, received == _chunkPacked, _chunkUnpackedLeft, output);
            _chunkUnpackedLeft -= produced;
            if (received == _chunkPacked && _chunkUnpackedLeft > 0)
            {
                throw new InvalidDataException("LZMA chunk ended before its uncompressed size");
            }
        }

        var newBytes = output.Count - before;
        if (newBytes > 0)
        {
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output).Slice(before, newBytes);
            _blockCrc.Append(span);
            _blockUncompressed += newBytes;
        }

        if (_chunkUnpackedLeft == 0 && received == _chunkPacked)
        {
            _stage = Stage.Lzma2Control;
            return true;
        }

        return false;
    }

    private bool ReadIndex()
    {
        // Needs the whole index: indicator, count, records, padding, CRC32.
        var offset = _pos + 1;
        var available = _in.Count;
        if (!TryVarint(ref offset, available, out var count))
        {
            return false;
        }

        if (count != _records.Count)
        {
            throw new InvalidDataException($"xz index lists {count} blocks, the stream had {_records.Count}");
        }

        for (var i = 0; i < _records.Count; i++)
        {
            if (!TryVarint(ref offset, available, out var unpadded) || !TryVarint(ref offset, available, out var uncompressed))
            {
                return false;
            }

            if (unpadded != _records[i].Unpadded || uncompressed != _records[i].Uncompressed)
            {
                throw new InvalidDataException($"xz index record {i} does not match block {i}");
            }
        }

        var padding = (int)((4 - ((offset - _indexStart) % 4)) % 4);
        if (available < offset + padding + 4)
        {
            return false;
        }

        offset += padding;
        if (Crc32.HashToUInt32(Slice((int)_indexStart, offset - (int)_indexStart)) != U32(offset))
        {
            throw new InvalidDataException("xz index CRC32 does not match");
        }

        _pos = offset + 4;
        _stage = Stage.Footer;
        return true;
    }

    private bool TryVarint(ref int offset, int available, out long value)
    {
        value = 0;
        for (var i = 0; i < 9; i++)
        {
            if (offset >= available)
            {
                return false;
            }

            var b = _in[offset++];
            value |= (long)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        throw new InvalidDataException("xz variable-length integer is too long");
    }

    private static long ReadVarint(ReadOnlySpan<byte> bytes, ref int offset)
    {
        long value = 0;
        for (var i = 0; i < 9 && offset < bytes.Length; i++)
        {
            var b = bytes[offset++];
            value |= (long)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("xz block header integer is malformed");
    }

    private ReadOnlySpan<byte> Slice(int start, int length) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_in).Slice(start, length);

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(offset, 4));

    private XzFeedResult Fail(string reason, XzFeedResult result = XzFeedResult.DataError)
    {
        Error = reason;
        _stage = Stage.Failed;
        return result;
    }
}
