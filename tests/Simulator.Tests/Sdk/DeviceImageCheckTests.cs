using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using Fixture.Protocol.Images;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Sdk;
using Fixture.Simulator.Tests.Firmware;

namespace Fixture.Simulator.Tests.Sdk;

/// <summary>The chip's image checks run on raw bytes, so a mistake shared with the station's parsers would show.</summary>
public class DeviceImageCheckTests
{
    private static readonly byte[] GetBootInfo = Bench.Frame(0x10, []);

    [Fact]
    public void The_boot_header_CRC_covers_the_raw_bytes_so_a_changed_reserved_word_is_refused_with_0204()
    {
        var header = FlashImage.Build(TestImages.Code(4096), FlashImageKind.Firmware)[..176];
        header[165] ^= 0x01; // rsv1: not a field a parser needs, still under the CRC

        BootHeaderCheck.Parse(header, 0, 0, signMustMatch: true, out var error, out _);

        Assert.Equal(BootHeaderCheck.CrcError, error);
    }

    [Fact]
    public void Hash_ignore_counts_only_with_hash_word_0_set_to_DEADBEEF_so_the_bootrom_checks_the_hash_otherwise()
    {
        var image = Bench.HelperImage(HelperHeaderVariant.Current);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(132), 0x12345678); // hash_ignore stays set, the CRC is ignored (0xDEADBEEF)
        var bench = new Bench().PowerUpInBootrom();
        bench.Sync();

        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x11, image.AsSpan(0, 176))));
        Assert.Equal(Bench.Concat(Bench.Ok, [0x10, 0x00], image[176..192]), bench.Exchange(Bench.Frame(0x17, image.AsSpan(176, 16))));
        for (var offset = 192; offset < image.Length; offset += 4080)
        {
            Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x18, image.AsSpan(offset, Math.Min(4080, image.Length - offset))), 120));
        }

        Assert.Equal(Bench.Fail(0x0217), bench.Exchange(Bench.Frame(0x19, [])));
    }

    [Fact]
    public void The_segment_header_CRC_is_checked_over_its_first_12_raw_bytes()
    {
        var header = Bench.HelperImage()[176..192];
        Assert.True(SegmentHeaderCheck.Parse(header).HeaderCrcOk);
        header[14] ^= 0x80;
        Assert.False(SegmentHeaderCheck.Parse(header).HeaderCrcOk);

        var bench = new Bench().PowerUpInBootrom();
        bench.Sync();
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x11, Bench.HelperImage().AsSpan(0, 176))));
        Assert.Equal(Bench.Fail(0x0210), bench.Exchange(Bench.Frame(0x17, header)));
    }

    [Fact]
    public void The_classic_2MB_partition_bin_is_the_vendor_tools_file_and_the_device_reads_and_rebuilds_it_byte_for_byte()
    {
        var bytes = SyntheticAssets.Get(1).PartitionBinary;
        Assert.Equal("da4d2fe7d42a71246b0e84d64665b70ad701435f89716c48e6f23ef55340eaa0", Convert.ToHexStringLower(SHA256.HashData(bytes)));

        var flash = new MemoryFlash();
        flash.Program(PartitionTableReader.Table0Address, bytes);
        var table = PartitionTableReader.ReadActive(flash, out var problem);

        Assert.Null(problem);
        Assert.Equal(["FW", "mfg", "media", "PSM", "KEY", "DATA", "factory"], table!.Entries.Select(e => e.Name));
        Assert.Equal(bytes, PartitionTableReader.Build(table.Entries, table.Age));
        Assert.Equal(0x8B5001CEu, Crc32.HashToUInt32(bytes.AsSpan(16, 7 * 36)));
    }

    [Fact]
    public void Of_two_valid_copies_the_larger_age_wins_and_a_tie_goes_to_copy_0()
    {
        var entries = PartitionTableReader.ReadActive(TableFlash(SyntheticAssets.Get(1).PartitionBinary), out _)!.Entries;
        var flash = new MemoryFlash();
        flash.Program(PartitionTableReader.Table0Address, PartitionTableReader.Build(entries, 3));
        flash.Program(PartitionTableReader.Table1Address, PartitionTableReader.Build(entries, 4));
        Assert.Equal(1, PartitionTableReader.ReadActive(flash, out _)!.Copy);

        flash.EraseSectors(PartitionTableReader.Table1Address, 0x1000);
        flash.Program(PartitionTableReader.Table1Address, PartitionTableReader.Build(entries, 3));
        Assert.Equal(0, PartitionTableReader.ReadActive(flash, out _)!.Copy);
    }

    [Fact]
    public void Boot_info_copies_the_raw_slot_0_words_so_a_broken_parity_shows_its_stored_count()
    {
        var region = Fixture.Simulator.Unit.EfuseImage.Build(3);
        Fixture.Simulator.Unit.EfuseImage.WriteMacWithBadParity(region, 0, [0xB4, 0x0E, 0xCF, 0x07, 0x15, 0x91], parityOffset: 2);
        var bench = new Bench(options: new Fixture.Simulator.Unit.SimulatedUnitOptions { Identity = new() { EfuseRegion0 = region } }).PowerUpInBootrom();
        bench.Sync();

        var reply = bench.Exchange(GetBootInfo);

        Assert.Equal(new byte[] { 0x91, 0x15, 0x07, 0xCF, 0x0E, 0xB4, 0x1C, 0x00 }, reply[16..24]);
    }

    private static MemoryFlash TableFlash(byte[] table)
    {
        var flash = new MemoryFlash();
        flash.Program(PartitionTableReader.Table0Address, table);
        return flash;
    }
}
