using System.Buffers.Binary;
using System.IO.Hashing;
using Fixture.Protocol.Images;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests.Bootrom;

/// <summary>Protocol reference §10 "Bootrom model", byte for byte.</summary>
public class BootromConformanceTests
{
    private static readonly byte[] GetBootInfo = Bench.Frame(0x10, []);

    [Fact]
    public void No_reply_before_a_handshake()
    {
        var bench = new Bench().PowerUpInBootrom();
        Assert.Empty(bench.Exchange(GetBootInfo));
    }

    [Fact]
    public void A_dev_cube_burst_at_500k_gets_exactly_one_OK_and_its_tail_is_ignored()
    {
        var bench = new Bench().PowerUpInBootrom();
        Assert.Equal(Bench.Ok, bench.Sync(300));
        Assert.Equal(0x14, bench.Exchange(GetBootInfo)[2]);
    }

    [Fact]
    public void A_run_shorter_than_16_bytes_is_not_a_handshake()
    {
        var bench = new Bench().PowerUpInBootrom();
        Assert.Empty(bench.Sync(10));
    }

    [Fact]
    public void A_handshake_above_500k_is_refused_by_default_and_allowed_as_a_setting()
    {
        var refused = new Bench().PowerUpInBootrom(2_000_000);
        Assert.Empty(refused.Sync());

        var allowed = new Bench(options: new SimulatedUnitOptions { AllowFastBootromHandshake = true }).PowerUpInBootrom(2_000_000);
        Assert.Equal(Bench.Ok, allowed.Sync());
    }

    [Fact]
    public void Get_boot_info_of_the_d91c_unit_is_the_reference_sample()
    {
        var options = new SimulatedUnitOptions { Identity = RealUnits.UnitD91c };
        var bench = new Bench(options: options).PowerUpInBootrom();
        bench.Sync();
        byte[] sample = [0x4F, 0x4B, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x91, 0x15, 0x07, 0xCF, 0x0E, 0xB4, 0x1A, 0x00];
        Assert.Equal(sample, bench.Exchange(GetBootInfo));
    }

