using Fixture.Controller.Reports;
using Fixture.Controller.Station;

namespace Fixture.Controller.OperatorScreen;

/// <summary>What the keyboard is collecting right now.</summary>
internal enum PromptKind
{
    None,

    /// <summary>A burst of characters (a barcode scanner) that becomes a unit id on Enter.</summary>
    Scan,

    /// <summary>A unit id typed by hand after <c>U</c>.</summary>
    UnitId,
    Lot,
    Operator,

    /// <summary>A technician's id after <c>T</c>: unlocks the prompt's (locked) socket.</summary>
    Unlock,
}

/// <summary>The console's answer to the last key: what it did or why it refused.</summary>
internal sealed record Feedback(StationMessageLevel Level, string Text);

/// <summary>The input bar's state: selection, open prompt, abort confirmation, next start's marking, last feedback.</summary>
internal sealed record InputStatus(
    int? Selected,
    PromptKind Prompt,
    int? PromptSocket,
    string Buffer,
    int? AbortTarget,
    bool AbortPending,
    VerificationUnitKind NextVerification,
    Feedback? Feedback);

/// <summary>What the keys ask of the station; <see cref="OperatorConsole"/> turns these into its events.</summary>
internal interface IOperatorRequests
{
    void Start(StartRequest request);

    void Abort(int? socket);

    void BindUnitId(UnitIdEntry entry);

    void SetShift(ShiftEntry entry);

    void Unlock(UnlockEntry entry);

    /// <summary>Enter while a socket without relays waits for the operator (issue 14 §1): confirms that wait; false when none waits.</summary>
    bool TryConfirm(int? socket);
}
