using Fixture.Controller.Reports;
using Fixture.Protocol.BootLog;

namespace Fixture.Controller.Tests.Reports;

public sealed class FailureCodeTests
{
    [Fact]
    public void Codes_are_written_exactly_as_the_design_lists_them()
    {
        Assert.Equal(
            [
                "NO_HANDSHAKE", "WEAK_SUPPLY", "CHIP_LOCKED", "HELPER_LOAD", "LOADER_HANDSHAKE", "FLASH_ID", "ERASE", "WRITE",
                "VERIFY", "BOOT2_FAIL", "BOOT_SILENT", "BOOT_LOOP", "SAFE_MODE", "STOCK_FIRMWARE", "SSID_MISMATCH",
                "MARKER_MISSING", "LEFTOVER_CONFIG", "LIVE_RAIL", "ABORTED", "FIXTURE_FAULT", "VERSION_MISMATCH", "SHORT", "BACKUP",
            ],
            FailureCodes.All.Select(info => info.Text));
        Assert.Equal(Enum.GetValues<FailureCode>(), FailureCodes.All.Select(info => info.Code));
    }

    [Fact]
    public void Every_code_tells_the_operator_what_happened_and_what_to_do()
    {
        Assert.All(FailureCodes.All, info =>
        {
            Assert.True(info.Explanation.Length > 20, info.Text);
            Assert.True(info.NextStep.Length > 10, info.Text);
            Assert.EndsWith(".", info.Explanation);
            Assert.EndsWith(".", info.NextStep);
        });
        Assert.Contains("re-seat the unit", FailureCode.NoHandshake.Describe().NextStep, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("set aside for rework", FailureCode.ChipLocked.Describe().NextStep, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("unplug", FailureCode.LiveRail.Describe().NextStep, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Only_the_stations_own_fault_is_left_out_of_unit_yield()
    {
        Assert.Equal([FailureCode.FixtureFault], FailureCodes.All.Where(i => !i.CountsTowardYield).Select(i => i.Code));
    }

    [Fact]
    public void Codes_a_retest_cannot_fix_lead_to_rework()
    {
        Assert.Equal(
            [FailureCode.ChipLocked, FailureCode.FlashId, FailureCode.Short],
            FailureCodes.All.Where(i => !i.RetestCanFix).Select(i => i.Code));
    }

    [Fact]
    public void Every_boot_log_failure_maps_to_its_report_code()
    {
        Assert.All(Enum.GetValues<BootFailureKind>(), kind =>
            Assert.Equal(kind.ToFailureCode(), FailureCodes.FromBootFailure(kind).ToText()));
        Assert.Equal(FailureCode.Boot2Fail, FailureCodes.FromBootFailure(BootFailureKind.Boot2Failed));
        Assert.Equal(FailureCode.VersionMismatch, FailureCodes.FromBootFailure(BootFailureKind.VersionMismatch));
    }

    [Fact]
    public void Parsing_takes_the_exact_text_only()
    {
        Assert.True(FailureCodes.TryParse("BOOT2_FAIL", out var code));
        Assert.Equal(FailureCode.Boot2Fail, code);
        Assert.False(FailureCodes.TryParse("boot2_fail", out _));
        Assert.False(FailureCodes.TryParse("Boot2Fail", out _));
        Assert.False(FailureCodes.TryParse("", out _));
    }
}
