using Fixture.Protocol.BootLog;

namespace Fixture.Protocol.Tests.BootLog;

public class BootLogExpectationsTests
{
    [Theory]
    [InlineData(nameof(BootLogExpectations.SilenceTimeout))]
    [InlineData(nameof(BootLogExpectations.ApStartTimeout))]
    [InlineData(nameof(BootLogExpectations.BootCompleteTimeout))]
    public void A_timeout_that_is_not_positive_is_refused_by_name(string field)
    {
        var expectations = field switch
        {
            nameof(BootLogExpectations.SilenceTimeout) => new BootLogExpectations { SilenceTimeout = TimeSpan.Zero },
            nameof(BootLogExpectations.ApStartTimeout) => new BootLogExpectations { ApStartTimeout = TimeSpan.FromSeconds(-1) },
            _ => new BootLogExpectations { BootCompleteTimeout = TimeSpan.Zero },
        };

        var error = Assert.Throws<ArgumentException>(() => new BootLogAnalyzer(expectations));
        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_version_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new BootLogAnalyzer(new BootLogExpectations { Version = " " }));
        Assert.Equal(nameof(BootLogExpectations.Version), error.ParamName);
    }

    [Fact]
    public void Defaults_are_a_clean_slate_and_the_documented_timeouts()
    {
        var expectations = new BootLogExpectations();

        Assert.True(expectations.CleanSlate);
        Assert.Null(expectations.ExpectedSsid);
        Assert.Equal(TimeSpan.FromSeconds(3), expectations.SilenceTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), expectations.ApStartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(12), expectations.BootCompleteTimeout);
    }

    [Theory]
    [InlineData(BootFailureKind.Boot2Failed, "BOOT2_FAIL")]
    [InlineData(BootFailureKind.Silent, "BOOT_SILENT")]
    [InlineData(BootFailureKind.BootLoop, "BOOT_LOOP")]
    [InlineData(BootFailureKind.SafeMode, "SAFE_MODE")]
    [InlineData(BootFailureKind.StockFirmware, "STOCK_FIRMWARE")]
    [InlineData(BootFailureKind.SsidMismatch, "SSID_MISMATCH")]
    [InlineData(BootFailureKind.VersionMismatch, "VERSION_MISMATCH")]
    [InlineData(BootFailureKind.MarkerMissing, "MARKER_MISSING")]
    [InlineData(BootFailureKind.LeftoverConfig, "LEFTOVER_CONFIG")]
    public void Each_failure_kind_has_its_stable_report_code(BootFailureKind kind, string code)
    {
        Assert.Equal(code, kind.ToFailureCode());
    }

    [Fact]
    public void Every_failure_kind_has_a_code()
    {
        Assert.All(Enum.GetValues<BootFailureKind>(), kind => Assert.False(string.IsNullOrEmpty(kind.ToFailureCode())));
    }
}
