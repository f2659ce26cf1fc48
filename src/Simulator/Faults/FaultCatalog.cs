namespace Fixture.Simulator.Faults;

/// <summary>Names the fault kinds a <see cref="UnitFaults"/> carries (for the unit's record and the soak's checks).</summary>
public static class FaultCatalog
{
    public static IReadOnlyList<FaultKind> KindsOf(UnitFaults faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        var kinds = new List<FaultKind>();
        Add(faults.Dead, FaultKind.Dead);
        Add(faults.WeakSupplyFailedHandshakes > 0 || faults.WeakSupplyMinimumOffTime is not null, FaultKind.WeakSupply);
        Add(faults.BrownOutAfterProgrammedBytes is not null, FaultKind.BrownOut);
        Add(faults.LineCorruptionRate > 0 || faults.LineDropRate > 0, FaultKind.LineNoise);
        Add(faults.EraseErrorAt is not null, FaultKind.EraseError);
        Add(faults.ProgramErrorAt is not null, FaultKind.ProgramError);
        Add(faults.JedecId is not null && !faults.JedecId.AsSpan().SequenceEqual(new byte[] { 0xEF, 0x40, 0x15 }), FaultKind.ForeignFlash);
        Add(faults.SecureBootFusesSet, FaultKind.SecureBootFuses);
        Add(faults.Boot2LogDisabled, FaultKind.Boot2LogDisabled);
        Add(faults.WriteProtected, FaultKind.WriteProtected);
        Add(faults.AckMode == LoaderAckMode.AfterProgramming, FaultKind.LateAck);
        Add(faults.AckMode == LoaderAckMode.BeforeProgrammingDeaf, FaultKind.EarlyAckDeaf);
        Add(faults.ProgramTimeoutAt is not null, FaultKind.ProgramTimeout);
        Add(faults.BootClockReadErrors, FaultKind.BootClockReadErrors);
        Add(faults.ReadGarbleAt is not null, FaultKind.ReadGarble);
        Add(faults.LiveRail, FaultKind.LiveRail);
        Add(faults.Short, FaultKind.Short);
        Add(faults.FirmwareCrashAfter is not null, FaultKind.FirmwareCrash);
        Add(faults.AlreadyInSafeMode, FaultKind.AlreadyInSafeMode);
        Add(faults.AlreadyFlashed, FaultKind.AlreadyFlashed);
        Add(faults.UsedUnit is not null, FaultKind.UsedUnit);
        return kinds;

        void Add(bool present, FaultKind kind)
        {
            if (present)
            {
                kinds.Add(kind);
            }
        }
    }
}
