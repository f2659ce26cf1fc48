using Fixture.Protocol.Compression;
using SharpCompress.Compressors.Xz;

namespace Fixture.Protocol.Tests.Compression;

/// <summary>The LZMA2 chunk structure inside the encoder's block, read back header by header.</summary>
public class XzEncoderChunkTests
{
    private const int MaxCompressed = 64 * 1024;
    private const int MaxUncompressedInCompressedChunk = 2 * 1024 * 1024;
    private const int MaxUncompressedChunk = 64 * 1024;

    [Theory]
    [MemberData(nameof(XzSamples.All), MemberType = typeof(XzSamples))]
    public void Chunks_respect_the_LZMA2_limits_and_cover_the_input_exactly(string sample)
    {
        var chunks = Lzma2ChunkReader.Read(XzSamples.Encoded(sample));

        Assert.All(chunks.Where(c => c.IsCompressed), c =>
        {
            Assert.InRange(c.CompressedSize!.Value, 1, MaxCompressed);
            Assert.InRange(c.UncompressedSize, 1, MaxUncompressedInCompressedChunk);
        });
        Assert.All(chunks.Where(c => !c.IsCompressed), c => Assert.InRange(c.UncompressedSize, 1, MaxUncompressedChunk));
        Assert.Equal(XzSamples.Input(sample).Length, chunks.Sum(c => c.UncompressedSize));
    }

    [Theory]
    [MemberData(nameof(XzSamples.All), MemberType = typeof(XzSamples))]
    public void Only_the_first_chunk_resets_the_dictionary_and_properties_are_lc3_lp0_pb2(string sample)
    {
        var chunks = Lzma2ChunkReader.Read(XzSamples.Encoded(sample));
        if (chunks.Count == 0)
        {
            return; // empty input: the block holds only the end marker
        }

        Assert.True(chunks[0].ResetsDictionary, $"first chunk control 0x{chunks[0].Control:X2} does not reset the dictionary");
        Assert.All(chunks.Skip(1), c => Assert.False(c.ResetsDictionary, $"control 0x{c.Control:X2} resets the dictionary mid-stream"));
        var firstCompressed = chunks.FirstOrDefault(c => c.IsCompressed);
        if (firstCompressed is not null)
        {
            Assert.Equal((byte)0x5D, firstCompressed.Properties);
        }
    }

    [Fact]
    public void Later_compressed_chunks_reset_state_but_keep_the_dictionary()
    {
        var chunks = Lzma2ChunkReader.Read(XzSamples.Encoded("firmware-like 762 KiB"));

        Assert.True(chunks.Count > 4, $"expected several chunks, got {chunks.Count}");
        Assert.Equal(0xE0, chunks[0].Control & 0xE0);
        Assert.All(chunks.Skip(1).Where(c => c.IsCompressed), c => Assert.Equal(0xA0, c.Control & 0xE0));
    }

    [Fact]
    public void Dense_data_is_cut_into_chunks_that_nearly_fill_64_KiB_compressed()
    {
        var chunks = Lzma2ChunkReader.Read(XzSamples.Encoded("runtime library 2.5 MiB"));

        Assert.True(chunks.Count >= 15, $"expected 2.5 MiB of machine code to need many chunks, got {chunks.Count}");
        Assert.All(chunks.SkipLast(1), c =>
        {
            Assert.True(c.IsCompressed);
            Assert.InRange(c.CompressedSize!.Value, 48 * 1024, MaxCompressed);
        });
    }

    [Fact]
    public void Long_runs_are_cut_at_2_MiB_uncompressed()
    {
        var chunks = Lzma2ChunkReader.Read(XzSamples.Encoded("zeros and runs 5 MiB"));

        Assert.All(chunks, c => Assert.True(c.IsCompressed));
        Assert.Equal([MaxUncompressedInCompressedChunk, MaxUncompressedInCompressedChunk, 1024 * 1024], chunks.Select(c => c.UncompressedSize));
    }

    [Fact]
    public void Incompressible_data_goes_out_as_uncompressed_chunks()
    {
        var input = XzSamples.Input("random 300 KiB");
        var encoded = XzSamples.Encoded("random 300 KiB");
        var chunks = Lzma2ChunkReader.Read(encoded);

        Assert.Equal((byte)0x01, chunks[0].Control);
        Assert.All(chunks.Skip(1), c => Assert.Equal((byte)0x02, c.Control));
        // Container (12 + 12 + 4 + index + 12) and 3 bytes per 64 KiB chunk: no LZMA expansion.
        Assert.InRange(encoded.Length, input.Length, input.Length + 64 + (3 * chunks.Count));
    }

    [Fact]
    public void Compressed_chunk_after_an_uncompressed_first_chunk_sets_the_properties()
    {
        var chunks = Lzma2ChunkReader.Read(XzSamples.Encoded("random then firmware-like"));

        Assert.Equal((byte)0x01, chunks[0].Control);
        var firstCompressed = chunks.First(c => c.IsCompressed);
        Assert.Equal(0xC0, firstCompressed.Control & 0xE0);
        Assert.Equal((byte)0x5D, firstCompressed.Properties);
    }

    [Fact]
    public void Tiny_inputs_are_single_uncompressed_chunks_and_empty_input_only_the_end_marker()
    {
        Assert.Empty(Lzma2ChunkReader.Read(XzSamples.Encoded("empty")));
        var one = Assert.Single(Lzma2ChunkReader.Read(XzSamples.Encoded("one byte")));
        Assert.Equal(new Lzma2ChunkHeader(0x01, 1, null, null), one);
        var page = Assert.Single(Lzma2ChunkReader.Read(XzSamples.Encoded("exactly 4096 bytes")));
        Assert.Equal(4096, page.UncompressedSize);
    }

    [Fact]
    public void A_chunk_that_codes_past_64_KiB_is_coded_again_shorter_and_stays_valid()
    {
        // Feeding until the output reaches the full 64 KiB always overshoots (the encoder's
        // held-back look-ahead comes out at the flush), so every chunk but the last is re-coded.
        var input = XzSamples.Input("runtime library 762 KiB");
        var encoded = XzEncoder.Encode(input, compressedTarget: 64 * 1024);

        var chunks = Lzma2ChunkReader.Read(encoded);
        Assert.All(chunks, c => Assert.InRange(c.CompressedSize!.Value, 1, MaxCompressed));
        using var xz = new XZStream(new MemoryStream(encoded));
        using var decoded = new MemoryStream();
        xz.CopyTo(decoded);
        Assert.True(input.AsSpan().SequenceEqual(decoded.ToArray()), "the re-coded stream does not decode to the input");
    }
}
