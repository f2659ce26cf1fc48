using System.Text;
using Fixture.Protocol.BootLog;

namespace Fixture.Protocol.Tests.BootLog;

/// <summary>
/// A unit spewing bytes without a line break (a wrong baud, a floating RX, NULs after a valid log):
/// the analyzer cuts them into marked pieces, holds no more than two lines, and goes on deciding.
/// How long it takes is measured by `fixture bench check-log`, not here.
/// </summary>
public class NoiseWithoutLineBreaksTests
{
    private static readonly BootLogExpectations Expect = new() { Macs = BootLogExpectations.One(OpenBl602Boot.WorkedExampleMac), Version = "1.17.366" };

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public void NULs_after_a_valid_log_are_held_at_most_two_lines_long()
    {
        var analyzer = new BootLogAnalyzer(new BootLogExpectations());
        analyzer.Feed(BootLogFiles.Read(BootLogFiles.FirstBoot), TimeSpan.Zero);
        var zeros = new byte[4096];
        var mostHeld = 0;
        for (var i = 0; i < 256; i++)
        {
            analyzer.Feed(zeros, TimeSpan.Zero);
            mostHeld = Math.Max(mostHeld, analyzer.HeldCharacters);
        }

        Assert.InRange(mostHeld, 0, 2 * BootLogAnalyzer.MaxLineLength);
        Assert.True(analyzer.Complete().IsPass, analyzer.Verdict.Reason);
    }

    [Fact]
    public void A_line_past_the_limit_is_cut_counted_and_noted_and_the_next_line_still_decides()
    {
        var analyzer = new BootLogAnalyzer(Expect);
        analyzer.Feed("OpenBL602, version 1.17.366\r\n[WF][SM] start AP with ssid OpenBL602_971E9666;\r\n"u8, Seconds(4.6));
        analyzer.Feed(Encoding.ASCII.GetBytes(new string('x', 10 * BootLogAnalyzer.MaxLineLength)), Seconds(5));
        Assert.True(analyzer.Verdict.IsPending);

        analyzer.Feed("\r\nInfo:MAIN:Boot complete time reached (5 seconds)\r\n"u8, Seconds(6.6));

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal(10, analyzer.Findings.LongLinesCut);
        Assert.Contains(analyzer.Findings.Notes, n => n.Contains("without a line break", StringComparison.Ordinal));
    }

    [Fact]
    public void Garbage_at_a_wrong_baud_is_silence_at_the_silence_timeout_and_holds_at_most_two_lines()
    {
        var expect = Expect with { SilenceTimeout = Seconds(2), ApStartTimeout = Seconds(6), BootCompleteTimeout = Seconds(8) };
        var analyzer = new BootLogAnalyzer(expect);
        var random = new Random(7);
        var chunk = new byte[4096];
        var at = TimeSpan.Zero;
        var mostHeld = 0;

        // 2 Mbaud is 200 000 bytes a second: about 49 chunks a second, none with a line break.
        while (analyzer.Verdict.IsPending && at < Seconds(10))
        {
            random.NextBytes(chunk);
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = chunk[i] is (byte)'\r' or (byte)'\n' ? (byte)0xFF : chunk[i];
            }

            at += TimeSpan.FromSeconds(chunk.Length / 200_000.0);
            analyzer.Feed(chunk, at);
            mostHeld = Math.Max(mostHeld, analyzer.HeldCharacters);
        }

        Assert.Equal(BootFailureKind.Silent, analyzer.Verdict.Failure);
        Assert.InRange(analyzer.Verdict.DecidedAt!.Value, Seconds(2), Seconds(2.1));
        Assert.InRange(mostHeld, 0, 2 * BootLogAnalyzer.MaxLineLength);
        Assert.True(analyzer.Findings.LongLinesCut > 300);
    }
}
