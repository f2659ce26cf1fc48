using Fixture.Protocol.BootLog;
using Fixture.Protocol.Identity;

namespace Fixture.Protocol.Tests.BootLog;

public class OpenBl602SsidTests
{
    [Fact]
    public void Worked_example_MAC_gives_the_reference_SSID()
    {
        Assert.Equal("OpenBL602_971E9666", OpenBl602Ssid.FromMac(MacAddress.Parse("70:3E:97:1E:96:66")));
    }

    [Fact]
    public void SSID_uses_the_last_four_MAC_bytes_in_upper_case_hex()
    {
        var mac = MacAddress.FromBytes([0xAA, 0xBB, 0x0c, 0x0d, 0xae, 0xff]);
        Assert.Equal("OpenBL602_0C0DAEFF", OpenBl602Ssid.FromMac(mac));
    }

    [Fact]
    public void A_well_formed_SSID_gives_the_MAC_bytes_2_to_5()
    {
        Assert.True(OpenBl602Ssid.TryGetLastFourBytes("OpenBL602_971E9666", out var lastFour));
        Assert.Equal(0x971E9666u, lastFour);
        Assert.False(OpenBl602Ssid.TryGetLastFourBytes("OpenBL602_971e9666", out _));
        Assert.False(OpenBl602Ssid.TryGetLastFourBytes(null, out _));
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