    [Fact]
    public void Get_boot_info_is_allowed_in_any_state()
    {
        var bench = new Bench().PowerUpInBootrom();
        bench.Sync();
        var image = Bench.HelperImage();
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x11, image.AsSpan(0, 176))));
        Assert.Equal(24, bench.Exchange(GetBootInfo).Length);
        Assert.Equal(Bench.Concat(Bench.Ok, [0x10, 0], image[176..192]), bench.Exchange(Bench.Frame(0x17, image.AsSpan(176, 16))));
    }

    [Fact]
    public void Secure_boot_fuses_show_in_boot_info_and_an_unsigned_helper_is_refused_with_0206()
    {
        var bench = new Bench(new UnitFaults { SecureBootFusesSet = true }).PowerUpInBootrom();
        bench.Sync();
        var info = bench.Exchange(GetBootInfo);
        Assert.Equal(1, info[8]);
        Assert.Equal(1, info[9]);
        Assert.Equal(Bench.Fail(0x0206), bench.Exchange(Bench.Frame(0x11, Bench.HelperImage().AsSpan(0, 176))));
    }

    [Theory]
    [InlineData(HelperHeaderVariant.Current)]
    [InlineData(HelperHeaderVariant.Legacy)]
    public void Both_helper_header_variants_load_and_run_into_the_loader(HelperHeaderVariant variant)
    {
        var bench = new Bench().PowerUpInBootrom();
        bench.Sync();
        Assert.Equal(Bench.Ok, bench.LoadHelper(Bench.HelperImage(variant)));
        Assert.Equal(UnitActivity.Bootrom, bench.Unit.Activity);
        bench.Step(45);
        Assert.Equal(UnitActivity.Loader, bench.Unit.Activity);
    }

    [Fact]
    public void Boot_header_of_the_wrong_length_is_0201()
    {
        var bench = Ready();
        Assert.Equal(Bench.Fail(0x0201), bench.Exchange(Bench.Frame(0x11, new byte[175])));
    }

    [Fact]
    public void Boot_header_with_a_bad_crc_is_0204_even_when_its_magic_is_also_wrong()
    {
        var header = Bench.HelperImage(HelperHeaderVariant.Legacy)[..176];
        header[0] = (byte)'X';
        Assert.Equal(Bench.Fail(0x0204), Ready().Exchange(Bench.Frame(0x11, header)));
    }

    [Fact]
    public void Boot_header_marked_not_load_in_bootrom_is_0202()
    {
        var header = HeaderWith(h => h with { BootConfig = h.BootConfig.WithNotLoadInBootrom(true) });
        Assert.Equal(Bench.Fail(0x0202), Ready().Exchange(Bench.Frame(0x11, header)));
    }

    [Fact]
    public void Boot_header_with_a_wrong_magic_and_valid_crc_is_0203()
    {
        var header = HeaderWith(h => h with { Magic = 0x11223344 });
        Assert.Equal(Bench.Fail(0x0203), Ready().Exchange(Bench.Frame(0x11, header)));
    }

    [Fact]
    public void Boot_header_with_zero_segments_is_0207()
    {
        var header = HeaderWith(h => h with { ImageLengthOrSegmentCount = 0 });
        Assert.Equal(Bench.Fail(0x0207), Ready().Exchange(Bench.Frame(0x11, header)));
    }

    [Fact]
    public void Segment_header_before_a_boot_header_is_0104()
    {
        Assert.Equal(Bench.Fail(0x0104), Ready().Exchange(Bench.Frame(0x17, new byte[16])));
    }

    [Fact]
    public void Segment_header_of_the_wrong_length_is_020F_and_a_bad_crc_is_0210()
    {
        var bench = Ready();
        var image = Bench.HelperImage();
        bench.Exchange(Bench.Frame(0x11, image.AsSpan(0, 176)));
        Assert.Equal(Bench.Fail(0x020F), bench.Exchange(Bench.Frame(0x17, new byte[15])));
        var bad = image[176..192];
        bad[12] ^= 1;
        Assert.Equal(Bench.Fail(0x0210), bench.Exchange(Bench.Frame(0x17, bad)));
    }

    [Fact]
    public void Segment_data_before_its_header_is_0104_and_more_than_declared_is_0214()
    {
        var bench = Ready();
        var image = Bench.HelperImage(codeLength: 1024);
        Assert.Equal(Bench.Fail(0x0104), bench.Exchange(Bench.Frame(0x18, new byte[16])));
        bench.Exchange(Bench.Frame(0x11, image.AsSpan(0, 176)));
        bench.Exchange(Bench.Frame(0x17, image.AsSpan(176, 16)));
        Assert.Equal(Bench.Fail(0x0214), bench.Exchange(Bench.Frame(0x18, new byte[1040]), 100));
    }

    [Fact]
    public void Check_image_before_all_segments_is_0216()
    {
        var bench = Ready();
        var image = Bench.HelperImage(codeLength: 1024);
        bench.Exchange(Bench.Frame(0x11, image.AsSpan(0, 176)));
        Assert.Equal(Bench.Fail(0x0216), bench.Exchange(Bench.Frame(0x19, [])));
    }

    [Fact]
    public void Check_image_with_a_hash_mismatch_is_0217_unless_hash_ignore_is_set()
    {
        var legacy = Bench.HelperImage(HelperHeaderVariant.Legacy, 1024);
        legacy[^1] ^= 0xFF; // data changed, segment header (and its CRC) untouched
        Assert.Equal(Bench.Fail(0x0217), SendWholeImageAndCheck(legacy));

        var current = Bench.HelperImage(HelperHeaderVariant.Current, 1024);
        current[^1] ^= 0xFF;
        Assert.Equal(Bench.Ok, SendWholeImageAndCheck(current));
    }

    [Fact]
    public void Run_image_before_check_is_0104()
    {
        Assert.Equal(Bench.Fail(0x0104), Ready().Exchange(Bench.Frame(0x1A, [])));
    }

    [Fact]
    public void The_loader_starts_40_ms_after_run_image()
    {
        var bench = Ready();
        var image = Bench.HelperImage(codeLength: 1024);
        bench.Exchange(Bench.Frame(0x11, image.AsSpan(0, 176)));
        bench.Exchange(Bench.Frame(0x17, image.AsSpan(176, 16)));
        bench.Exchange(Bench.Frame(0x18, image.AsSpan(192)), 100);
        bench.Exchange(Bench.Frame(0x19, []));
        bench.Link.Stream.Write(Bench.Frame(0x1A, []));
        bench.Step(2);
        Assert.Equal(Bench.Ok, bench.ReadAll());
        bench.Step(37);
        Assert.Equal(UnitActivity.Bootrom, bench.Unit.Activity);
        bench.Step(1.5);
        Assert.Equal(UnitActivity.Loader, bench.Unit.Activity);
        Assert.True(bench.Unit.Record.Boots[^1].LoaderStarted);
    }

    [Fact]
    public void Two_seconds_without_bytes_return_the_bootrom_to_scanning()
    {
        var bench = Ready();
        bench.Step(2100);
        Assert.Empty(bench.Exchange(GetBootInfo));
        Assert.Equal(Bench.Ok, bench.Sync());
        Assert.Equal(24, bench.Exchange(GetBootInfo).Length);
    }

    [Fact]
    public void A_frame_longer_than_4096_bytes_is_refused_with_0102()
    {
        var bench = Ready();
        Assert.Equal(Bench.Fail(0x0102), bench.Exchange(Bench.Frame(0x18, new byte[4093]), 150));
    }

    [Fact]
    public void Encrypted_images_need_an_iv_0208_0209_and_16_byte_aligned_data_0212()
    {
        var bench = Ready();
        var image = Bench.HelperImage(HelperHeaderVariant.Legacy, 1024);
        var header = BootHeader.Read(image.AsSpan(0, 176));
        var encrypted = (header with { BootConfig = header.BootConfig.WithEncryptType(1) }).WithComputedCrcs().ToBytes();
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x11, encrypted)));
        Assert.Equal(Bench.Fail(0x0104), bench.Exchange(Bench.Frame(0x17, image.AsSpan(176, 16))));
        Assert.Equal(Bench.Fail(0x0208), bench.Exchange(Bench.Frame(0x16, new byte[19])));
        var iv = new byte[20];
        Assert.Equal(Bench.Fail(0x0209), bench.Exchange(Bench.Frame(0x16, iv)));
        BinaryPrimitives.WriteUInt32LittleEndian(iv.AsSpan(16), Crc32.HashToUInt32(iv.AsSpan(0, 16)));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x16, iv)));
        Assert.Equal(20, bench.Exchange(Bench.Frame(0x17, image.AsSpan(176, 16))).Length);
        Assert.Equal(Bench.Fail(0x0212), bench.Exchange(Bench.Frame(0x18, new byte[15])));
    }

    [Fact]
    public void Signed_images_need_a_public_key_020A_020B_and_the_simulated_efuse_trusts_none_020C()
    {
        var bench = Ready();
        var header = HeaderWith(h => h with { BootConfig = h.BootConfig.WithSign(1) });
        Assert.Equal(Bench.Fail(0x0104), bench.Exchange(Bench.Frame(0x12, new byte[68])));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x11, header)));
        Assert.Equal(Bench.Fail(0x0104), bench.Exchange(Bench.Frame(0x14, new byte[72])));
        Assert.Equal(Bench.Fail(0x020A), bench.Exchange(Bench.Frame(0x12, new byte[67])));
        Assert.Equal(Bench.Fail(0x020B), bench.Exchange(Bench.Frame(0x12, Enumerable.Repeat((byte)1, 68).ToArray())));
        var key = new byte[68];
        BinaryPrimitives.WriteUInt32LittleEndian(key.AsSpan(64), Crc32.HashToUInt32(key.AsSpan(0, 64)));
        Assert.Equal(Bench.Fail(0x020C), bench.Exchange(Bench.Frame(0x12, key)));
    }

    private static Bench Ready()
    {
        var bench = new Bench().PowerUpInBootrom();
        Assert.Equal(Bench.Ok, bench.Sync());
        return bench;
    }

    private static byte[] HeaderWith(Func<BootHeader, BootHeader> change)
    {
        var header = BootHeader.Read(Bench.HelperImage(HelperHeaderVariant.Legacy).AsSpan(0, 176));
        return change(header).WithComputedCrcs().ToBytes();
    }

    private static byte[] SendWholeImageAndCheck(byte[] image)
    {
        var bench = Ready();
        bench.Exchange(Bench.Frame(0x11, image.AsSpan(0, 176)));
        bench.Exchange(Bench.Frame(0x17, image.AsSpan(176, 16)));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x18, image.AsSpan(192)), 100));
        return bench.Exchange(Bench.Frame(0x19, []));
    }
}
