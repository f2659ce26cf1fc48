namespace Fixture.Controller.Reports;

/// <summary>The outcome of one unit attempt, as the operator sees it and the CSV records it.</summary>
public enum UnitVerdict
{
    /// <summary>Flashed, verified and booted as the recipe expects. Written as <c>PASS</c>.</summary>
    Pass,

    /// <summary>The attempt failed; the row carries the failure code and step. Written as <c>FAIL</c>.</summary>
    Fail,

    /// <summary>
    /// Not flashed: the unit reached its retest limit or earlier failed with a code a retest cannot fix.
    /// Written as <c>REWORK</c>.
    /// </summary>
    Rework,
}

/// <summary>The verdict texts of the CSV (<c>PASS</c>, <c>FAIL</c>, <c>REWORK</c>).</summary>
public static class UnitVerdicts
{
    public static string ToText(this UnitVerdict verdict) => verdict switch
    {
        UnitVerdict.Pass => "PASS",
        UnitVerdict.Fail => "FAIL",
        UnitVerdict.Rework => "REWORK",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Not a unit verdict."),
    };

    public static bool TryParse(ReadOnlySpan<char> text, out UnitVerdict verdict)
    {
        switch (text)
        {
            case "PASS": verdict = UnitVerdict.Pass; return true;
            case "FAIL": verdict = UnitVerdict.Fail; return true;
            case "REWORK": verdict = UnitVerdict.Rework; return true;
            default: verdict = default; return false;
        }
    }
}
