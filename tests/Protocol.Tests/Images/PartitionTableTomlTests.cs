using System.Buffers.Binary;
using System.Security.Cryptography;
using Fixture.Protocol.Images;

namespace Fixture.Protocol.Tests.Images;

public class PartitionTableTomlTests
{
    private static PartitionTableTomlException Refused(string toml, long flashSize = PartitionTableToml.DefaultFlashSize) =>
        Assert.Throws<PartitionTableTomlException>(() => PartitionTableToml.Parse(toml, "partition_cfg_2M.toml", flashSize));

    [Fact]
    public void Classic_2M_TOML_gives_the_272_byte_table_with_the_reference_CRCs()
    {
        var layout = PartitionTableToml.Parse(VendorToml.Classic2M, "partition_cfg_2M.toml");

        var bytes = layout.Table.ToBytes();

        Assert.Equal(272, bytes.Length);
        Assert.Equal(Convert.FromHexString("424650540000070000000000269ADF12"), bytes[..16]);
        Assert.Equal(0x12DF9A26u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(0x8B5001CEu, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(268)));
        Assert.Equal(0xE000u, layout.TableAddress0);
        Assert.Equal(0xF000u, layout.TableAddress1);
    }

    [Fact]
    public void Classic_2M_TOML_gives_byte_for_byte_the_vendor_tools_partition_bin()
    {
        // SHA-256 of the partition.bin the vendor tool writes for this table (issue 9, from its logs).
        var bytes = PartitionTableToml.Parse(VendorToml.Classic2M, "partition_cfg_2M.toml").Table.ToBytes();

        Assert.Equal("da4d2fe7d42a71246b0e84d64665b70ad701435f89716c48e6f23ef55340eaa0", Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public void Classic_2M_table_has_no_rf_para_entry_so_the_factory_MAC_comes_from_eFuse()
    {
        var table = PartitionTableToml.Parse(VendorToml.Classic2M, "partition_cfg_2M.toml").Table;

        Assert.Null(table.Find("rf_para"));
        Assert.NotNull(table.Find("mfg"));
    }

    [Fact]
    public void Classic_2M_TOML_reads_every_field_of_every_entry()
    {
        var table = PartitionTableToml.Parse(VendorToml.Classic2M, "partition_cfg_2M.toml").Table;

        Assert.Equal(PartitionTableTests.Classic2M().Entries, table.Entries);
        var fw = table.Firmware!;
        Assert.Equal(("FW", 0x10000u, 0xC8000u, 0xD8000u, 0x88000u), (fw.Name, fw.Address0, fw.Size0, fw.Address1, fw.Size1));
    }

    [Fact]
    public void Written_TOML_parses_back_to_the_same_table_and_the_same_text()
    {
        var original = PartitionTableToml.Parse(VendorToml.Classic2M, "partition_cfg_2M.toml");

        var written = original.ToToml();
        var reread = PartitionTableToml.Parse(written, "written.toml");

        Assert.Equal(original.Table.Entries, reread.Table.Entries);
        Assert.Equal(original.Table.ToBytes(), reread.Table.ToBytes());
        Assert.Equal((original.TableAddress0, original.TableAddress1), (reread.TableAddress0, reread.TableAddress1));
        Assert.Equal(written, reread.ToToml());
        Assert.Contains("size0 = 0xC8000", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Optional_activeindex_and_age_round_trip()
    {
        var table = new PartitionTable(
        [
            new PartitionEntry(0, 0, 1, "FW", 0x10000, 0xD8000, 0xC8000, 0x88000, Length: 0x1234, Age: 7),
            new PartitionEntry(7, 0, 0, "factory", 0x1F8000, 0, 0x7000, 0),
        ]);
        var layout = new PartitionTableToml(table);

        var text = layout.ToToml();
        var reread = PartitionTableToml.Parse(text, "x.toml");

        Assert.Contains("activeindex = 1", text, StringComparison.Ordinal);
        Assert.Contains("age = 7", text, StringComparison.Ordinal);
        Assert.Equal(table.Entries, reread.Table.Entries);
        Assert.Equal(0xD8000u, reread.Table.Firmware!.ActiveAddress);
    }

    [Fact]
    public void Binary_of_a_TOML_with_moved_PSM_differs_only_in_that_entry()
    {
        var moved = VendorToml.Classic2M.Replace("address0 = 0x1E9000", "address0 = 0x1EA000", StringComparison.Ordinal)
            .Replace("size0 = 0x8000", "size0 = 0x7000", StringComparison.Ordinal);

        var table = PartitionTableToml.Parse(moved, "moved.toml").Table;

        Assert.Equal(0x1EA000u, table.Find("PSM")!.Address0);
        Assert.NotEqual(
            SHA256.HashData(PartitionTableToml.Parse(VendorToml.Classic2M, "c.toml").Table.ToBytes()),
            SHA256.HashData(table.ToBytes()));
    }

    [Fact]
    public void Malformed_TOML_is_a_syntax_error_with_file_line_and_column()
    {
        var error = Refused("[pt_table]\naddress0 = 0xE000\naddress1 = \n");

        Assert.Equal(PartitionTomlProblem.Syntax, error.Problem);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("partition_cfg_2M.toml line 3, column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_key_is_a_syntax_error()
    {
        var error = Refused(VendorToml.Classic2M.Replace("size0 = 0xC8000", "size0 = 0xC8000\nsize0 = 0x1000", StringComparison.Ordinal));

        Assert.Equal(PartitionTomlProblem.Syntax, error.Problem);
        Assert.Equal(12, error.Line);
    }

    [Fact]
    public void Missing_entry_key_names_the_entry_and_the_key()
    {
        var error = Refused(VendorToml.Classic2M.Replace("size0 = 0x32000\n", string.Empty, StringComparison.Ordinal));

        Assert.Equal(PartitionTomlProblem.MissingKey, error.Problem);
        Assert.Equal("size0", error.Key);
        Assert.Equal(2, error.EntryNumber);
        Assert.Equal(17, error.Line);
        Assert.Equal("partition_cfg_2M.toml line 17: [[pt_entry]] #2 \"mfg\": key \"size0\" is missing", error.Message);
    }

    [Fact]
    public void Missing_pt_table_is_refused()
    {
        var error = Refused(VendorToml.Classic2M[VendorToml.Classic2M.IndexOf("[[pt_entry]]", StringComparison.Ordinal)..]);

        Assert.Equal(PartitionTomlProblem.MissingKey, error.Problem);
        Assert.Equal("pt_table", error.Key);
        Assert.Contains("[pt_table] is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TOML_without_entries_is_refused()
    {
        var error = Refused("[pt_table]\naddress0 = 0xE000\naddress1 = 0xF000\n");

        Assert.Equal(PartitionTomlProblem.MissingKey, error.Problem);
        Assert.Equal("pt_entry", error.Key);
    }

    [Fact]
    public void String_where_an_integer_belongs_is_a_wrong_type_naming_entry_key_and_line()
    {
        var error = Refused(VendorToml.Classic2M.Replace("address0 = 0x192000", "address0 = \"0x192000\"", StringComparison.Ordinal));

        Assert.Equal(PartitionTomlProblem.WrongType, error.Problem);
        Assert.Equal("address0", error.Key);
        Assert.Equal(3, error.EntryNumber);
        Assert.Equal(32, error.Line);
        Assert.Equal("partition_cfg_2M.toml line 32: [[pt_entry]] #3 \"media\": \"address0\" must be an integer, found a string (\"0x192000\")", error.Message);
    }

    [Fact]
    public void Integer_name_is_a_wrong_type()
    {
        var error = Refused(VendorToml.Classic2M.Replace("name = \"KEY\"", "name = 5", StringComparison.Ordinal));

        Assert.Equal(PartitionTomlProblem.WrongType, error.Problem);
        Assert.Equal("name", error.Key);
        Assert.Equal(5, error.EntryNumber);
    }

    [Theory]
    [InlineData("size0 = 0x8000", "size0 = -1", "size0")]
    [InlineData("size0 = 0x8000", "size0 = 0x100000000", "size0")]
    [InlineData("type = 4", "type = 256", "type")]
    [InlineData("type = 4", "type = 4\nactiveindex = 2", "activeindex")]
    public void Values_that_do_not_fit_their_field_are_out_of_range(string from, string to, string key)
    {
        var error = Refused(VendorToml.Classic2M.Replace(from, to, StringComparison.Ordinal));

        Assert.Equal(PartitionTomlProblem.OutOfRange, error.Problem);
        Assert.Equal(key, error.Key);
        Assert.Contains("\"PSM\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("factory8")]
    [InlineData("")]
    [InlineData("fac tory")]
    public void Names_of_8_or_more_characters_empty_or_not_printable_are_refused(string name)
    {
        var error = Refused(VendorToml.Classic2M.Replace("name = \"factory\"", $"name = \"{name}\"", StringComparison.Ordinal));

        Assert.Equal(PartitionTomlProblem.BadName, error.Problem);
        Assert.Equal(7, error.EntryNumber);
        Assert.Contains("1 to 7 printable ASCII characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_seven_character_name_is_accepted()
    {
        var table = PartitionTableToml.Parse(VendorToml.Classic2M.Replace("name = \"media\"", "name = \"media_0\"", StringComparison.Ordinal), "x.toml").Table;

        Assert.NotNull(table.Find("media_0"));
    }

    [Fact]
    public void Unknown_key_is_refused_naming_it()
    {
        var error = Refused(VendorToml.Classic2M.Replace("size1 = 0x88000", "size1 = 0x88000\nsiz0 = 1", StringComparison.Ordinal));

        Assert.Equal(PartitionTomlProblem.UnknownKey, error.Problem);
        Assert.Equal("siz0", error.Key);
        Assert.Equal(1, error.EntryNumber);
    }

    [Fact]
    public void Overlapping_entries_are_a_layout_error_naming_both()
    {
        var error = Refused(VendorToml.Classic2M.Replace("address0 = 0x1F1000", "address0 = 0x1EF000", StringComparison.Ordinal));

        Assert.Equal(PartitionTomlProblem.Layout, error.Problem);
        Assert.Contains("entry \"PSM\" slot 0 (0x1E9000+0x8000) overlaps entry \"KEY\" slot 0 (0x1EF000+0x2000)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classic_2M_table_on_a_1_MiB_flash_is_a_layout_error()
    {
        var error = Refused(VendorToml.Classic2M, flashSize: 1024 * 1024);

        Assert.Equal(PartitionTomlProblem.Layout, error.Problem);
        Assert.Contains("beyond the 1024 KiB flash", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("address1 = 0xF000", "address1 = 0xE800", "same 4 KiB sector")]
    [InlineData("address1 = 0xF000", "address1 = 0xF100", "not 4 KiB-aligned")]
    [InlineData("address1 = 0xF000", "address1 = 0x1E9000", "inside entry \"PSM\"")]
    public void Table_copies_must_be_in_their_own_aligned_sectors(string from, string to, string problem)
    {
        var error = Refused(VendorToml.Classic2M.Replace(from, to, StringComparison.Ordinal));

        Assert.Equal(PartitionTomlProblem.Layout, error.Problem);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
