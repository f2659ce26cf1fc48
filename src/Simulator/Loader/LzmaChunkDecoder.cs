namespace Fixture.Simulator.Loader;

/// <summary>
/// The LZMA decoder behind LZMA2, written push-style like xz-embedded's: it decodes whole symbols
/// only while enough input is buffered (or the chunk is complete), so compressed bytes can arrive
/// in any pieces and output comes out as soon as it is decodable. Dictionary, state and
/// probabilities persist across LZMA2 chunks unless a chunk resets them.
/// </summary>
internal sealed class LzmaChunkDecoder
{
    /// <summary>Most input one symbol can consume (xz-embedded's LZMA_IN_REQUIRED).</summary>
    public const int InputRequired = 21;

    private const int NumStates = 12;
    private const int PosStatesMax = 16;
    private const int EndPosModelIndex = 14;
    private const int NumFullDistances = 128;
    private const int MatchMinLength = 2;

    private readonly byte[] _dict;
    private int _dictPos;
    private long _full;
    private long _totalPos;

    private int _lc;
    private int _lp;
    private int _pb;
    private ushort[] _literal = [];
    private readonly ushort[] _isMatch = new ushort[NumStates * PosStatesMax];
    private readonly ushort[] _isRep = new ushort[NumStates];
    private readonly ushort[] _isRepG0 = new ushort[NumStates];
    private readonly ushort[] _isRepG1 = new ushort[NumStates];
    private readonly ushort[] _isRepG2 = new ushort[NumStates];
    private readonly ushort[] _isRep0Long = new ushort[NumStates * PosStatesMax];
    private readonly ushort[] _posSlot = new ushort[4 << 6];
    private readonly ushort[] _posDecoders = new ushort[1 + NumFullDistances - EndPosModelIndex];
    private readonly ushort[] _align = new ushort[1 << 4];
    private readonly LengthDecoder _length = new();
    private readonly LengthDecoder _repLength = new();
    private int _state;
    private uint _rep0;
    private uint _rep1;
    private uint _rep2;
    private uint _rep3;

    // Range decoder over the current chunk's buffered bytes.
    private byte[] _in = [];
    private int _inPos;
    private uint _range;
    private uint _code;

    public LzmaChunkDecoder(int dictionarySize)
    {
        _dict = new byte[dictionarySize];
    }

    public bool HasProperties { get; private set; }

    public void ResetDictionary()
    {
        _dictPos = 0;
        _full = 0;
        _totalPos = 0;
    }

    /// <summary>Sets lc/lp/pb from an LZMA2 properties byte; false when they are invalid (lc + lp > 4).</summary>
    public bool SetProperties(byte properties)
    {
        if (properties > (4 * 5 + 4) * 9 + 8)
        {
            return false;
        }

        var pb = properties / 45;
        var rest = properties % 45;
        var lp = rest / 9;
        var lc = rest % 9;
        if (lc + lp > 4 || pb > 4)
        {
            return false;
        }

        (_lc, _lp, _pb) = (lc, lp, pb);
        _literal = new ushort[0x300 << (lc + lp)];
        HasProperties = true;
        return true;
    }

    public void ResetState()
    {
        Array.Fill(_literal, (ushort)1024);
        Array.Fill(_isMatch, (ushort)1024);
        Array.Fill(_isRep, (ushort)1024);
        Array.Fill(_isRepG0, (ushort)1024);
        Array.Fill(_isRepG1, (ushort)1024);
        Array.Fill(_isRepG2, (ushort)1024);
        Array.Fill(_isRep0Long, (ushort)1024);
        Array.Fill(_posSlot, (ushort)1024);
        Array.Fill(_posDecoders, (ushort)1024);
        Array.Fill(_align, (ushort)1024);
        _length.Reset();
        _repLength.Reset();
        _state = 0;
        _rep0 = _rep1 = _rep2 = _rep3 = 0;
    }

    /// <summary>Starts a chunk whose compressed bytes will be appended to <paramref name="input"/> (the range coder reads its 5 init bytes first).</summary>
    public void BeginChunk(byte[] input)
    {
        _in = input;
        _inPos = 0;
        _range = 0;
        _code = 0;
    }

    /// <summary>Copies an uncompressed LZMA2 chunk's bytes into the dictionary and the output.</summary>
    public void PutUncompressed(ReadOnlySpan<byte> bytes, List<byte> output)
    {
        foreach (var b in bytes)
        {
            PutByte(b, output);
        }
    }

