using System.Net.NetworkInformation;
using Fixture.Protocol.BootLog;

namespace Fixture.Protocol.Tests.BootLog;

public class OpenBl602SsidTests
{
    [Fact]
    public void Worked_example_MAC_gives_the_reference_SSID()
    {
        Assert.True(OpenBl602Ssid.TryParseMac("70:3E:97:1E:96:66", out var mac));
        Assert.Equal("OpenBL602_971E9666", OpenBl602Ssid.FromMac(mac!));
    }

    [Fact]
    public void SSID_uses_the_last_four_MAC_bytes_in_upper_case_hex()
    {
        var mac = new PhysicalAddress([0xAA, 0xBB, 0x0c, 0x0d, 0xae, 0xff]);
        Assert.Equal("OpenBL602_0C0DAEFF", OpenBl602Ssid.FromMac(mac));
    }

    [Fact]
    public void A_MAC_that_is_not_six_bytes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => OpenBl602Ssid.FromMac(new PhysicalAddress([1, 2, 3, 4, 5, 6, 7, 8])));
    }

    [Theory]
    [InlineData("70:3E:97:1E:96:66")]
    [InlineData("70-3e-97-1e-96-66")]
    [InlineData("703E971E9666")]
    [InlineData(" 70:3E:97:1E:96:66 ")]
    public void MAC_is_read_with_colons_dashes_or_bare_hex(string text)
    {
        Assert.True(OpenBl602Ssid.TryParseMac(text, out var mac));
        Assert.Equal(new byte[] { 0x70, 0x3E, 0x97, 0x1E, 0x96, 0x66 }, mac!.GetAddressBytes());
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
    public void Unreadable_MAC_is_refused(string? text)
    {
        Assert.False(OpenBl602Ssid.TryParseMac(text, out var mac));
        Assert.Null(mac);
    }

    [Theory]
    [InlineData("OpenBL602_971E9666", true)]
    [InlineData("OpenBL602_971e9666", false)]
    [InlineData("OpenBL602_971E966", false)]
    [InlineData("OpenBL602_971E96660", false)]
    [InlineData("OpenBK7231T_971E9666", false)]
    [InlineData("OpenBL602_1.17.366", false)]
    public void Well_formed_SSID_is_the_prefix_and_eight_upper_case_hex_digits(string ssid, bool wellFormed)
    {
        Assert.Equal(wellFormed, OpenBl602Ssid.IsWellFormed(ssid));
    }
}
