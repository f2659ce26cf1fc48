using Fixture.Protocol.Compression;

namespace Fixture.Protocol.Tests.Compression;

public class XzStreamInfoTests
{
    // "hello\n" compressed by xz 5.4.1 with the options in each name.
    private static readonly byte[] Crc32Dict32K = Convert.FromHexString(
        "FD377A585A0000016922DE360200210106000000EB78FCF301000568656C6C6F0A00000020303A36" +
        "00011A06C5EAC8799042990D010000000001595A");

    private static readonly byte[] XzDefaults = Convert.FromHexString( // CRC64, 8 MiB dictionary
        "FD377A585A000004E6D6B4460200210116000000742FE5A301000568656C6C6F0A000000A56097F1" +
        "94F6FDE000011E06C12FA41D1FB6F37D010000000004595A");

    private static readonly byte[] X86Filter = Convert.FromHexString( // --x86 --lzma2=dict=32KiB
        "FD377A585A0000016922DE3602010400210106005C94F75501000568656C6C6F0A00000020303A36" +
        "00011A06C5EAC8799042990D010000000001595A");

    private static readonly byte[] Sha256Check = Convert.FromHexString(
        "FD377A585A00000AE1FB0CA10200210106000000EB78FCF301000568656C6C6F0A0000005891B5B5" +
        "22D5DF086D0FF0B110FBD9D21BB4FC7163AF34D08286A2E846F6BE03000136066B81F940189B4B9A" +
        "01000000000A595A");

    private static readonly byte[] NoCheck = Convert.FromHexString(
        "FD377A585A000000FF12D9410200210106000000EB78FCF301000568656C6C6F0A00000000011606" +
        "C9A57DD506729E7A010000000000595A");

    private static readonly byte[] EmptyNoBlocks = Convert.FromHexString(
        "FD377A585A0000016922DE36000000001CDF44219042990D010000000001595A");

    [Fact]
    public void Reads_what_the_vendor_settings_produce()
    {
        var info = XzStreamInfo.Parse(Crc32Dict32K);

        Assert.Equal(XzCheckType.Crc32, info.Check);
        Assert.Equal(0x0001, info.StreamFlags);
        Assert.Equal(32768u, info.DictionarySize);
        Assert.True(info.IsLzma2Only);
        Assert.Equal(6UL, info.UncompressedSize);
        var block = Assert.Single(info.Blocks);
        Assert.Equal(12, block.HeaderSize);
        Assert.Equal(26UL, block.UnpaddedSize);
    }

    [Fact]
    public void Reports_the_8_MiB_dictionary_and_CRC64_of_xz_defaults()
    {
        var info = XzStreamInfo.Parse(XzDefaults);

        Assert.Equal(XzCheckType.Crc64, info.Check);
        Assert.Equal(8u * 1024 * 1024, info.DictionarySize);
        Assert.True(info.IsLzma2Only);
    }

    [Fact]
    public void Reports_a_BCJ_filter_before_LZMA2()
    {
        var info = XzStreamInfo.Parse(X86Filter);

        Assert.Equal([0x04UL, 0x21UL], Assert.Single(info.Blocks).FilterIds);
        Assert.False(info.IsLzma2Only);
        Assert.Equal(32768u, info.DictionarySize);
    }

    [Fact]
    public void Reports_SHA256_and_no_check()
    {
        Assert.Equal(XzCheckType.Sha256, XzStreamInfo.Parse(Sha256Check).Check);
        Assert.Equal(XzCheckType.None, XzStreamInfo.Parse(NoCheck).Check);
    }

    [Fact]
    public void Stream_without_blocks_has_no_dictionary()
    {
        var info = XzStreamInfo.Parse(EmptyNoBlocks);

        Assert.Empty(info.Blocks);
        Assert.Null(info.DictionarySize);
        Assert.Equal(0UL, info.UncompressedSize);
    }

