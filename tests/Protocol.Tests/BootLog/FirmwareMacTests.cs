using System.Text;
using Fixture.Protocol.BootLog;
using Fixture.Protocol.Identity;

namespace Fixture.Protocol.Tests.BootLog;

/// <summary>
/// What the firmware prints about its MAC — the SDK's `[BL] Initi Wi-Fi with MAC #### … ####` line
/// (whole, or masked after byte 2 as in the real unit's log), the hostname line and the AP SSID —
/// checked against the predicted MAC(s) and against each other.
/// </summary>
public class FirmwareMacTests
{
    private static readonly MacAddress Factory = MacAddress.Parse("70:3E:97:1E:96:66");
    private static readonly MacAddress ChipId = MacAddress.Parse("AC:D8:29:6B:B7:ED");

    private static BootLogExpectations Expect(params MacAddress[] macs) =>
        new() { Macs = [.. macs.Select(m => new ExpectedMac(m, "efuse-slot1: mode MBF: M = eFuse slot 1"))], Version = "1.17.366" };

    private static BootLogAnalyzer Run(OpenBl602Boot boot, BootLogExpectations expectations) =>
        boot.Script().FeedTo(new BootLogAnalyzer(expectations));

    private static BootLogAnalyzer Saved(string log, BootLogExpectations expectations)
    {
        var analyzer = new BootLogAnalyzer(expectations);
        analyzer.Feed(Encoding.ASCII.GetBytes(log), TimeSpan.Zero);
        analyzer.Complete();
        return analyzer;
    }

    [Theory]
    [InlineData(WifiStartLine.Full)]
    [InlineData(WifiStartLine.Masked)]
    [InlineData(WifiStartLine.None)]
    public void The_predicted_MAC_passes_with_the_whole_the_masked_or_no_Wi_Fi_start_line(WifiStartLine line)
    {
        var analyzer = Run(new OpenBl602Boot { Mac = Factory, WifiStart = line }, Expect(Factory));

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal(Factory, analyzer.MatchedMac?.Mac);
        Assert.Equal(line == WifiStartLine.None ? null : Factory, analyzer.Findings.FirmwareMac.Mac);
    }

    [Fact]
    public void The_masked_line_and_the_SSID_together_give_the_whole_MAC()
    {
        var analyzer = Run(new OpenBl602Boot { Mac = Factory, WifiStart = WifiStartLine.Masked }, Expect(Factory));

        Assert.Equal("70:3E:97:*****", analyzer.Findings.FirmwareMac.InitLineMac);
        Assert.Equal(Factory, analyzer.Findings.FirmwareMac.Mac);
    }

    [Fact]
    public void Without_the_Wi_Fi_start_line_only_bytes_2_to_5_are_known()
    {
        var analyzer = Run(new OpenBl602Boot { Mac = Factory }, Expect(Factory));

        Assert.Null(analyzer.Findings.FirmwareMac.Mac);
        Assert.Equal("??:??:97:1E:96:66", analyzer.Findings.FirmwareMac.Pattern);
    }

