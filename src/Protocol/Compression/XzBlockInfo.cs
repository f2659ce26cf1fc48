using System.Buffers.Binary;
using System.IO.Hashing;

namespace Fixture.Protocol.Compression;

/// <summary>What one block of an .xz stream declares: its filter chain and sizes.</summary>
/// <param name="FilterIds">Filter ids in chain order (LZMA2 is 0x21 and must be last).</param>
/// <param name="Lzma2DictionarySize">Dictionary size from the LZMA2 filter's property byte, null when the block has no LZMA2 filter.</param>
/// <param name="HeaderSize">Bytes of the block header, CRC32 included.</param>
/// <param name="UnpaddedSize">Block header + compressed data + check, from the index.</param>
/// <param name="UncompressedSize">Uncompressed bytes, from the index.</param>
public sealed record XzBlockInfo(
    IReadOnlyList<ulong> FilterIds,
    uint? Lzma2DictionarySize,
    int HeaderSize,
    ulong UnpaddedSize,
    ulong UncompressedSize)
{
    /// <summary>True when LZMA2 is the only filter (no BCJ, no delta), as the loader needs.</summary>
    public bool IsLzma2Only => FilterIds is [XzFormat.Lzma2FilterId];

    /// <summary>Parses the block header at the start of <paramref name="bytes"/>; <paramref name="index"/> is 1-based, for messages.</summary>
    internal static XzBlockInfo Parse(ReadOnlySpan<byte> bytes, int index, ulong unpaddedSize, ulong uncompressedSize)
    {
        var where = $"block {index}";
        if (bytes.IsEmpty || bytes[0] == 0x00)
        {
            throw Fail("block header size", $"{where}: no block header where the index says a block starts; the stream is corrupt, rebuild it");
        }

        var headerSize = (bytes[0] + 1) * 4;
        if (headerSize > bytes.Length)
        {
            throw Fail("block header size", $"{where}: the header claims {headerSize} bytes but the block area has only {bytes.Length}; the stream is truncated or corrupt");
        }

        var header = bytes[..headerSize];
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[^4..]);
        var actualCrc = Crc32.HashToUInt32(header[..^4]);
        if (storedCrc != actualCrc)
        {
            throw Fail("block header CRC32", $"{where}: header CRC32 is 0x{storedCrc:X8} but the header hashes to 0x{actualCrc:X8}; the stream is corrupt, rebuild it");
        }

        var flags = header[1];
        if ((flags & 0x3C) != 0)
        {
            throw Fail("block flags", $"{where}: reserved block flag bits are set (flags 0x{flags:X2}); this is not a stream any xz decoder accepts");
        }

        var body = header[..^4];
        var offset = 2;
        if ((flags & 0x40) != 0 && XzFormat.ReadVli(body, ref offset) is null)
        {
            throw Fail("block compressed size", $"{where}: the compressed size field in the block header is malformed");
        }

        if ((flags & 0x80) != 0)
        {
            var declared = XzFormat.ReadVli(body, ref offset)
                ?? throw Fail("block uncompressed size", $"{where}: the uncompressed size field in the block header is malformed");
            if (declared != uncompressedSize)
            {
                throw Fail("block uncompressed size", $"{where}: the block header says {declared} uncompressed bytes, the index says {uncompressedSize}; the stream is corrupt");
            }
        }

        var filterIds = new List<ulong>();
        uint? dictionarySize = null;
        for (var f = 0; f < (flags & 0x03) + 1; f++)
        {
            var id = XzFormat.ReadVli(body, ref offset);
            var propertiesSize = XzFormat.ReadVli(body, ref offset);
            if (id is null || propertiesSize is null || propertiesSize > (ulong)(body.Length - offset))
            {
                throw Fail("filter flags", $"{where}: filter {f + 1} of the block header is malformed");
            }

            if (id == XzFormat.Lzma2FilterId)
            {
                dictionarySize = propertiesSize == 1 ? XzFormat.DecodeLzma2DictionarySize(body[offset]) : null;
                if (dictionarySize is null)
                {
                    throw Fail("LZMA2 properties", $"{where}: the LZMA2 filter's properties are not one valid dictionary-size byte");
                }
            }

            filterIds.Add(id.Value);
            offset += (int)propertiesSize.Value;
        }

        if (body[offset..].ContainsAnyExcept((byte)0x00))
        {
            throw Fail("block header padding", $"{where}: the block header padding is not all zero; the stream is corrupt");
        }

        return new XzBlockInfo(filterIds, dictionarySize, headerSize, unpaddedSize, uncompressedSize);
    }

    private static XzFormatException Fail(string field, string message) => new(field, message);
}
