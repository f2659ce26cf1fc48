using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using Fixture.Protocol.Images;

namespace Fixture.Protocol.Tests.Images;

public class BootHeaderTests
{
    [Fact]
    public void Template_header_has_the_reference_layout()
    {
        var bytes = new BootHeader { ImageLengthOrSegmentCount = 0x1234, ImageStart = 0x2000 }.WithComputedCrcs().ToBytes();

        Assert.Equal(BootHeader.Size, bytes.Length);
        Assert.Equal("BFNP"u8.ToArray(), bytes[..4]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal("FCFG"u8.ToArray(), bytes[8..12]);
        Assert.Equal("PCFG"u8.ToArray(), bytes[100..104]);
        Assert.Equal(0x0000_3300u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(116)));
        Assert.Equal(0x1234u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(120)));
        Assert.Equal(0x2000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(128)));

        // The block CRCs cover only the data between magic and CRC (84 and 8 bytes), not the magic.
        Assert.Equal(Crc32.HashToUInt32(bytes.AsSpan(12, 84)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(96)));
        Assert.Equal(Crc32.HashToUInt32(bytes.AsSpan(104, 8)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(112)));
        Assert.Equal(Crc32.HashToUInt32(bytes.AsSpan(0, 172)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(172)));
    }

    [Fact]
    public void Template_flash_config_carries_the_Winbond_defaults()
    {
        var bytes = new BootHeader().ToBytes();

        Assert.Equal(4, bytes[12]); // io_mode QIO
        Assert.Equal(0x9F, bytes[20]); // jedecid_cmd
        Assert.Equal(0xEF, bytes[25]); // mfg_id
        Assert.Equal(256, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(26))); // page size
        Assert.Equal(0x20, bytes[29]); // sector_erase_cmd
        Assert.Equal(0xD8, bytes[31]); // blk64k_erase_cmd
        Assert.Equal(0x35, bytes[65]); // reg_read_cmd1
        Assert.Equal(300, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(84)));
        Assert.Equal(1200, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(88)));
        Assert.Equal(5, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(90)));
        Assert.Equal(20000, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(92)));
        Assert.Equal(new byte[] { 4, 4, 0, 1, 3, 1, 0, 0 }, bytes[104..112]);
    }

    [Fact]
    public void Header_round_trips_through_bytes()
    {
        var header = new BootHeader
        {
            BootConfig = BootConfig.FlashImage.WithCrcIgnore(true),
            ImageLengthOrSegmentCount = 758_240,
            BootEntry = 0,
            ImageStart = 0x2000,
            Hash = SHA256.HashData("code"u8),
            Reserved1 = 7,
        }.WithComputedCrcs();

        var read = BootHeader.Parse(header.ToBytes());

        Assert.Equal(header.ToBytes(), read.ToBytes());
        Assert.True(read.IsHeaderCrcValid);
        Assert.True(read.BootConfig.CrcIgnore);
        Assert.Equal(758_240u, read.ImageLength);
    }

    [Fact]
    public void Wrong_magic_with_a_matching_CRC_is_refused_for_the_magic()
    {
        var header = new BootHeader { Magic = 0x504E4643 };
        header = header with { HeaderCrc = header.ComputeHeaderCrc() };

        var error = Assert.Throws<ImageFormatException>(() => BootHeader.Parse(header.WithComputedCrcs().ToBytes()));

        Assert.Contains("magic is 0x504E4643", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "header CRC32")]
    [InlineData(172, "header CRC32")]
    [InlineData(30, "header CRC32")]
    public void Damaged_header_is_refused_naming_the_field(int offset, string field)
    {
        var bytes = new BootHeader().WithComputedCrcs().ToBytes();
        bytes[offset] ^= 0x40;

        var error = Assert.Throws<ImageFormatException>(() => BootHeader.Parse(bytes, "boot2 header"));

        Assert.StartsWith("boot2 header: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_flash_config_with_recomputed_header_CRC_is_caught_by_the_block_CRC()
    {
        var header = new BootHeader().WithComputedCrcs();
        var config = header.FlashConfig.ToArray();
        config[10] ^= 1;
        var tampered = header with { FlashConfig = config };
        tampered = tampered with { HeaderCrc = tampered.ComputeHeaderCrc() };

        var error = Assert.Throws<ImageFormatException>(() => BootHeader.Parse(tampered.ToBytes()));

        Assert.Contains("flash configuration CRC32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DEADBEEF_header_CRC_is_accepted_only_with_crc_ignore()
    {
        var ignored = new BootHeader { BootConfig = BootConfig.CurrentHelper }.WithComputedCrcs(ignoreHeaderCrc: true);
        var notIgnored = new BootHeader { BootConfig = BootConfig.FlashImage }.WithComputedCrcs() with { HeaderCrc = BootHeader.IgnoredMarker };

        Assert.True(BootHeader.Parse(ignored.ToBytes()).IsHeaderCrcIgnored);
        Assert.Throws<ImageFormatException>(() => BootHeader.Parse(notIgnored.ToBytes()));
    }

    [Fact]
    public void Short_input_is_refused()
    {
        Assert.Throws<ImageFormatException>(() => BootHeader.Read(new byte[175]));
    }

    [Theory]
    [InlineData(0x0000_3300u, false, true, true, 3, false, false)]
    [InlineData(0x0000_0200u, false, false, true, 0, false, false)]
    [InlineData(0x0003_0300u, false, true, true, 0, true, true)]
    [InlineData(0x0003_3300u, false, true, true, 3, true, true)]
    [InlineData(0x0000_0400u, true, false, false, 0, false, false)]
    public void Boot_config_bits_decode(uint value, bool notLoad, bool noSegment, bool cache, int cacheWays, bool crcIgnore, bool hashIgnore)
    {
        var config = new BootConfig(value);

        Assert.Equal(notLoad, config.NotLoadInBootrom);
        Assert.Equal(noSegment, config.NoSegment);
        Assert.Equal(cache, config.CacheEnable);
        Assert.Equal(cacheWays, config.CacheWayDisable);
        Assert.Equal(crcIgnore, config.CrcIgnore);
        Assert.Equal(hashIgnore, config.HashIgnore);
    }

    [Fact]
    public void Sign_and_encrypt_bits_are_the_low_nibble()
    {
        var config = BootConfig.FlashImage.WithSign(1).WithEncryptType(2);

        Assert.Equal(0x0000_3309u, config.Value);
        Assert.Equal(1, config.Sign);
        Assert.Equal(2, config.EncryptType);
    }
}