    [Fact]
    public void A_firmware_on_the_chip_id_while_the_factory_MAC_was_predicted_is_SSID_MISMATCH_at_its_Wi_Fi_start_line()
    {
        var analyzer = Run(new OpenBl602Boot { Mac = ChipId, WifiStart = WifiStartLine.Full }, Expect(Factory));

        Assert.Equal(BootFailureKind.SsidMismatch, analyzer.Verdict.Failure);
        Assert.Contains("AC:D8:29:6B:B7:ED", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("70:3E:97:1E:96:66", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("efuse-slot1", analyzer.Verdict.Reason, StringComparison.Ordinal);
        // Decided at the line, seconds before the AP opens.
        Assert.Contains("Initi Wi-Fi", analyzer.Verdict.DecidingEvidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_masked_line_whose_first_bytes_differ_from_the_prediction_is_SSID_MISMATCH()
    {
        var analyzer = Run(new OpenBl602Boot { Mac = ChipId, WifiStart = WifiStartLine.Masked }, Expect(Factory));

        Assert.Equal(BootFailureKind.SsidMismatch, analyzer.Verdict.Failure);
        Assert.Contains("AC:D8:29:??:??:??", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_start_line_a_wrong_SSID_is_SSID_MISMATCH_with_both_MACs_and_the_slot()
    {
        var analyzer = Run(new OpenBl602Boot { Mac = ChipId }, Expect(Factory));

        Assert.Equal(BootFailureKind.SsidMismatch, analyzer.Verdict.Failure);
        Assert.Equal("OpenBL602_296BB7ED", analyzer.Verdict.SeenSsid);
        Assert.Contains("??:??:29:6B:B7:ED", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("70:3E:97:1E:96:66 (efuse-slot1", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Either_of_two_plausible_MACs_passes_and_the_one_used_is_named()
    {
        var rfPara = MacAddress.Parse("70:3E:97:AA:BB:CC");

        var analyzer = Run(new OpenBl602Boot { Mac = rfPara, WifiStart = WifiStartLine.Full }, Expect(Factory, rfPara));

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal(rfPara, analyzer.MatchedMac?.Mac);
    }

    [Fact]
    public void Without_an_expectation_the_start_line_and_the_SSID_must_agree_on_byte_2()
    {
        const string log = "[BL] Initi Wi-Fi with MAC #### 70:3E:98:***** ####\r\n"
            + "[WF][SM] start AP with ssid OpenBL602_971E9666;\r\n"
            + "Info:MAIN:Time 7, idle 0/s\r\nInfo:MAIN:Boot complete time reached (5 seconds)\r\n";

        var analyzer = Saved(log, new BootLogExpectations());

        Assert.Equal(BootFailureKind.SsidMismatch, analyzer.Verdict.Failure);
        Assert.Contains("byte 2 = 98", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("byte 2 = 97", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_expectation_a_consistent_log_passes_and_tells_the_MAC()
    {
        const string log = "[BL] Initi Wi-Fi with MAC #### 70:3E:97:***** ####\r\n     hostname: OpenBL602_971e9666\r\n"
            + "[WF][SM] start AP with ssid OpenBL602_971E9666;\r\n"
            + "Info:MAIN:Time 7, idle 0/s\r\nInfo:MAIN:Boot complete time reached (5 seconds)\r\n";

        var analyzer = Saved(log, new BootLogExpectations());

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal(Factory, analyzer.Findings.FirmwareMac.Mac);
        Assert.Equal(0x971E9666u, analyzer.Findings.FirmwareMac.HostnameLastFour);
        Assert.Contains("mac=70:3E:97:*****", analyzer.Findings.ToDetail(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostname_that_contradicts_the_SSID_is_SSID_MISMATCH()
    {
        const string log = "     hostname: OpenBL602_971e9666\r\n[WF][SM] start AP with ssid OpenBL602_971E9667;\r\n";

        var analyzer = Saved(log, new BootLogExpectations());

        Assert.Equal(BootFailureKind.SsidMismatch, analyzer.Verdict.Failure);
        Assert.Contains("hostname", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_start_line_cut_inside_the_MAC_is_not_read_as_a_MAC()
    {
        var analyzer = new BootLogAnalyzer(Expect(Factory));
        analyzer.Feed("[BL] Initi Wi-Fi with MAC #### AC:D8:2"u8, TimeSpan.FromMilliseconds(50));
        analyzer.Feed("\r\n"u8, TimeSpan.FromMilliseconds(51));

        Assert.True(analyzer.Verdict.IsPending);
        Assert.Null(analyzer.Findings.FirmwareMac.InitLineMac);
        Assert.True(analyzer.Findings.HasMarker(BootMarkerKind.WifiInitMac));
    }
}
