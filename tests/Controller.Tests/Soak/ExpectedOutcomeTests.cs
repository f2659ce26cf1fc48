using Fixture.Controller.Reports;
using Fixture.Lab.Soak;
using Fixture.Controller.Tests.Reports;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Unit;

namespace Fixture.Controller.Tests.Soak;

/// <summary>The soak's verdict on one unit: a row that differs from the expectation table in any way it checks is caught.</summary>
public sealed class ExpectedOutcomeTests
{
    private static UnitReportRow Row(UnitVerdict verdict, FailureCode? code = null, int retries = 0, bool weakSupply = false) =>
        (code is { } c ? SampleRows.Fail(7, c) : SampleRows.Pass(7)) with { Verdict = verdict, TotalRetries = retries, WeakSupplyWarning = weakSupply };

    [Fact]
    public void A_row_with_the_expected_verdict_and_code_has_no_differences()
    {
        Assert.Empty(new ExpectedOutcome(UnitVerdict.Fail, FailureCode.Erase, "erase error").Differences(Row(UnitVerdict.Fail, FailureCode.Erase)));
        Assert.Empty(new ExpectedOutcome(UnitVerdict.Pass, null, "healthy").Differences(Row(UnitVerdict.Pass)));
    }

    [Fact]
    public void Another_code_or_another_verdict_is_a_difference_naming_both()
    {
        var expected = new ExpectedOutcome(UnitVerdict.Fail, FailureCode.Verify, "write-protected flash");

        var otherCode = Assert.Single(expected.Differences(Row(UnitVerdict.Fail, FailureCode.Write)));
        var passed = Assert.Single(expected.Differences(Row(UnitVerdict.Pass)));

        Assert.Equal("expected FAIL VERIFY, got FAIL WRITE", otherCode);
        Assert.Equal("expected FAIL VERIFY, got PASS", passed);
    }

    [Fact]
    public void A_pass_owed_to_recovery_must_count_its_retries_and_carry_its_warning()
    {
        var expected = new ExpectedOutcome(UnitVerdict.Pass, null, "weak supply") { RetriesRequired = true, WeakSupplyWarning = true };

        Assert.Empty(expected.Differences(Row(UnitVerdict.Pass, retries: 2, weakSupply: true)));
        Assert.Equal(2, expected.Differences(Row(UnitVerdict.Pass)).Count);
        Assert.Contains("the row lacks the weak-supply warning", expected.Differences(Row(UnitVerdict.Pass, retries: 2)));
    }

    // A unit's boots as its record keeps them: the bootrom (then the loader) from 0.1 s, the firmware from 7 s.
    private static readonly BootRecord[] Boots =
    [
        new(1, BootTarget.Bootrom, "power-on", TimeSpan.FromSeconds(0.1)),
        new(2, BootTarget.Flash, "CHIP_EN released", TimeSpan.FromSeconds(7)),
    ];

    private static ExpectedOutcome LineNoise => FaultExpectations.For(new UnitFaults { LineCorruptionRate = 1e-4 }, StationFaults.None, new ExpectationContext(true, 6, 3, 2, [], 1));

    private static FaultEvent[] NoiseAt(double seconds) => [new(TimeSpan.FromSeconds(seconds), FaultKind.LineNoise, "a byte to the chip corrupted: 0x31 arrived as 0x33")];

    [Fact]
    public void A_noisy_unit_that_passes_matches_whether_or_not_the_noise_fired()
    {
        Assert.Empty(LineNoise.Differences(Row(UnitVerdict.Pass), NoiseAt(3), Boots));
        Assert.Empty(LineNoise.Differences(Row(UnitVerdict.Pass), [], Boots));
    }

    [Fact]
    public void A_noisy_unit_may_fail_with_a_flashing_code_only_when_the_noise_hit_while_the_bootrom_or_loader_ran()
    {
        Assert.Empty(LineNoise.Differences(Row(UnitVerdict.Fail, FailureCode.Write), NoiseAt(3), Boots));

        var onlyInFirmware = Assert.Single(LineNoise.Differences(Row(UnitVerdict.Fail, FailureCode.Write), NoiseAt(8), Boots));
        Assert.Contains("none while the chip ran its bootrom or loader", onlyInFirmware, StringComparison.Ordinal);
    }

    [Fact]
    public void A_noisy_unit_may_fail_with_a_boot_log_code_only_when_the_noise_hit_the_firmware_log()
    {
        Assert.Empty(LineNoise.Differences(Row(UnitVerdict.Fail, FailureCode.MarkerMissing), NoiseAt(8), Boots));
        Assert.Single(LineNoise.Differences(Row(UnitVerdict.Fail, FailureCode.MarkerMissing), NoiseAt(3), Boots));
    }

    [Fact]
    public void An_ssid_mismatch_is_explained_by_noise_on_the_efuse_read_as_well_as_on_the_firmware_log()
    {
        Assert.Empty(LineNoise.Differences(Row(UnitVerdict.Fail, FailureCode.SsidMismatch), NoiseAt(3), Boots));
        Assert.Empty(LineNoise.Differences(Row(UnitVerdict.Fail, FailureCode.SsidMismatch), NoiseAt(8), Boots));
        Assert.True(LineNoise.IsExplainedFailure(Row(UnitVerdict.Fail, FailureCode.SsidMismatch)));
        Assert.False(LineNoise.IsExplainedFailure(Row(UnitVerdict.Pass)));
    }

    [Fact]
    public void A_noisy_unit_whose_noise_never_fired_must_pass_like_a_healthy_unit()
    {
        var difference = Assert.Single(LineNoise.Differences(Row(UnitVerdict.Fail, FailureCode.Write), [], Boots));

        Assert.Contains("never fired", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_noise_explains_no_code_about_what_the_unit_is()
    {
        foreach (var code in new[] { FailureCode.ChipLocked, FailureCode.BootLoop, FailureCode.Short, FailureCode.StockFirmware, FailureCode.SafeMode })
        {
            Assert.Single(LineNoise.Differences(Row(UnitVerdict.Fail, code), [.. NoiseAt(3), .. NoiseAt(8)], Boots));
        }
    }

    [Fact]
    public void A_fixed_expectation_ignores_what_fired()
    {
        var expected = new ExpectedOutcome(UnitVerdict.Pass, null, "healthy");

        Assert.Equal("expected PASS, got FAIL WRITE", Assert.Single(expected.Differences(Row(UnitVerdict.Fail, FailureCode.Write), NoiseAt(3), Boots)));
    }
}
