using Fixture.Controller.Reports;
using Fixture.Lab.Soak;
using Fixture.Controller.Tests.Reports;

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
}
