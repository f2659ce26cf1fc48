using Fixture.Protocol.Compression;
using SharpCompress.Compressors.Xz;

namespace Fixture.Protocol.Tests.Compression;

public class XzEncoderTests
{
    [SkippableTheory]
    [MemberData(nameof(XzSamples.All), MemberType = typeof(XzSamples))]
    public void Output_passes_xz_test_and_decompresses_to_the_input(string sample)
    {
        XzCommand.SkipUnlessInstalled();
        var encoded = XzSamples.Encoded(sample);

        var test = XzCommand.Run(encoded, "-t");
        Assert.True(test.ExitCode == 0, $"xz -t rejected the stream: {test.Error}");
        var decoded = XzCommand.Run(encoded, "-dc");
        Assert.True(decoded.ExitCode == 0, $"xz -dc rejected the stream: {decoded.Error}");
        Assert.True(XzSamples.Input(sample).AsSpan().SequenceEqual(decoded.Output), "xz -dc gave other bytes than the input");
    }

    [Theory]
    [MemberData(nameof(XzSamples.All), MemberType = typeof(XzSamples))]
    public void Output_decodes_with_SharpCompress_XZStream_to_the_input(string sample)
    {
        using var xz = new XZStream(new MemoryStream(XzSamples.Encoded(sample)));
        using var decoded = new MemoryStream();
        xz.CopyTo(decoded);

        Assert.True(XzSamples.Input(sample).AsSpan().SequenceEqual(decoded.ToArray()), "XZStream gave other bytes than the input");
    }

    [SkippableTheory]
    [InlineData("firmware-like 762 KiB")]
    [InlineData("random then firmware-like")]
    [InlineData("empty")]
    public void Xz_list_reports_one_block_with_a_single_lzma2_filter_32KiB_dictionary_and_crc32(string sample)
    {
        XzCommand.SkipUnlessInstalled();
        var lines = XzCommand.RobotList(XzSamples.Encoded(sample));

        var stream = Assert.Single(lines, l => l[0] == "stream");
        Assert.Equal("1", stream[2]); // blocks in the stream
        Assert.Equal("CRC32", stream[8]);
        var block = Assert.Single(lines, l => l[0] == "block");
        Assert.Equal(XzSamples.Input(sample).Length.ToString(), block[7]);
        Assert.Equal("CRC32", block[9]);
        Assert.Equal("--lzma2=dict=32KiB", block[^1]);
    }

    [Theory]
    [MemberData(nameof(XzSamples.All), MemberType = typeof(XzSamples))]
    public void Container_declares_crc32_one_lzma2_block_32KiB_dictionary_and_the_input_size(string sample)
    {
        var info = XzStreamInfo.Parse(XzSamples.Encoded(sample));

        Assert.Equal(XzCheckType.Crc32, info.Check);
        Assert.Equal(0x0001, info.StreamFlags);
        var block = Assert.Single(info.Blocks);
        Assert.Equal([0x21UL], block.FilterIds);
        Assert.Equal(32768u, block.Lzma2DictionarySize);
        Assert.Equal((ulong)XzSamples.Input(sample).Length, info.UncompressedSize);
    }

    [Fact]
    public void Stream_and_block_headers_are_the_bytes_liblzma_writes_for_the_same_settings()
    {
        // From xz 5.4.1: xz --format=xz --check=crc32 --lzma2=preset=6,dict=32KiB on "hello\n".
        byte[] streamHeader = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00, 0x01, 0x69, 0x22, 0xDE, 0x36];
        byte[] blockHeader = [0x02, 0x00, 0x21, 0x01, 0x06, 0x00, 0x00, 0x00, 0xEB, 0x78, 0xFC, 0xF3];

        var encoded = XzSamples.Encoded("firmware-like 762 KiB");

        Assert.Equal(streamHeader, encoded[..12]);
        Assert.Equal(blockHeader, encoded[12..24]);
        Assert.Equal("YZ"u8.ToArray(), encoded[^2..]);
        Assert.Equal(0, encoded.Length % 4);
    }

    [Fact]
    public void Small_input_gives_the_same_stream_as_liblzma()
    {
        // liblzma stores "hello\n" as one uncompressed chunk, as the encoder does: the whole
        // stream is then fixed by the format, byte for byte.
        var liblzma = Convert.FromHexString(
            "FD377A585A0000016922DE360200210106000000EB78FCF301000568656C6C6F0A00000020303A36" +
            "00011A06C5EAC8799042990D010000000001595A");

        Assert.Equal(liblzma, XzEncoder.Encode("hello\n"u8));
    }

    [Fact]
    public void Same_input_gives_the_same_bytes()
    {
        var input = XzSamples.Input("random then firmware-like");

        Assert.Equal(XzEncoder.Encode(input), XzEncoder.Encode(input));
    }

    [Fact]
    public void Compressed_firmware_image_is_about_as_small_as_the_vendor_tools()
    {
        // The real 762 336-byte image goes to 405 536 bytes (53 %); the synthetic image is
        // built to compress about as well, so the flash plan's wire bytes stay realistic.
        var ratio = (double)XzSamples.Encoded("firmware-like 762 KiB").Length / FirmwareLikeData.FirmwareImageSize;

        Assert.InRange(ratio, 0.45, 0.62);
    }
}