    /// <summary>
    /// Decodes symbols of the current chunk. <paramref name="available"/> compressed bytes are
    /// buffered, <paramref name="complete"/> says whether that is all of them. Returns the number of
    /// uncompressed bytes produced; throws <see cref="InvalidDataException"/> on corrupt data.
    /// </summary>
    public int Decode(int available, bool complete, int unpackedLeft, List<byte> output)
    {
        var produced = 0;
        if (_range == 0)
        {
            if (available < 5 && !complete)
            {
                return 0;
            }

            if (available < 5 || _in[0] != 0)
            {
                throw new InvalidDataException("LZMA range coder does not start with a zero byte");
            }

            _code = (uint)((_in[1] << 24) | (_in[2] << 16) | (_in[3] << 8) | _in[4]);
            _range = 0xFFFFFFFF;
            _inPos = 5;
        }

        _available = available;
        while (produced < unpackedLeft && (complete || available - _inPos >= InputRequired))
        {
            produced += DecodeSymbol(unpackedLeft - produced, output);
        }

        if (complete && produced == unpackedLeft && (_code != 0 || _inPos != available))
        {
            throw new InvalidDataException("LZMA chunk does not end where its header says");
        }

        return produced;
    }

    private int _available;

    private int DecodeSymbol(int limit, List<byte> output)
    {
        var posState = (int)(_totalPos & ((1 << _pb) - 1));
        if (Bit(ref _isMatch[(_state << 4) + posState]) == 0)
        {
            DecodeLiteral(output);
            return 1;
        }

        uint length;
        if (Bit(ref _isRep[_state]) != 0)
        {
            if (_full == 0)
            {
                throw new InvalidDataException("LZMA repeat match before any data");
            }

            if (Bit(ref _isRepG0[_state]) == 0)
            {
                if (Bit(ref _isRep0Long[(_state << 4) + posState]) == 0)
                {
                    _state = _state < 7 ? 9 : 11;
                    PutByte(GetByte(_rep0 + 1), output);
                    return 1;
                }
            }
            else
            {
                uint distance;
                if (Bit(ref _isRepG1[_state]) == 0)
                {
                    distance = _rep1;
                }
                else
                {
                    if (Bit(ref _isRepG2[_state]) == 0)
                    {
                        distance = _rep2;
                    }
                    else
                    {
                        distance = _rep3;
                        _rep3 = _rep2;
                    }

                    _rep2 = _rep1;
                }

                _rep1 = _rep0;
                _rep0 = distance;
            }

            length = _repLength.Decode(this, posState);
            _state = _state < 7 ? 8 : 11;
        }
        else
        {
            _rep3 = _rep2;
            _rep2 = _rep1;
            _rep1 = _rep0;
            length = _length.Decode(this, posState);
            _state = _state < 7 ? 7 : 10;
            _rep0 = DecodeDistance(length);
            if (_rep0 == 0xFFFFFFFF)
            {
                throw new InvalidDataException("LZMA end marker inside an LZMA2 chunk");
            }
        }

        var count = (int)length + MatchMinLength;
        if (_rep0 >= _full || _rep0 >= _dict.Length)
        {
            throw new InvalidDataException($"LZMA match distance {_rep0 + 1} reaches before the dictionary start");
        }

        if (count > limit)
        {
            throw new InvalidDataException("LZMA match runs past the chunk's uncompressed size");
        }

        for (var i = 0; i < count; i++)
        {
            PutByte(GetByte(_rep0 + 1), output);
        }

        return count;
    }

    private void DecodeLiteral(List<byte> output)
    {
        var previous = _full > 0 ? GetByte(1) : (byte)0;
        var litState = (int)(((_totalPos & ((1 << _lp) - 1)) << _lc) + (uint)(previous >> (8 - _lc)));
        var offset = 0x300 * litState;
        var symbol = 1;
        if (_state >= 7)
        {
            int matchByte = GetByte(_rep0 + 1);
            do
            {
                var matchBit = (matchByte >> 7) & 1;
                matchByte <<= 1;
                var bit = Bit(ref _literal[offset + ((1 + matchBit) << 8) + symbol]);
                symbol = (symbol << 1) | bit;
                if (matchBit != bit)
                {
                    break;
                }
            }
            while (symbol < 0x100);
        }

        while (symbol < 0x100)
        {
            symbol = (symbol << 1) | Bit(ref _literal[offset + symbol]);
        }

        PutByte((byte)(symbol - 0x100), output);
        _state = _state < 4 ? 0 : _state < 10 ? _state - 3 : _state - 6;
    }

