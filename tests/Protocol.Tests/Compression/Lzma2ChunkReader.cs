using Fixture.Protocol.Compression;

namespace Fixture.Protocol.Tests.Compression;

/// <summary>One LZMA2 chunk header as found in a stream.</summary>
/// <param name="Control">The control byte (0x01/0x02 uncompressed, 0x80–0xFF LZMA).</param>
/// <param name="UncompressedSize">Bytes the chunk decodes to.</param>
/// <param name="CompressedSize">Payload bytes of an LZMA chunk; null for an uncompressed chunk.</param>
/// <param name="Properties">The lc/lp/pb byte when the chunk carries one.</param>
internal sealed record Lzma2ChunkHeader(byte Control, int UncompressedSize, int? CompressedSize, byte? Properties)
{
    public bool IsCompressed => Control >= 0x80;

    public bool ResetsDictionary => Control is 0x01 or >= 0xE0;
}

/// <summary>
/// Walks the LZMA2 chunk headers of the single block of an .xz stream, written independently of
/// the encoder from the LZMA2 format description, so the tests can check the chunk limits.
/// </summary>
internal static class Lzma2ChunkReader
{
    public static IReadOnlyList<Lzma2ChunkHeader> Read(byte[] xz)
    {
        var block = Assert.Single(XzStreamInfo.Parse(xz).Blocks);
        var offset = 12 + block.HeaderSize;
        var end = 12 + (int)block.UnpaddedSize - 4;
        var chunks = new List<Lzma2ChunkHeader>();
        while (true)
        {
            var control = xz[offset];
            if (control == 0x00)
            {
                Assert.Equal(end, offset + 1); // the end marker is the last byte of the block's data
                return chunks;
            }

            Assert.True(control is 0x01 or 0x02 or >= 0x80, $"invalid LZMA2 control byte 0x{control:X2} at {offset}");
            if (control < 0x80)
            {
                var size = ((xz[offset + 1] << 8) | xz[offset + 2]) + 1;
                chunks.Add(new Lzma2ChunkHeader(control, size, null, null));
                offset += 3 + size;
            }
            else
            {
                var uncompressed = ((control & 0x1F) << 16) + (xz[offset + 1] << 8) + xz[offset + 2] + 1;
                var compressed = (xz[offset + 3] << 8) + xz[offset + 4] + 1;
                byte? properties = control >= 0xC0 ? xz[offset + 5] : null;
                chunks.Add(new Lzma2ChunkHeader(control, uncompressed, compressed, properties));
                offset += (control >= 0xC0 ? 6 : 5) + compressed;
            }
        }
    }
}
