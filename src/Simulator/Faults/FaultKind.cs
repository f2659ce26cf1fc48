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
    /// <summary>No longer drawn or reported: OK before programming is the default (the decompiled loader).</summary>
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

    /// <summary>The loader acknowledges 0x31/0x3F only after programming (<see cref="LoaderAckMode.AfterProgramming"/>).</summary>
    LateAck,

    /// <summary>A page program never finishes: FL 0006/000B after the early OK (<see cref="UnitFaults.ProgramTimeoutAt"/>).</summary>
    ProgramTimeout,

    /// <summary>Flash reads fail at boot2's clock: boot2 finds no valid table (<see cref="UnitFaults.BootClockReadErrors"/>).</summary>
    BootClockReadErrors,

    /// <summary>flash_read (0x32) replies come back garbled at one address (<see cref="UnitFaults.ReadGarbleAt"/>); 0x3D hashes the true bytes.</summary>
    ReadGarble,
}
