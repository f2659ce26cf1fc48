using Fixture.Protocol.BootLog;

namespace Fixture.Protocol.Tests.BootLog;

/// <summary>The hand-written captures, read whole as `check-log` reads a saved log (no timing).</summary>
public class SavedLogTests
{
    private static readonly BootLogExpectations WorkedExample = new() { Macs = BootLogExpectations.One(OpenBl602Boot.WorkedExampleMac), Version = "1.17.366" };

    internal static BootLogAnalyzer Analyze(string file, BootLogExpectations expectations)
    {
        var analyzer = new BootLogAnalyzer(expectations);
        analyzer.Feed(BootLogFiles.Read(file), TimeSpan.Zero);
        analyzer.Complete();
        return analyzer;
    }

    [Fact]
    public void First_boot_of_a_fresh_flash_passes_on_the_boot_complete_line()
    {
        var analyzer = Analyze(BootLogFiles.FirstBoot, WorkedExample);

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal("OpenBL602_971E9666", analyzer.Verdict.SeenSsid);
        Assert.Equal("OpenBL602_971E9666", analyzer.Verdict.ExpectedSsid);
        Assert.Equal("1.17.366", analyzer.Findings.VersionSeen);
        Assert.Equal(ConfigOrigin.DefaultsWritten, analyzer.Findings.Config);
        Assert.Equal(BootCompleteEvidence.BootCompleteLine, analyzer.Findings.BootCompleteEvidence);
        Assert.Contains("Boot complete time reached", analyzer.Verdict.DecidingEvidence, StringComparison.Ordinal);
        Assert.Equal(5, analyzer.Findings.FullBootTimeSeconds);
        Assert.Equal(8, analyzer.Findings.HighestTimeTick);
        Assert.True(analyzer.IsBootComplete);
        Assert.Equal(0, analyzer.Findings.Restarts);
        Assert.Empty(analyzer.Findings.Notes);
        Assert.True(analyzer.Findings.HasMarker(BootMarkerKind.SdkStart));
        Assert.True(analyzer.Findings.HasMarker(BootMarkerKind.DhcpServerStart));
        Assert.Equal(8, analyzer.Findings.Marker(BootMarkerKind.TimeTick)!.Count);
    }

    [Fact]
    public void Later_boot_with_a_loaded_config_passes_and_is_noted_when_clean_slate_is_on()
    {
        var analyzer = Analyze(BootLogFiles.SecondBoot, WorkedExample);

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal(ConfigOrigin.StoredConfigLoaded, analyzer.Findings.Config);
        Assert.Equal(1, analyzer.Findings.StoredConfigChanges);
        Assert.Contains(analyzer.Findings.Notes, n => n.Contains("stored OpenBeken config was loaded (1 changes count)", StringComparison.Ordinal));
        Assert.Contains("config=stored(1)", analyzer.Findings.ToDetail(), StringComparison.Ordinal);
    }

    [Fact]
    public void Loaded_config_that_breaks_nothing_passes_with_clean_slate_off_too()
    {
        var analyzer = Analyze(BootLogFiles.SecondBoot, WorkedExample with { CleanSlate = false });

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Contains(analyzer.Findings.Notes, n => n.Contains("clean slate is off", StringComparison.Ordinal));
    }

    [Fact]
    public void Safe_mode_boot_fails_safe_mode_and_still_reports_boot_complete()
    {
        var analyzer = Analyze(BootLogFiles.SafeMode, WorkedExample);

        Assert.Equal(BootFailureKind.SafeMode, analyzer.Verdict.Failure);
        Assert.Equal("SAFE_MODE", analyzer.Verdict.FailureCode);
        Assert.True(analyzer.Findings.SafeMode);
        Assert.Equal(5, analyzer.Findings.SafeModeBootFailures);
        Assert.Contains("safe mode activated", analyzer.Verdict.DecidingEvidence, StringComparison.Ordinal);
        Assert.True(analyzer.IsBootComplete);
        Assert.Equal("OpenBL602_971E9666", analyzer.Findings.SsidSeen);
    }

    [Fact]
    public void Firmware_that_crashes_and_repeats_its_banner_fails_boot_loop()
    {
        var analyzer = Analyze(BootLogFiles.BootLoop, WorkedExample);

        Assert.Equal(BootFailureKind.BootLoop, analyzer.Verdict.Failure);
        Assert.Contains("Starting bl602 now", analyzer.Verdict.DecidingEvidence, StringComparison.Ordinal);
        Assert.Equal(2, analyzer.Findings.Restarts);
        Assert.Equal(2, analyzer.Findings.RestartsBeforeBootComplete);
        Assert.False(analyzer.IsBootComplete);
    }

    [Fact]
    public void Stock_TG7100C_log_fails_stock_firmware()
    {
        var analyzer = Analyze(BootLogFiles.Stock, WorkedExample);

        Assert.Equal(BootFailureKind.StockFirmware, analyzer.Verdict.Failure);
        Assert.Contains("Starting tg7100c now", analyzer.Verdict.DecidingEvidence, StringComparison.Ordinal);
        foreach (var marker in new[] { BootMarkerKind.StockBanner, BootMarkerKind.AliosWelcome, BootMarkerKind.StockFirmwareInfo, BootMarkerKind.StockAppBoard })
        {
            Assert.True(analyzer.Findings.HasMarker(marker), marker.ToString());
        }
    }

