using System.Buffers.Binary;
using System.IO.Hashing;

namespace Fixture.Protocol.Compression;

/// <summary>
/// Compresses an image into the .xz stream that the BL602 loader's decompress-write (0x3F)
/// expects (protocol reference §6.4): one stream with a CRC32 check, one block whose only filter
/// is LZMA2 with a 32 KiB dictionary (the loader's xz-embedded decoder is set up with
/// dict_max = 32 KiB), no BCJ or delta filters. The output is a complete, terminated stream,
/// and the same input always gives the same bytes.
/// </summary>
/// <remarks>
/// Compression is done once per recipe, not per unit. See <see cref="Lzma2Encoder"/> for how
/// the LZMA2 chunks are made and why.
/// </remarks>
public static class XzEncoder
{
    /// <summary>The LZMA2 dictionary size the loader accepts at most, and the one written.</summary>
    public const int DictionarySize = 32 * 1024;

    // Stream flags: first byte reserved (0), second byte = check type.
    private static ReadOnlySpan<byte> StreamFlags => [0x00, (byte)XzCheckType.Crc32];

    /// <summary>Returns <paramref name="data"/> as a complete .xz stream.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> data) => Encode(data, Lzma2Encoder.CompressedTarget);

    /// <summary>As <see cref="Encode(ReadOnlySpan{byte})"/>, stopping each LZMA2 chunk at another output size (for tests).</summary>
    internal static byte[] Encode(ReadOnlySpan<byte> data, int compressedTarget)
    {
        var input = data.ToArray();
        using var output = new MemoryStream((input.Length / 2) + 256);

        WriteStreamHeader(output);
        var blockStart = output.Position;
        WriteBlockHeader(output);
        Lzma2Encoder.Encode(input, DictionarySize, output, compressedTarget);
        var unpaddedSize = output.Position - blockStart + XzFormat.Crc32Size;
        WritePadding(output, output.Position - blockStart);
        WriteUInt32(output, Crc32.HashToUInt32(input));

        var indexSize = WriteIndex(output, (ulong)unpaddedSize, (ulong)input.LongLength);
        WriteStreamFooter(output, indexSize);
        return output.ToArray();
    }

    private static void WriteStreamHeader(Stream output)
    {
        output.Write(XzFormat.HeaderMagic);
        output.Write(StreamFlags);
        WriteUInt32(output, Crc32.HashToUInt32(StreamFlags));
    }

    // Block header: size byte ((size / 4) − 1), block flags (one filter, no optional sizes),
    // filter flags (id 0x21, one property byte = dictionary size), zero padding to a multiple
    // of 4, CRC32 of all of it. 12 bytes, the same as liblzma writes.
    private static void WriteBlockHeader(Stream output)
    {
        Span<byte> header = stackalloc byte[12];
        header.Clear();
        header[0] = (byte)((header.Length / 4) - 1);
        header[1] = 0x00;
        header[2] = (byte)XzFormat.Lzma2FilterId;
        header[3] = 0x01;
        header[4] = XzFormat.EncodeLzma2DictionarySize(DictionarySize);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32.HashToUInt32(header[..8]));
        output.Write(header);
    }

    // Index: indicator 0x00, record count, one record (unpadded size, uncompressed size),
    // zero padding to a multiple of 4, CRC32. Returns its size including the CRC.
    private static long WriteIndex(Stream output, ulong unpaddedSize, ulong uncompressedSize)
    {
        using var index = new MemoryStream();
        index.WriteByte(0x00);
        XzFormat.WriteVli(index, 1);
        XzFormat.WriteVli(index, unpaddedSize);
        XzFormat.WriteVli(index, uncompressedSize);
        WritePadding(index, index.Length);
        var body = index.GetBuffer().AsSpan(0, (int)index.Length);
        output.Write(body);
        WriteUInt32(output, Crc32.HashToUInt32(body));
        return body.Length + XzFormat.Crc32Size;
    }

    // Footer: CRC32 of (backward size, flags), backward size = index size / 4 − 1, the stream
    // flags again, "YZ".
    private static void WriteStreamFooter(Stream output, long indexSize)
    {
        Span<byte> sizeAndFlags = stackalloc byte[6];
        BinaryPrimitives.WriteUInt32LittleEndian(sizeAndFlags, (uint)((indexSize / 4) - 1));
        StreamFlags.CopyTo(sizeAndFlags[4..]);
        WriteUInt32(output, Crc32.HashToUInt32(sizeAndFlags));
        output.Write(sizeAndFlags);
        output.Write(XzFormat.FooterMagic);
    }

    private static void WritePadding(Stream output, long writtenSinceAligned)
    {
        for (var i = writtenSinceAligned; i % 4 != 0; i++)
        {
            output.WriteByte(0x00);
        }
    }

    private static void WriteUInt32(Stream output, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        output.Write(bytes);
    }
}
