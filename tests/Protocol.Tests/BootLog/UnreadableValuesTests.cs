using System.Text;
using Fixture.Protocol.BootLog;

namespace Fixture.Protocol.Tests.BootLog;

/// <summary>What the unit printed is kept and shown, even when it is not what a unit should print.</summary>
public class UnreadableValuesTests
{
    private static readonly BootLogExpectations NoMac = new() { Version = "1.17.366" };

    private static BootLogAnalyzer Saved(string log, BootLogExpectations expectations)
    {
        var analyzer = new BootLogAnalyzer(expectations);
        analyzer.Feed(Encoding.Latin1.GetBytes(log), TimeSpan.Zero);
        analyzer.Complete();
        return analyzer;
    }

    private const string Tail = "Info:MAIN:Time 7, idle 0/s\r\nInfo:MAIN:Boot complete time reached (5 seconds)\r\n";

    [Fact]
    public void An_SSID_that_is_a_spreadsheet_formula_is_kept_as_printed_and_fails()
    {
        var analyzer = Saved("OpenBL602, version 1.17.366\r\n[WF][SM] start AP with ssid =HYPERLINK(\"http://x\",\"y\");\r\n" + Tail, NoMac);

        Assert.Equal("=HYPERLINK(\"http://x\",\"y\")", analyzer.Findings.SsidSeen);
        Assert.Equal(BootFailureKind.SsidMismatch, analyzer.Verdict.Failure);
        Assert.Contains("'=HYPERLINK(\"http://x\",\"y\")' is not of the form", analyzer.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_SSID_with_a_terminal_escape_is_kept_and_quoted_escaped_in_the_reason()
    {
        var analyzer = Saved("[WF][SM] start AP with ssid \u001b[2J\u001b[31mEVIL;\r\n" + Tail, NoMac with { Version = null });

        Assert.Equal("\u001b[2J\u001b[31mEVIL", analyzer.Findings.SsidSeen);
        Assert.Contains("'\\x1B[2J\\x1B[31mEVIL'", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', analyzer.Verdict.Reason);
        Assert.DoesNotContain('\u001b', analyzer.Findings.ToDetail());
    }

    [Theory]
    [InlineData("OpenBL602, version \u00fe\u00ff\u0081\r\n")]
    [InlineData("OpenBL602, version\r\n")]
    [InlineData("OpenBL602, version #!\r\n")]
    public void A_garbled_version_line_fails_an_expected_version(string versionLine)
    {
        var analyzer = Saved(versionLine + "[WF][SM] start AP with ssid OpenBL602_971E9666;\r\n" + Tail, NoMac);

        Assert.Equal(BootFailureKind.VersionMismatch, analyzer.Verdict.Failure);
        Assert.Contains("version line is garbled", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.NotNull(analyzer.Findings.GarbledVersion);
        Assert.Null(analyzer.Findings.VersionSeen);
    }

    [Fact]
    public void A_garbled_version_line_is_a_note_when_no_version_is_expected()
    {
        var analyzer = Saved("OpenBL602, version \u00fe\u00ff\r\n[WF][SM] start AP with ssid OpenBL602_971E9666;\r\n" + Tail, new BootLogExpectations());

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Contains(analyzer.Findings.Notes, n => n.Contains("garbled", StringComparison.Ordinal));
    }

    [Fact]
    public void A_version_line_cut_at_the_phrase_waits_for_the_rest()
    {
        var analyzer = new BootLogAnalyzer(NoMac);
        analyzer.Feed("OpenBL602, version "u8, TimeSpan.FromSeconds(0.06));
        Assert.True(analyzer.Verdict.IsPending);
        Assert.Null(analyzer.Findings.GarbledVersion);

        analyzer.Feed("1.17.366\r\n"u8, TimeSpan.FromSeconds(0.061));
        Assert.Equal("1.17.366", analyzer.Findings.VersionSeen);
        Assert.True(analyzer.Verdict.IsPending);
    }
}
