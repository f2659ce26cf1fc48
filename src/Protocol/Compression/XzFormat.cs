namespace Fixture.Protocol.Compression;

/// <summary>
/// The fixed parts of the .xz container (xz file format 1.x) that the encoder writes and
/// <see cref="XzStreamInfo"/> reads back: magic bytes, field sizes, the LZMA2 dictionary byte and
/// the variable-length integers of block headers and the index.
/// </summary>
internal static class XzFormat
{
    public static ReadOnlySpan<byte> HeaderMagic => [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00];

    public static ReadOnlySpan<byte> FooterMagic => [0x59, 0x5A]; // "YZ"

    public const int StreamHeaderSize = 12;
    public const int StreamFooterSize = 12;
    public const int Crc32Size = 4;

    /// <summary>Filter id of LZMA2 in a block header's filter flags.</summary>
    public const ulong Lzma2FilterId = 0x21;

    /// <summary>Largest value a .xz variable-length integer may hold (2^63 − 1).</summary>
    public const ulong MaxVli = long.MaxValue;

    /// <summary>
    /// LZMA2's one property byte: the dictionary size is (2 | (b &amp; 1)) &lt;&lt; (b / 2 + 11),
    /// 40 means 4 GiB − 1, above 40 is invalid. Returns null for an invalid byte.
    /// </summary>
    public static uint? DecodeLzma2DictionarySize(byte property) => property switch
    {
        > 40 => null,
        40 => uint.MaxValue,
        _ => (2u | (property & 1u)) << ((property / 2) + 11),
    };

    /// <summary>The smallest property byte whose dictionary is at least <paramref name="dictionarySize"/>.</summary>
    public static byte EncodeLzma2DictionarySize(uint dictionarySize)
    {
        for (byte b = 0; b < 40; b++)
        {
            if (DecodeLzma2DictionarySize(b) >= dictionarySize)
            {
                return b;
            }
        }

        return 40;
    }

    /// <summary>Appends a .xz variable-length integer (7 bits a byte, least significant first).</summary>
    public static void WriteVli(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    /// <summary>
    /// Reads a variable-length integer at <paramref name="offset"/> and advances it; null when the
    /// bytes run out, the integer is longer than 9 bytes or has a redundant trailing zero byte
    /// (liblzma and xz-embedded refuse both).
    /// </summary>
    public static ulong? ReadVli(ReadOnlySpan<byte> bytes, ref int offset)
    {
        ulong value = 0;
        for (var i = 0; i < 9; i++)
        {
            if (offset >= bytes.Length)
            {
                return null;
            }

            var b = bytes[offset++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return i > 0 && b == 0 ? null : value;
            }
        }

        return null;
    }
}
