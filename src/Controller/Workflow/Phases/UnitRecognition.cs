using Fixture.Controller.Reports;
using Fixture.Protocol.Identity;

namespace Fixture.Controller.Workflow.Phases;

/// <summary>What the station knows of a unit once its chip id is read: a verification unit, or one its history sends to rework.</summary>
internal static class UnitRecognition
{
    /// <summary>The unit's chip id is known: flag a verification unit, and refuse a unit its history sends to rework.</summary>
    /// <exception cref="UnitReworkException">The unit's history sends it to rework.</exception>
    public static void Recognise(UnitContext unit, MacAddress chipId)
    {
        unit.Attempt.ChipId = chipId;
        FlagVerificationUnit(unit);
        if (unit.Recorder.ReworkFor(chipId) is { } rework)
        {
            throw new UnitReworkException(rework.Code, rework.Reason);
        }
    }

    /// <summary>Before anything is powered: a scanned unit id whose history sends it to rework (a SHORT unit is never powered twice).</summary>
    /// <exception cref="UnitReworkException">The unit id's history sends it to rework.</exception>
    public static void RecogniseScanned(UnitContext unit)
    {
        if (unit.Recorder.ReworkFor(unit.Attempt.UnitId) is { } rework)
        {
            throw new UnitReworkException(rework.Code, rework.Reason);
        }
    }

    /// <summary>A unit the configuration names (by chip id, or by the MAC of older configurations) is a verification unit.</summary>
    public static void FlagVerificationUnit(UnitContext unit)
    {
        var attempt = unit.Attempt;
        if (attempt.Verification == VerificationUnitKind.None)
        {
            var mac = MacAddress.TryParse(attempt.Mac, out var m) ? m : (MacAddress?)null;
            attempt.Verification = unit.Settings.Identities.KindOf(attempt.ChipId, mac);
        }
    }
}
