namespace Fixture.Simulator.Faults;

/// <summary>A fault that actually acted on the unit (a refused handshake, a brown-out, a failed erase).</summary>
public sealed record FaultEvent(TimeSpan At, FaultKind Kind, string Detail);

/// <summary>Every fault kind of fixture-design §7, unit-level and station-level.</summary>
public enum FaultKind
{
    Dead,
    WeakSupply,
    BrownOut,
    LineNoise,
    EraseError,
    ProgramError,
    ForeignFlash,
    SecureBootFuses,
    Boot2LogDisabled,
    WriteProtected,
    EarlyAck,
    EarlyAckDeaf,
    LiveRail,
    Short,
    FirmwareCrash,
    AlreadyInSafeMode,
    AlreadyFlashed,
    UsedUnit,
    SaggingSupply,
    CrossedPort,
}
