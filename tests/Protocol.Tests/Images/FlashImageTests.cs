using System.Security.Cryptography;
using Fixture.Protocol.Images;

namespace Fixture.Protocol.Tests.Images;

public class FlashImageTests
{
    [Fact]
    public void Firmware_whole_image_has_code_at_0x1000_and_FF_padding_after_the_header()
    {
        var code = new byte[758_240];
        new Random(3).NextBytes(code);

        var whole = FlashImage.Build(code, FlashImageKind.Firmware);
        var image = FlashImage.Parse(whole, FlashImageKind.Firmware);

        Assert.Equal(762_336, whole.Length);
        Assert.All(whole[176..0x1000], b => Assert.Equal(0xFF, b));
        Assert.Equal(code, whole[0x1000..]);
        Assert.Equal(758_240u, image.Header.ImageLength);
        Assert.Equal(SHA256.HashData(code), image.Header.Hash);
        Assert.True(image.Header.BootConfig.NoSegment);
        Assert.True(image.IsHashValid);
    }

    [Fact]
    public void Boot2_whole_image_has_code_at_0x2000_and_img_start_0x2000()
    {
        var code = new byte[39_312];
        new Random(4).NextBytes(code);

        var whole = FlashImage.Build(code, FlashImageKind.Boot2);
        var image = FlashImage.Parse(whole, FlashImageKind.Boot2);

        Assert.Equal(47_504, whole.Length);
        Assert.Equal(0x2000u, image.Header.ImageStart);
        Assert.True(image.Header.BootConfig.CacheEnable);
        Assert.Equal(code, image.Code.ToArray());
    }

    [Fact]
    public void Code_is_zero_padded_to_16_and_the_hash_covers_the_padding()
    {
        var code = new byte[] { 1, 2, 3 };

        var whole = FlashImage.Build(code, FlashImageKind.Firmware);
        var image = FlashImage.Parse(whole, FlashImageKind.Firmware);

        Assert.Equal(16u, image.Header.ImageLength);
        Assert.Equal(new byte[] { 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, image.Code.ToArray());
    }

    [Fact]
    public void A_flipped_code_byte_fails_the_hash_but_can_still_be_read()
    {
        var whole = FlashImage.Build(new byte[4096], FlashImageKind.Firmware);
        whole[0x1000 + 100] = 0x55;

        Assert.False(FlashImage.Read(whole, FlashImageKind.Firmware).IsHashValid);
        var error = Assert.Throws<ImageFormatException>(() => FlashImage.Parse(whole, FlashImageKind.Firmware, "firmware"));
        Assert.StartsWith("firmware: SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_beyond_the_file_is_refused()
    {
        var whole = FlashImage.Build(new byte[4096], FlashImageKind.Firmware)[..0x1800];

        Assert.Throws<ImageFormatException>(() => FlashImage.Read(whole, FlashImageKind.Firmware));
    }
}
