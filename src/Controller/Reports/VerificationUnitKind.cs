namespace Fixture.Controller.Reports;

/// <summary>
/// Whether a row comes from a production unit or from a verification unit run at shift start to
/// prove the station itself (a golden unit must PASS, a known-bad unit must FAIL), or is the
/// station's selftest of one socket. Such rows are kept in the CSV and left out of every yield figure.
/// </summary>
public enum VerificationUnitKind
{
    /// <summary>A production unit. Written as an empty cell.</summary>
    None,

    /// <summary>A known-good unit that must pass. Written as <c>GOLDEN</c>.</summary>
    Golden,

    /// <summary>A unit with a known defect that must fail with its code. Written as <c>KNOWN_BAD</c>.</summary>
    KnownBad,

    /// <summary>
    /// Not a unit: the station's selftest result for one socket (issue 12). PASS when every check of the
    /// socket passed, FAIL with FIXTURE_FAULT when one found a problem; <c>failed_step</c> is
    /// <c>Selftest</c>, <c>detail</c> the checks' lines. Written as <c>SELFTEST</c>.
    /// </summary>
    Selftest,
}

/// <summary>The CSV texts of <see cref="VerificationUnitKind"/>.</summary>
public static class VerificationUnitKinds
{
    public static string ToText(this VerificationUnitKind kind) => kind switch
    {
        VerificationUnitKind.None => "",
        VerificationUnitKind.Golden => "GOLDEN",
        VerificationUnitKind.KnownBad => "KNOWN_BAD",
        VerificationUnitKind.Selftest => "SELFTEST",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a verification unit kind."),
    };

    public static bool TryParse(ReadOnlySpan<char> text, out VerificationUnitKind kind)
    {
        switch (text)
        {
            case "": kind = VerificationUnitKind.None; return true;
            case "GOLDEN": kind = VerificationUnitKind.Golden; return true;
            case "KNOWN_BAD": kind = VerificationUnitKind.KnownBad; return true;
            case "SELFTEST": kind = VerificationUnitKind.Selftest; return true;
            default: kind = default; return false;
        }
    }
}