    [Fact]
    public void Repeated_boot2_failure_fails_boot2()
    {
        var analyzer = Analyze(BootLogFiles.Boot2Fail, WorkedExample);

        Assert.Equal(BootFailureKind.Boot2Failed, analyzer.Verdict.Failure);
        Assert.Equal("BOOT2_FAIL", analyzer.Verdict.FailureCode);
        Assert.Equal(12, analyzer.Findings.Boot2FailLines);
        Assert.True(analyzer.Findings.HasMarker(BootMarkerKind.Boot2MediaReturn));
    }

    [Fact]
    public void Capture_that_starts_after_the_banner_passes_on_SSID_and_boot_complete()
    {
        var analyzer = Analyze(BootLogFiles.AfterBanner, WorkedExample);

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Null(analyzer.Findings.VersionSeen);
        Assert.Equal(ConfigOrigin.Unknown, analyzer.Findings.Config);
        Assert.Equal(0, analyzer.Findings.Restarts);
    }

    [Fact]
    public void Station_mode_from_a_stored_network_fails_leftover_config_when_clean_slate_is_off()
    {
        var analyzer = Analyze(BootLogFiles.StationMode, WorkedExample with { CleanSlate = false });

        Assert.Equal(BootFailureKind.LeftoverConfig, analyzer.Verdict.Failure);
        Assert.Equal("LEFTOVER_CONFIG", analyzer.Verdict.FailureCode);
        Assert.Equal("HomeNet-2G", analyzer.Findings.StationSsid);
        Assert.Contains("HomeNet-2G", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(14, analyzer.Findings.StoredConfigChanges);
    }

    [Fact]
    public void Station_mode_with_clean_slate_on_is_a_missing_AP_that_names_the_stored_network()
    {
        var analyzer = Analyze(BootLogFiles.StationMode, WorkedExample);

        Assert.Equal(BootFailureKind.MarkerMissing, analyzer.Verdict.Failure);
        Assert.Contains("station mode", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("HomeNet-2G", analyzer.Verdict.Reason, StringComparison.Ordinal);
        Assert.Null(analyzer.Findings.SsidSeen);
    }

    [Fact]
    public void Interleaved_and_split_lines_are_joined_again()
    {
        var analyzer = Analyze(BootLogFiles.Interleaved, WorkedExample);

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal("OpenBL602_971E9666", analyzer.Findings.SsidSeen);
        // Both halves of the cut config line and of the cut boot-complete line were put back together.
        Assert.Equal(ConfigOrigin.DefaultsWritten, analyzer.Findings.Config);
        Assert.Equal(BootCompleteEvidence.BootCompleteLine, analyzer.Findings.BootCompleteEvidence);
        Assert.Equal(7, analyzer.Findings.HighestTimeTick);
        Assert.Equal(7, analyzer.Findings.Marker(BootMarkerKind.TimeTick)!.Count);
        Assert.Equal(0, analyzer.Findings.TimeCounterRestarts);
    }

    [Fact]
    public void Garbled_prefixes_noise_and_a_flipped_digit_still_pass()
    {
        var analyzer = Analyze(BootLogFiles.Garbled, WorkedExample);

        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal("OpenBL602_971E9666", analyzer.Findings.SsidSeen);
        Assert.Equal(BootCompleteEvidence.BootCompleteLine, analyzer.Findings.BootCompleteEvidence);
        Assert.Equal(0, analyzer.Findings.Restarts);
        Assert.True(analyzer.Findings.UnreadableBytes > 10);
    }

    public static TheoryData<string> AllFiles() => new(BootLogFiles.All);

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Verdict_and_findings_do_not_depend_on_how_the_bytes_are_chunked(string file)
    {
        var bytes = BootLogFiles.Read(file);
        var whole = Analyze(file, WorkedExample);

        var oneByOne = new BootLogAnalyzer(WorkedExample);
        foreach (var b in bytes)
        {
            oneByOne.Feed([b], TimeSpan.Zero);
        }

        oneByOne.Complete();

        var random = new Random(file.Length);
        var chunked = new BootLogAnalyzer(WorkedExample);
        for (var offset = 0; offset < bytes.Length;)
        {
            var length = Math.Min(random.Next(1, 200), bytes.Length - offset);
            chunked.Feed(bytes.AsSpan(offset, length), TimeSpan.Zero);
            offset += length;
        }

        chunked.Complete();

        foreach (var other in new[] { oneByOne, chunked })
        {
            Assert.Equal(whole.Verdict, other.Verdict);
            Assert.Equal(whole.Findings.ToDetail(), other.Findings.ToDetail());
            Assert.Equal(whole.Findings.Notes, other.Findings.Notes);
        }
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\n\r")]
    public void Any_line_ending_gives_the_same_findings(string ending)
    {
        var text = System.Text.Encoding.Latin1.GetString(BootLogFiles.Read(BootLogFiles.FirstBoot));
        var converted = text.Replace("\r\n", "\u0001", StringComparison.Ordinal).Replace("\u0001", ending, StringComparison.Ordinal);
        var analyzer = new BootLogAnalyzer(WorkedExample);
        analyzer.Feed(System.Text.Encoding.Latin1.GetBytes(converted), TimeSpan.Zero);
        analyzer.Complete();

        var reference = Analyze(BootLogFiles.FirstBoot, WorkedExample);
        Assert.True(analyzer.Verdict.IsPass, analyzer.Verdict.Reason);
        Assert.Equal(reference.Findings.ToDetail(), analyzer.Findings.ToDetail());
    }
}
