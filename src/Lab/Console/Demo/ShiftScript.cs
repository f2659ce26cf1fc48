using Fixture.Controller.Reports;

namespace Fixture.Lab.OperatorScreen.Demo;

/// <summary>Where a scripted unit's attempt ends.</summary>
internal enum ScriptedEnd
{
    AfterHandshake,
    AfterIdentify,
    AfterBoot,
    Complete,
}

/// <summary>One unit of the scripted shift: how it ends, and what it shows on the way.</summary>
/// <param name="Verdict">The verdict it gets.</param>
/// <param name="Code">Its failure code (FAIL and REWORK).</param>
/// <param name="End">The phase after which the attempt stops.</param>
/// <param name="PowerCycles">Extra handshake attempts, each with a power cycle.</param>
/// <param name="RetestOfPrevious">A retest of the previous unit with <paramref name="Code"/> (same MAC).</param>
/// <param name="Message">A station message this unit raises, if any.</param>
internal sealed record ScriptedUnit(
    UnitVerdict Verdict,
    FailureCode? Code = null,
    ScriptedEnd End = ScriptedEnd.Complete,
    int PowerCycles = 0,
    bool RetestOfPrevious = false,
    string? Message = null);

/// <summary>
/// The shift the demo replays, in order and then again: mostly passes, and the failures an operator
/// meets (no handshake, a weak supply, SSID mismatch, a locked chip and its REWORK retest, a boot
/// loop, a vanished serial port). Durations follow fixture-design §7 (about 7 s of flashing, 6 s to
/// boot complete).
/// </summary>
internal static class ShiftScript
{
    public static readonly IReadOnlyList<ScriptedUnit> Units =
    [
        new(UnitVerdict.Pass),
        new(UnitVerdict.Pass),
        new(UnitVerdict.Fail, FailureCode.NoHandshake, ScriptedEnd.AfterHandshake, PowerCycles: 3),
        new(UnitVerdict.Pass, PowerCycles: 2),
        new(UnitVerdict.Pass),
        new(UnitVerdict.Fail, FailureCode.SsidMismatch, ScriptedEnd.AfterBoot),
        new(UnitVerdict.Fail, FailureCode.ChipLocked, ScriptedEnd.AfterIdentify),
        new(UnitVerdict.Pass),
        new(UnitVerdict.Rework, FailureCode.ChipLocked, ScriptedEnd.AfterIdentify, RetestOfPrevious: true),
        new(UnitVerdict.Fail, FailureCode.BootLoop, ScriptedEnd.AfterBoot),
        new(UnitVerdict.Pass),
        new(UnitVerdict.Fail, FailureCode.FixtureFault, ScriptedEnd.AfterHandshake,
            Message: "Serial port sim:{socket} vanished (USB cable or hub): the unit was powered off. Call the technician to reconnect it; retest the unit afterwards."),
    ];

    /// <summary>The regions of the standard image set with their sizes (fixture-design §7) and modelled write seconds.</summary>
    public static readonly IReadOnlyList<(string Region, long Bytes, double EraseSeconds, double WriteSeconds)> Regions =
    [
        ("psm (clean slate)", 0, 0.3, 0),
        ("boot2", 47_504, 0.3, 0.5),
        ("partition table", 272, 0.05, 0.05),
        ("partition table copy", 272, 0.05, 0.05),
        ("firmware", 762_336, 2.6, 4.0),
        ("factory parameters", 5_930, 0.05, 0.1),
    ];

    public const long HelperBytes = 29_408;
}
