using Fixture.Protocol.Identity;

namespace Fixture.Protocol.Tests.Identity;

public class MacAddressTests
{
    [Theory]
    [InlineData("70:3E:97:1E:96:66")]
    [InlineData("70-3e-97-1e-96-66")]
    [InlineData("703E971E9666")]
    [InlineData("703e971e9666")]
    [InlineData(" 70:3E:97:1E:96:66 ")]
    public void Reads_the_forms_people_and_files_use(string text)
    {
        Assert.True(MacAddress.TryParse(text, out var mac));
        Assert.Equal(new byte[] { 0x70, 0x3E, 0x97, 0x1E, 0x96, 0x66 }, mac.ToBytes());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("70:3E:97:1E:96")]
    [InlineData("70:3E:97:1E:96:6G")]
    [InlineData("70:3E-97:1E:96:66")]
    [InlineData("70.3E.97.1E.96.66")]
    [InlineData("703E971E96661")]
    [InlineData("+0:3E:97:1E:96:66")]
    [InlineData("7:03E:97:1E:96:66")]
    [InlineData("0x00000001")]
    public void Refuses_anything_else(string? text)
    {
        Assert.False(MacAddress.TryParse(text, out _));
        Assert.Throws<FormatException>(() => MacAddress.Parse(text ?? "null"));
    }

    [Fact]
    public void Writes_upper_case_hex_with_colons_and_compact_for_file_names()
    {
        var mac = MacAddress.Parse("ac-d8-29-6b-b7-ed");

        Assert.Equal("AC:D8:29:6B:B7:ED", mac.ToString());
        Assert.Equal("ACD8296BB7ED", mac.ToCompactString());
    }

    [Fact]
    public void Bytes_2_to_5_are_what_the_SSID_shows()
    {
        Assert.Equal("971E9666", MacAddress.Parse("70:3E:97:1E:96:66").LastFourHex);
        Assert.Equal("0C0DAEFF", MacAddress.FromBytes([0xAA, 0xBB, 0x0C, 0x0D, 0xAE, 0xFF]).LastFourHex);
    }

    [Fact]
    public void The_chip_sends_MACs_reversed()
    {
        // get_boot_info of the d91c unit (protocol reference §4.2): bytes 91 15 07 CF 0E B4.
        var chipId = MacAddress.FromReversed([0x91, 0x15, 0x07, 0xCF, 0x0E, 0xB4]);

        Assert.Equal("B4:0E:CF:07:15:91", chipId.ToString());
        Assert.Equal(new byte[] { 0x91, 0x15, 0x07, 0xCF, 0x0E, 0xB4 }, chipId.ToReversedBytes());
    }

    [Fact]
    public void Equal_addresses_are_equal_and_hash_alike_whatever_form_they_were_read_in()
    {
        var a = MacAddress.Parse("70:3E:97:1E:96:66");
        var b = MacAddress.Parse("703e971e9666");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a.Add(1));
        Assert.Single(new HashSet<MacAddress> { a, b });
    }

    [Fact]
    public void Counting_up_carries_across_bytes()
    {
        Assert.Equal("70:3E:97:1E:97:00", MacAddress.Parse("70:3E:97:1E:96:FF").Add(1).ToString());
    }

    [Fact]
    public void Six_bytes_are_required()
    {
        Assert.Throws<ArgumentException>(() => MacAddress.FromBytes([1, 2, 3, 4, 5]));
        Assert.Throws<ArgumentException>(() => MacAddress.FromReversed([1, 2, 3, 4, 5, 6, 7]));
    }
}
