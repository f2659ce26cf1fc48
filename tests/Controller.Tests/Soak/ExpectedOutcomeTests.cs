using Fixture.Controller.Reports;
using Fixture.Controller.Soak;

namespace Fixture.Controller.Tests.Soak;

/// <summary>The soak's verdict on one unit: a row that differs from the expectation table in any way it checks is caught.</summary>
public sealed class ExpectedOutcomeTests
{
    private static UnitReportRow Row(UnitVerdict verdict, FailureCode? code = null, int retries = 0, bool weakSupply = false) => new()
    {
        TimestampUtc = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero),
        Station = "sim-1",
        Socket = 1,
        AttemptNumber = 7,
        Verdict = verdict,
        FailureCode = code,
        TotalRetries = retries,
        WeakSupplyWarning = weakSupply,
        RecipeName = "r",
        RecipeVersion = "1",
        RecipeSha256 = "",
        StationConfigSha256 = "",
        FirmwareFile = "f",
        FirmwareSha256 = "",
        FixtureVersion = "0",
    };

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
