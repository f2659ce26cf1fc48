using System.Buffers.Binary;
using Fixture.Protocol.Images;

namespace Fixture.Protocol.Tests.Images;

public class PartitionTableTests
{
    /// <summary>bl_iot_sdk / blflash / BLOpenFlasher partition_cfg_2M.toml (protocol reference §7.4).</summary>
    internal static PartitionTable Classic2M() => new(
    [
        new PartitionEntry(0, 0, 0, "FW", 0x10000, 0xD8000, 0xC8000, 0x88000),
        new PartitionEntry(2, 0, 0, "mfg", 0x160000, 0, 0x32000, 0),
        new PartitionEntry(3, 0, 0, "media", 0x192000, 0, 0x57000, 0),
        new PartitionEntry(4, 0, 0, "PSM", 0x1E9000, 0, 0x8000, 0),
        new PartitionEntry(5, 0, 0, "KEY", 0x1F1000, 0, 0x2000, 0),
        new PartitionEntry(6, 0, 0, "DATA", 0x1F3000, 0, 0x5000, 0),
        new PartitionEntry(7, 0, 0, "factory", 0x1F8000, 0, 0x7000, 0),
    ]);

    [Fact]
    public void Classic_2M_table_is_272_bytes_with_the_reference_header_and_entry_CRCs()
    {
        var bytes = Classic2M().ToBytes();

        Assert.Equal(272, bytes.Length);
        Assert.Equal(Convert.FromHexString("424650540000070000000000269ADF12"), bytes[..16]);
        Assert.Equal(0x12DF9A26u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(0x8B5001CEu, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(268)));
        Assert.Equal(new byte[] { 0xCE, 0x01, 0x50, 0x8B }, bytes[268..]);
    }

    [Fact]
    public void Binary_table_round_trips()
    {
        var table = Classic2M();

        var parsed = PartitionTable.Parse(table.ToBytes());

        Assert.Equal(table.Entries, parsed.Entries);
        Assert.Equal(0x1E9000u, parsed.Find("PSM")!.Address0);
        Assert.Equal("FW", parsed.Firmware!.Name);
    }

    [Fact]
    public void Trailing_flash_bytes_after_the_table_are_ignored()
    {
        var sector = new byte[4096];
        sector.AsSpan().Fill(0xFF);
        Classic2M().ToBytes().CopyTo(sector, 0);

        Assert.Equal(7, PartitionTable.Parse(sector).Entries.Count);
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(12, "header CRC32")]
    [InlineData(40, "entry CRC32")]
    public void Corrupted_table_is_refused_naming_the_field(int offset, string field)
    {
        var bytes = Classic2M().ToBytes();
        bytes[offset] ^= 0x01;

        var error = Assert.Throws<ImageFormatException>(() => PartitionTable.Parse(bytes));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Erased_flash_is_not_a_table()
    {
        var erased = Enumerable.Repeat((byte)0xFF, 4096).ToArray();

        Assert.Throws<ImageFormatException>(() => PartitionTable.Parse(erased));
    }

    [Fact]
    public void Truncated_table_is_refused()
    {
        var bytes = Classic2M().ToBytes()[..200];

        var error = Assert.Throws<ImageFormatException>(() => PartitionTable.Parse(bytes));

        Assert.Contains("7 entries need", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classic_table_is_usable_on_2_MiB_but_not_on_1_MiB()
    {
        Assert.Empty(Classic2M().FindProblems(2 * 1024 * 1024));

        var problems = Classic2M().FindProblems(1024 * 1024);

        Assert.Contains(problems, p => p.Contains("\"factory\"", StringComparison.Ordinal) && p.Contains("beyond the 1024 KiB flash", StringComparison.Ordinal));
    }

    [Fact]
    public void Overlapping_slots_long_names_and_duplicates_are_problems()
    {
        var table = new PartitionTable(
        [
            new PartitionEntry(0, 0, 0, "FW", 0x10000, 0, 0xC8000, 0),
            new PartitionEntry(4, 0, 0, "PSM", 0xC0000, 0, 0x8000, 0),
            new PartitionEntry(6, 0, 0, "TOOLONGNAME", 0x1F0000, 0, 0x1000, 0),
            new PartitionEntry(7, 0, 0, "PSM", 0x1F8000, 0, 0x1000, 0),
        ]);

        var problems = table.FindProblems(2 * 1024 * 1024);

        Assert.Contains(problems, p => p.Contains("overlaps entry \"PSM\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("TOOLONGNAME", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("used twice", StringComparison.Ordinal));
        Assert.Throws<ImageFormatException>(() => table.EnsureUsable(2 * 1024 * 1024));
    }
}
