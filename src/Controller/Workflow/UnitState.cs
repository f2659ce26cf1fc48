namespace Fixture.Controller.Workflow;

/// <summary>Where one socket's unit is (fixture-design §4). The flashing steps are substates of <see cref="Flashing"/>.</summary>
public enum UnitState
{
    Idle,
    PoweringUp,
    EnteringBootloader,
    Handshaking,
    LoadingHelper,
    Identifying,

    /// <summary>Reading the whole stock flash into the backup folder before anything is erased (issue 14 §3).</summary>
    BackingUp,
    Flashing,
    Checking,
    Erasing,
    Writing,
    Verifying,
    Booting,
    VerifyingBoot,
    Failed,
    PoweringDown,
    Reporting,
}

/// <summary>What moves a socket's workflow on. Steps fire them on the socket's own loop.</summary>
public enum UnitTrigger
{
    Start,
    Powered,
    InDownloadMode,
    BootromAnswered,
    HelperRunning,
    Identified,

    /// <summary>Identified, and the unit has no backup in the station's backup folder yet: back it up before flashing.</summary>
    BackupNeeded,

    /// <summary>The stock flash is backed up and confirmed: flashing may erase.</summary>
    BackedUp,
    RegionChecking,
    RegionErasing,
    RegionWriting,
    RegionVerifying,
    Flashed,

    /// <summary>The loader was lost mid-flash (a brown-out): power-cycle and start over, within the unit-level limit.</summary>
    Restart,
    FirmwareStarted,
    BootVerified,

    /// <summary>The unit is not flashed: its retest limit is reached or an earlier code cannot be fixed by a retest.</summary>
    Rework,

    /// <summary>The unit failed with its own failure code.</summary>
    Fail,

    /// <summary>The operator (or Ctrl+C) aborted the attempt.</summary>
    Abort,

    /// <summary>The station itself failed: serial port, GPIO, supply sag, miswiring, an unexpected exception.</summary>
    FixtureFault,
    PowerDown,
    PoweredDown,
    Reported,
}
