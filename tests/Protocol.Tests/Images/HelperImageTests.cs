using System.Buffers.Binary;
using System.IO.Hashing;
using Fixture.Protocol.Images;

namespace Fixture.Protocol.Tests.Images;

public class HelperImageTests
{
    private static byte[] Code(int length, int seed = 1)
    {
        var code = new byte[length];
        new Random(seed).NextBytes(code);
        return code;
    }

    [Fact]
    public void Legacy_helper_has_the_reference_properties()
    {
        var image = HelperImage.Build(Code(29_072), 0x22010000, HelperHeaderVariant.Legacy);

        var helper = HelperImage.Parse(image);

        Assert.Equal(176 + 16 + 29_072, image.Length);
        Assert.Equal(0x0000_0200u, helper.BootHeader.BootConfig.Value);
        Assert.Equal(BootHeader.FlashConfigMagicValue, helper.BootHeader.FlashConfigMagic);
        Assert.Equal(0u, helper.BootHeader.ClockConfigMagic);
        Assert.Equal(1, helper.BootHeader.SegmentCount);
        Assert.Equal(0x22010000u, helper.BootHeader.ImageStart);
        Assert.True(helper.BootHeader.IsHeaderCrcValid);
        var segment = Assert.Single(helper.Segments);
        Assert.Equal(0x22010000u, segment.Header.Destination);
        Assert.Equal(29_072u, segment.Header.Length);
        Assert.Equal(Crc32.HashToUInt32(segment.Data.Span), segment.Header.DataCrc);
        Assert.Equal(image[176..192], segment.HeaderBytes.ToArray());
        Assert.Equal(16 + 29_072, helper.PayloadLength);
    }

    [Fact]
    public void Current_helper_ignores_CRC_and_hash_yet_is_one_segment()
    {
        var image = HelperImage.Build(Code(38_512), 0x22010000, HelperHeaderVariant.Current);

        var helper = HelperImage.Parse(image);

        Assert.Equal(38_704, image.Length);
        Assert.Equal(0x0003_0300u, helper.BootHeader.BootConfig.Value);
        Assert.Equal(0u, helper.BootHeader.FlashConfigMagic);
        Assert.Equal(BootHeader.IgnoredMarker, helper.BootHeader.HeaderCrc);
        Assert.Equal(BootHeader.IgnoredMarker, BinaryPrimitives.ReadUInt32LittleEndian(helper.BootHeader.Hash));
        Assert.True(helper.BootHeader.IsHeaderCrcIgnored);
        Assert.True(helper.BootHeader.BootConfig.NoSegment);
        Assert.Equal(1, helper.BootHeader.SegmentCount);
    }

    [Fact]
    public void Code_is_padded_to_16_bytes()
    {
        var helper = HelperImage.Parse(HelperImage.Build(Code(1001), 0x22010000, HelperHeaderVariant.Legacy));

        Assert.Equal(1008u, helper.Segments[0].Header.Length);
    }

    [Theory]
    [InlineData(180, "segment 0 header CRC32")]
    [InlineData(400, "data CRC32")]
    [InlineData(2, "header CRC32")]
    public void Damaged_helper_is_refused(int offset, string problem)
    {
        var image = HelperImage.Build(Code(4096), 0x22010000, HelperHeaderVariant.Legacy);
        image[offset] ^= 0x10;

        var error = Assert.Throws<ImageFormatException>(() => HelperImage.Parse(image));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_helper_with_data_and_CRCs_changed_consistently_still_fails_the_hash()
    {
        var image = HelperImage.Build(Code(4096), 0x22010000, HelperHeaderVariant.Legacy);
        image[300] ^= 0x10;
        var fixedSegment = SegmentHeader.For(0x22010000, image.AsSpan(192));
        fixedSegment.WriteTo(image.AsSpan(176));

        var error = Assert.Throws<ImageFormatException>(() => HelperImage.Parse(image));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_helper_is_refused()
    {
        var image = HelperImage.Build(Code(4096), 0x22010000, HelperHeaderVariant.Current)[..3000];

        var error = Assert.Throws<ImageFormatException>(() => HelperImage.Parse(image));

        Assert.Contains("declares 4096 bytes", error.Message, StringComparison.Ordinal);
    }
}
