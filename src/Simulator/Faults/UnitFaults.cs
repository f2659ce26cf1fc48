namespace Fixture.Simulator.Faults;

/// <summary>How the simulated loader answers 0x31/0x3F relative to programming the flash.</summary>
public enum LoaderAckMode
{
    /// <summary>OK only after the bytes are in flash: not what the decompiled loader does (a fault/variant).</summary>
    AfterProgramming,

    /// <summary>OK on receipt, then decode and program while the next frame is buffered (the decompiled 2022 loader; the default).</summary>
    BeforeProgramming,

    /// <summary>OK on receipt, and the UART is not read while programming: a frame sent meanwhile is lost.</summary>
    BeforeProgrammingDeaf,
}

/// <summary>
/// Everything that can be wrong with one simulated unit (fixture-design.md §7). A default instance
/// is a healthy unit. Station-level faults (crossed ports, sagging station supply) live with the
/// simulated station, not here. Used-unit flash contents (old OpenBeken config, old second-slot
/// image, stock firmware) are set up by the firmware models from <see cref="UsedUnit"/>.
/// </summary>
public sealed record UnitFaults
{
    public static UnitFaults None { get; } = new();

    /// <summary>Nothing answers at all (dead unit, missing module, open GND).</summary>
    public bool Dead { get; init; }

    /// <summary>Weak supply: this many bootrom handshakes fail before one succeeds (0 = healthy).</summary>
    public int WeakSupplyFailedHandshakes { get; init; }

    /// <summary>Weak supply: handshakes fail unless power stayed off at least this long before the attempt.</summary>
    public TimeSpan? WeakSupplyMinimumOffTime { get; init; }

    /// <summary>The unit browns out (resets into the bootrom, loader gone) after this many flash bytes programmed.</summary>
    public long? BrownOutAfterProgrammedBytes { get; init; }

    /// <summary>Probability per byte, each direction, that a byte is corrupted on the line.</summary>
    public double LineCorruptionRate { get; init; }

    /// <summary>Probability per byte, each direction, that a byte is dropped on the line.</summary>
    public double LineDropRate { get; init; }

    /// <summary>flash_erase fails (FL 0003) for ranges touching this address.</summary>
    public uint? EraseErrorAt { get; init; }

    /// <summary>
    /// A defective word line at this address: its 256-byte page does not program and nothing reports it
    /// (SFlash_Program does not verify), so the write is acknowledged and the SHA-256 check finds the difference.
    /// </summary>
    public uint? ProgramErrorAt { get; init; }

    /// <summary>
    /// A page program touching this address never finishes (the part stays busy): the loader's program call
    /// fails, so 0x31 answers FL 0006 / 0x3F FL 000B after its early OK, and 0x3A reports the latched error.
    /// </summary>
    public uint? ProgramTimeoutAt { get; init; }

    /// <summary>
    /// The flash returns corrupted data when read at the clock and I/O mode boot2 sets from the boot header
    /// (80 MHz quad I/O through the XIP cache), while the bootrom's and the loader's slower reads are clean:
    /// the flash verifies, boot2 runs, but it finds no valid partition table and the firmware never starts.
    /// With boot2's log fused off (sw_cfg0 bit 1) the unit is silent.
    /// </summary>
    public bool BootClockReadErrors { get; init; }

    /// <summary>
    /// A flash_read (0x32) reply covering this address has that byte inverted, while the loader's SHA-256 (0x3D) and
    /// the flash itself are right: a read that garbles on the way (the reply carries no checksum). Harmless to a
    /// flash plan, which never reads back with 0x32; a stock-firmware backup is then unconfirmable (BACKUP).
    /// </summary>
    public uint? ReadGarbleAt { get; init; }

    /// <summary>The flash reports this JEDEC id instead of EF 40 15 (its capacity byte sets the size).</summary>
    public byte[]? JedecId { get; init; }

    /// <summary>eFuse sign/encrypt set: the bootrom reports them and refuses unsigned helpers.</summary>
    public bool SecureBootFusesSet { get; init; }

    /// <summary>eFuse sw_cfg0 uart_log_disable: boot2 prints nothing, even when it fails.</summary>
    public bool Boot2LogDisabled { get; init; }

    /// <summary>Flash write protection: erase and program are acknowledged but change nothing.</summary>
    public bool WriteProtected { get; init; }

    /// <summary>The firmware crashes this long after reset and the watchdog reboots it, over and over.</summary>
    public TimeSpan? FirmwareCrashAfter { get; init; }

    /// <summary>The unit's PSM already records enough failed boots that the next boot is a safe-mode boot.</summary>
    public bool AlreadyInSafeMode { get; init; }

    /// <summary>The unit already holds the recipe's image set (a re-test): hash-skip applies.</summary>
    public bool AlreadyFlashed { get; init; }

    /// <summary>
    /// A loader build without flash_boot (0x33) in its command table: the dispatcher returns without a reply, as for
    /// any id a build lacks, and nothing boots (issue 14 §1, wiring "none"). Which real builds lack it is not known
    /// (docs/simulator.md, "Retrofit bench"); a variant of the loader, not a fault of fixture-design §7, so it has no
    /// <see cref="FaultKind"/> and the fault profiles never draw it.
    /// </summary>
    public bool FlashBootUnanswered { get; init; }

    /// <summary>A used unit: OpenBeken config in PSM and an old image in the second firmware slot.</summary>
    public UsedUnitState? UsedUnit { get; init; }

    /// <summary>The rail is already live before the fixture closes POWER (plug still on mains / back-fed).</summary>
    public bool LiveRail { get; init; }

    /// <summary>The unit shorts its rail when powered (the monitor reads amperes and the rail collapses).</summary>
    public bool Short { get; init; }

    /// <summary>Loader acknowledgement order for writes (default: before programming, as the decompiled loader).</summary>
    public LoaderAckMode AckMode { get; init; } = LoaderAckMode.BeforeProgramming;
}

/// <summary>What a previous owner left on a used unit (OpenBeken config in PSM, old image in slot 2).</summary>
public sealed record UsedUnitState
{
    /// <summary>Stored Wi-Fi SSID: OpenBeken starts in STA mode and opens no AP.</summary>
    public string? StationSsid { get; init; } = "HomeNetwork";

    /// <summary>GPIO16 given the Btn role: the UART log goes silent after pin setup.</summary>
    public bool Gpio16AsButton { get; init; }

    /// <summary>A MAC stored in the OpenBeken config, which wins over the eFuse MAC.</summary>
    public byte[]? StoredMac { get; init; }

    /// <summary>Boot failures already counted in PSM.</summary>
    public int BootFailures { get; init; }

    /// <summary>An old firmware image sits in the second firmware slot.</summary>
    public bool OldImageInSecondSlot { get; init; } = true;
}