    private uint DecodeDistance(uint length)
    {
        var lenState = (int)Math.Min(length, 3);
        var posSlot = BitTree(_posSlot, lenState << 6, 6);
        if (posSlot < 4)
        {
            return (uint)posSlot;
        }

        var directBits = (posSlot >> 1) - 1;
        var distance = (uint)((2 | (posSlot & 1)) << directBits);
        if (posSlot < EndPosModelIndex)
        {
            distance += ReverseBitTree(_posDecoders, (int)distance - posSlot, directBits);
        }
        else
        {
            distance += DirectBits(directBits - 4) << 4;
            distance += ReverseBitTree(_align, 0, 4);
        }

        return distance;
    }

    private byte GetByte(uint distance)
    {
        var index = _dictPos - (int)distance;
        if (index < 0)
        {
            index += _dict.Length;
        }

        return _dict[index];
    }

    private void PutByte(byte b, List<byte> output)
    {
        _dict[_dictPos] = b;
        if (++_dictPos == _dict.Length)
        {
            _dictPos = 0;
        }

        _full = Math.Min(_full + 1, _dict.Length);
        _totalPos++;
        output.Add(b);
    }

    internal int Bit(ref ushort probability)
    {
        var bound = (_range >> 11) * probability;
        int bit;
        if (_code < bound)
        {
            probability += (ushort)((2048 - probability) >> 5);
            _range = bound;
            bit = 0;
        }
        else
        {
            probability -= (ushort)(probability >> 5);
            _code -= bound;
            _range -= bound;
            bit = 1;
        }

        Normalize();
        return bit;
    }

    internal int BitTree(ushort[] probabilities, int offset, int bits)
    {
        var m = 1;
        for (var i = 0; i < bits; i++)
        {
            m = (m << 1) + Bit(ref probabilities[offset + m]);
        }

        return m - (1 << bits);
    }

    private uint ReverseBitTree(ushort[] probabilities, int offset, int bits)
    {
        var m = 1;
        uint symbol = 0;
        for (var i = 0; i < bits; i++)
        {
            var bit = Bit(ref probabilities[offset + m]);
            m = (m << 1) + bit;
            symbol |= (uint)bit << i;
        }

        return symbol;
    }

    private uint DirectBits(int bits)
    {
        uint result = 0;
        for (var i = 0; i < bits; i++)
        {
            _range >>= 1;
            _code -= _range;
            var t = 0u - (_code >> 31);
            _code += _range & t;
            if (_code == _range)
            {
                throw new InvalidDataException("LZMA direct bits are corrupt");
            }

            Normalize();
            result = (result << 1) + t + 1;
        }

        return result;
    }

    private void Normalize()
    {
        if (_range < (1u << 24))
        {
            if (_inPos >= _available)
            {
                throw new InvalidDataException("LZMA chunk needs more bytes than its header says");
            }

            _range <<= 8;
            _code = (_code << 8) | _in[_inPos++];
        }
    }

    private sealed class LengthDecoder
    {
        private readonly ushort[] _choice = new ushort[2];
        private readonly ushort[] _low = new ushort[PosStatesMax << 3];
        private readonly ushort[] _mid = new ushort[PosStatesMax << 3];
        private readonly ushort[] _high = new ushort[1 << 8];

        public void Reset()
        {
            Array.Fill(_choice, (ushort)1024);
            Array.Fill(_low, (ushort)1024);
            Array.Fill(_mid, (ushort)1024);
            Array.Fill(_high, (ushort)1024);
        }

        public uint Decode(LzmaChunkDecoder rc, int posState)
        {
            if (rc.Bit(ref _choice[0]) == 0)
            {
                return (uint)rc.BitTree(_low, posState << 3, 3);
            }

            if (rc.Bit(ref _choice[1]) == 0)
            {
                return 8 + (uint)rc.BitTree(_mid, posState << 3, 3);
            }

            return 16 + (uint)rc.BitTree(_high, 0, 8);
        }
    }
}
