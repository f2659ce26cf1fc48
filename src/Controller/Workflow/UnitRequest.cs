using Fixture.Controller.Reports;

namespace Fixture.Controller.Workflow;

/// <summary>What the operator gave for one unit: its scanned id, lot, operator, verification flag.</summary>
internal sealed record UnitRequest(string? UnitId, string? Lot, string? Operator, VerificationUnitKind Verification)
{
    public static UnitRequest Plain { get; } = new(null, null, null, VerificationUnitKind.None);

    /// <summary>Why the attempt's token was cancelled ("abort button", "Ctrl+C"), read when it was.</summary>
    public Func<string?> AbortReason { get; init; } = () => null;
}