    [Fact]
    public void Reads_back_what_the_encoder_wrote_for_a_large_image()
    {
        var input = XzSamples.Input("runtime library 2.5 MiB");

        var info = XzStreamInfo.Parse(XzSamples.Encoded("runtime library 2.5 MiB"));

        Assert.Equal((ulong)input.Length, info.UncompressedSize);
        Assert.Equal(32768u, info.DictionarySize);
    }

    [Fact]
    public void LZMA_alone_file_is_not_an_xz_stream()
    {
        var lzma = Convert.FromHexString("5D00008000FFFFFFFFFFFFFFFF00341949EE8DDD3D3ADFFFFFDD120000");

        var error = Assert.Throws<XzFormatException>(() => XzStreamInfo.Parse(lzma));

        Assert.Equal("stream header magic", error.Field);
        Assert.Contains("not an .xz stream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_short_input_is_refused()
    {
        var error = Assert.Throws<XzFormatException>(() => XzStreamInfo.Parse(Crc32Dict32K.AsSpan(0, 20)));

        Assert.Equal("stream size", error.Field);
    }

    [Theory]
    [InlineData(8, "stream header CRC32")]
    [InlineData(13, "block header CRC32")] // block flags byte
    [InlineData(16, "block header CRC32")] // the dictionary byte
    [InlineData(42, "index CRC32")]        // unpadded size in the index record
    [InlineData(56, "stream footer CRC32")]
    public void A_flipped_bit_in_a_checked_field_names_that_field(int offset, string field)
    {
        var corrupt = (byte[])Crc32Dict32K.Clone();
        corrupt[offset] ^= 0x01;

        Assert.Equal(field, Assert.Throws<XzFormatException>(() => XzStreamInfo.Parse(corrupt)).Field);
    }

    [Fact]
    public void Reserved_stream_flag_bits_are_refused()
    {
        var corrupt = (byte[])Crc32Dict32K.Clone();
        corrupt[7] = 0x11;

        Assert.Equal("stream flags", Assert.Throws<XzFormatException>(() => XzStreamInfo.Parse(corrupt)).Field);
    }

    [Fact]
    public void Truncated_stream_is_refused()
    {
        var error = Assert.Throws<XzFormatException>(() => XzStreamInfo.Parse(Crc32Dict32K.AsSpan(0, Crc32Dict32K.Length - 1)));

        Assert.Equal("stream footer magic", error.Field);
    }

    [Fact]
    public void Stream_padding_or_trailing_data_is_refused()
    {
        byte[] padded = [.. Crc32Dict32K, 0, 0, 0, 0];

        Assert.Equal("stream footer magic", Assert.Throws<XzFormatException>(() => XzStreamInfo.Parse(padded)).Field);
    }

    [Fact]
    public void Two_joined_streams_are_refused()
    {
        byte[] joined = [.. Crc32Dict32K, .. Crc32Dict32K];

        Assert.Equal("index", Assert.Throws<XzFormatException>(() => XzStreamInfo.Parse(joined)).Field);
    }

    [Fact]
    public void Footer_flags_that_differ_from_the_header_are_refused()
    {
        // The same stream with a CRC64 footer whose CRC is right: only the comparison can catch it.
        var corrupt = (byte[])Crc32Dict32K.Clone();
        var footer = corrupt.AsSpan(corrupt.Length - 12);
        footer[9] = 0x04;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(footer, System.IO.Hashing.Crc32.HashToUInt32(footer.Slice(4, 6)));

        Assert.Equal("stream footer flags", Assert.Throws<XzFormatException>(() => XzStreamInfo.Parse(corrupt)).Field);
    }

    [Fact]
    public void An_invalid_LZMA2_dictionary_byte_is_refused_even_with_a_correct_header_CRC()
    {
        var corrupt = (byte[])Crc32Dict32K.Clone();
        var header = corrupt.AsSpan(12, 12);
        header[4] = 41;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header[8..], System.IO.Hashing.Crc32.HashToUInt32(header[..8]));

        Assert.Equal("LZMA2 properties", Assert.Throws<XzFormatException>(() => XzStreamInfo.Parse(corrupt)).Field);
    }
}
