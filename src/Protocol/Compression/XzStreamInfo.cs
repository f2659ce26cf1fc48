using System.Buffers.Binary;
using System.IO.Hashing;

namespace Fixture.Protocol.Compression;

/// <summary>
/// What an .xz stream declares, read from its container without decoding the data: stream
/// flags and check, each block's filters and LZMA2 dictionary, sizes from the index. The
/// simulated loader uses it to refuse what the BL602's decoder refuses (not .xz, a dictionary
/// over 32 KiB, a check other than CRC32 or none, filters other than LZMA2) before decoding.
/// </summary>
/// <param name="StreamFlags">The two stream-flag bytes as a big-endian number (0x0001 = CRC32).</param>
/// <param name="Check">The integrity check the flags name.</param>
/// <param name="Blocks">Blocks in stream order.</param>
/// <param name="UncompressedSize">Sum of the index's uncompressed sizes.</param>
public sealed record XzStreamInfo(
    ushort StreamFlags,
    XzCheckType Check,
    IReadOnlyList<XzBlockInfo> Blocks,
    ulong UncompressedSize)
{
    /// <summary>The largest LZMA2 dictionary any block asks for (what the decoder must hold), null without LZMA2 blocks.</summary>
    public uint? DictionarySize => Blocks.Max(b => b.Lzma2DictionarySize);

    /// <summary>True when every block's only filter is LZMA2.</summary>
    public bool IsLzma2Only => Blocks.All(b => b.IsLzma2Only);

    /// <summary>
    /// Reads exactly one .xz stream filling <paramref name="stream"/> (no stream padding, nothing
    /// after it). Throws <see cref="XzFormatException"/> naming the field that is wrong.
    /// </summary>
    public static XzStreamInfo Parse(ReadOnlySpan<byte> stream)
    {
        const int minimum = XzFormat.StreamHeaderSize + XzFormat.StreamFooterSize;
        if (stream.Length < minimum)
        {
            throw Fail("stream size", $"{stream.Length} bytes is too short for an .xz stream (header and footer alone take {minimum}); it is not .xz or is truncated");
        }

        if (!stream.StartsWith(XzFormat.HeaderMagic))
        {
            throw Fail("stream header magic", $"not an .xz stream: it starts with {Convert.ToHexString(stream[..6])}, not FD377A585A00; the loader's decompress-write takes only .xz (not .lzma, .gz or raw data)");
        }

        var flags = stream.Slice(6, 2);
        if (flags[0] != 0 || (flags[1] & 0xF0) != 0)
        {
            throw Fail("stream flags", $"stream flags {Convert.ToHexString(flags)} use reserved bits; this is not an .xz stream any decoder accepts");
        }

        CheckCrc(stream.Slice(6, 2), stream.Slice(8, 4), "stream header CRC32");

        var footer = stream[^XzFormat.StreamFooterSize..];
        if (!footer[^2..].SequenceEqual(XzFormat.FooterMagic))
        {
            throw Fail("stream footer magic", "the stream does not end with the .xz footer \"YZ\": it is truncated, padded or followed by other data; give exactly one complete stream");
        }

        CheckCrc(footer.Slice(4, 6), footer[..4], "stream footer CRC32");
        if (!footer.Slice(8, 2).SequenceEqual(flags))
        {
            throw Fail("stream footer flags", $"footer flags {Convert.ToHexString(footer.Slice(8, 2))} differ from header flags {Convert.ToHexString(flags)}; the stream is corrupt or two streams were joined");
        }

        var indexSize = ((long)BinaryPrimitives.ReadUInt32LittleEndian(footer.Slice(4, 4)) + 1) * 4;
        var indexStart = stream.Length - XzFormat.StreamFooterSize - indexSize;
        if (indexStart < XzFormat.StreamHeaderSize)
        {
            throw Fail("backward size", $"the footer's index size ({indexSize} bytes) does not fit in a {stream.Length}-byte stream; the stream is corrupt");
        }

        var check = (XzCheckType)(flags[1] & 0x0F);
        var records = ParseIndex(stream.Slice((int)indexStart, (int)indexSize));
        var blocks = new List<XzBlockInfo>(records.Count);
        var blockArea = stream[XzFormat.StreamHeaderSize..(int)indexStart];
        long offset = 0;
        ulong uncompressed = 0;
        foreach (var (unpadded, size) in records)
        {
            var padded = (long)((unpadded + 3) & ~3UL);
            if (unpadded > (ulong)blockArea.Length || offset + padded > blockArea.Length)
            {
                throw Fail("index", $"index record {blocks.Count + 1} says {unpadded} bytes but only {blockArea.Length - offset} remain before the index; the stream is corrupt");
            }

            var block = XzBlockInfo.Parse(blockArea.Slice((int)offset, (int)padded), blocks.Count + 1, unpadded, size);
            if (unpadded <= (ulong)(block.HeaderSize + CheckSize(check)))
            {
                throw Fail("index", $"index record {blocks.Count + 1} says {unpadded} bytes, too few for its header, data and check; the stream is corrupt");
            }

            blocks.Add(block);
            offset += padded;
            uncompressed += size;
        }

        if (offset != blockArea.Length)
        {
            throw Fail("index", $"the index accounts for {offset} bytes of blocks but the stream has {blockArea.Length}; the stream is corrupt or more than one stream was joined");
        }

        return new XzStreamInfo((ushort)((flags[0] << 8) | flags[1]), check, blocks, uncompressed);
    }

    // Index: 0x00, record count, (unpadded size, uncompressed size) per record, zero padding to
    // a multiple of 4, CRC32 of everything before it.
    private static List<(ulong Unpadded, ulong Uncompressed)> ParseIndex(ReadOnlySpan<byte> index)
    {
        CheckCrc(index[..^4], index[^4..], "index CRC32");
        var body = index[..^4];
        if (body.IsEmpty || body[0] != 0x00)
        {
            throw Fail("index indicator", "the index does not start with its 0x00 indicator; the stream is corrupt");
        }

        var offset = 1;
        var count = XzFormat.ReadVli(body, ref offset);
        if (count is null || count > (ulong)body.Length)
        {
            throw Fail("index", "the index's record count is malformed; the stream is corrupt");
        }

        var records = new List<(ulong, ulong)>((int)count.Value);
        for (var i = 0UL; i < count.Value; i++)
        {
            var unpadded = XzFormat.ReadVli(body, ref offset);
            var uncompressed = XzFormat.ReadVli(body, ref offset);
            if (unpadded is null || uncompressed is null || unpadded == 0)
            {
                throw Fail("index", $"index record {i + 1} is malformed; the stream is corrupt");
            }

            records.Add((unpadded.Value, uncompressed.Value));
        }

        if (body.Length - offset > 3 || body[offset..].ContainsAnyExcept((byte)0x00))
        {
            throw Fail("index padding", "the index has bytes after its records that are not zero padding; the stream is corrupt");
        }

        return records;
    }

    // Check field sizes by check id, from the .xz format: 0, then 4/8/16/32/64 bytes per group of three ids.
    private static int CheckSize(XzCheckType check) => (int)check switch
    {
        0 => 0,
        <= 3 => 4,
        <= 6 => 8,
        <= 9 => 16,
        <= 12 => 32,
        _ => 64,
    };

    private static void CheckCrc(ReadOnlySpan<byte> covered, ReadOnlySpan<byte> stored, string field)
    {
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(stored);
        var actual = Crc32.HashToUInt32(covered);
        if (expected != actual)
        {
            throw Fail(field, $"{field} is 0x{expected:X8} but the bytes hash to 0x{actual:X8}; the stream is corrupt, rebuild it");
        }
    }

    private static XzFormatException Fail(string field, string message) => new(field, message);
}
