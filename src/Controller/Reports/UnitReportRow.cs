using UnitsNet;

namespace Fixture.Controller.Reports;

/// <summary>
/// One unit attempt: one line of the station's daily CSV (fixture-design §6). Every workflow path
/// ends with exactly one of these. Text that came from the operator or the unit is stored as given;
/// the writer protects it against spreadsheet formula injection. Optional values that were not
/// measured or not reached (a phase that never ran) stay null and are written as empty cells.
/// </summary>
public sealed record UnitReportRow
{
    /// <summary>When the attempt ended (the verdict), in UTC. Also picks the day's file.</summary>
    public required DateTimeOffset TimestampUtc { get; init; }

    public required string Station { get; init; }

    /// <summary>Socket number on the station, from 1.</summary>
    public required int Socket { get; init; }

    /// <summary>Per-station attempt number from <see cref="Csv.AttemptCounter"/>: only rises, never reused.</summary>
    public required long AttemptNumber { get; init; }

    public string? Operator { get; init; }

    public string? Lot { get; init; }

    /// <summary>Scanned barcode or sequence number: an attribute of the unit, whose key is its chip id.</summary>
    public string? UnitId { get; init; }

    /// <summary>
    /// The MAC the firmware uses on the network, as <c>70:3E:97:1E:96:66</c>: as the firmware printed it
    /// at boot, else as the SDK rules predict it from the unit's eFuse and the recipe (<see cref="MacSource"/>);
    /// null when neither is known.
    /// </summary>
    public string? Mac { get; init; }

    /// <summary>
    /// The chip id, eFuse MAC slot 0 as get_boot_info shows it (<c>AC:D8:29:6B:B7:ED</c>): the unit's key
    /// for retests and rework, readable as soon as the bootrom answers. Report files of fixture versions
    /// before mac_source hold it as 12 hex digits, and their mac column holds the same value.
    /// </summary>
    public string? ChipId { get; init; }

    /// <summary>Flash JEDEC id as read, e.g. <c>ef4015</c>.</summary>
    public string? JedecId { get; init; }

    public required string RecipeName { get; init; }

    public required string RecipeVersion { get; init; }

    public required string RecipeSha256 { get; init; }

    public required string StationConfigSha256 { get; init; }

    public required string FirmwareFile { get; init; }

    public required string FirmwareSha256 { get; init; }

    /// <summary>Version the firmware printed in its boot log.</summary>
    public string? FirmwareVersionSeen { get; init; }

    /// <summary>SSID of the access point the firmware opened, as printed.</summary>
    public string? SsidSeen { get; init; }

    public required UnitVerdict Verdict { get; init; }

    /// <summary>Required for FAIL, absent for PASS, optional for REWORK (the code that made it rework).</summary>
    public FailureCode? FailureCode { get; init; }

    /// <summary>Workflow step the failure happened in (the state's name), e.g. <c>Handshaking</c>.</summary>
    public string? FailedStep { get; init; }

    /// <summary>Free-text detail of the first failure's reason (a retry never hides it).</summary>
    public string? Detail { get; init; }

    public int HandshakeAttempts { get; init; }

    public int TotalRetries { get; init; }

    /// <summary>Power-up, bootloader entry and bootrom handshake, with its retries.</summary>
    public TimeSpan? PowerUpAndHandshakeTime { get; init; }

    public TimeSpan? HelperTime { get; init; }

    public TimeSpan? IdentifyTime { get; init; }

    public TimeSpan? EraseTime { get; init; }

    public TimeSpan? WriteTime { get; init; }

    public TimeSpan? VerifyTime { get; init; }

    public TimeSpan? BootTime { get; init; }

    /// <summary>Button to verdict.</summary>
    public TimeSpan? TotalTime { get; init; }

    public long BytesSent { get; init; }

    /// <summary>The unit's raw UART log, relative to the report directory (see <see cref="Csv.ReportLayout"/>).</summary>
    public string? RawLogFile { get; init; }

    public required string FixtureVersion { get; init; }

    /// <summary>The USB-UART adapter's identity (serial number or by-id path).</summary>
    public string? AdapterIdentity { get; init; }

    /// <summary>The loader rate the unit was flashed at (empty when the loader never completed).</summary>
    public int? LoaderBaud { get; init; }

    /// <summary>Step-downs to a lower loader rate in the attempt (empty when the loader phase was not reached).</summary>
    public int? BaudStepDowns { get; init; }

    /// <summary>The recipe's flash-size variant the unit got, e.g. "1MB" (empty before identify, or when none fits: FLASH_ID).</summary>
    public string? RecipeVariant { get; init; }

    /// <summary>File name of the unit's stock-firmware backup in the backup folder (empty: backups off, or not reached).</summary>
    public string? BackupFile { get; init; }

    /// <summary>Rail voltage read before the POWER relay closed (where a supply monitor exists).</summary>
    public ElectricPotential? RailVoltageBeforePowerOn { get; init; }

    /// <summary>Above this the rail counts as live and the unit is refused (LIVE_RAIL).</summary>
    public ElectricPotential? RailVoltageLimit { get; init; }

    /// <summary>Supply current while the chip sat in its bootrom.</summary>
    public ElectricCurrent? BootromCurrent { get; init; }

    public ElectricCurrent? BootromCurrentMin { get; init; }

    public ElectricCurrent? BootromCurrentMax { get; init; }

    /// <summary>Reset to "Boot complete" in the boot log.</summary>
    public TimeSpan? TimeToBootComplete { get; init; }

    public TimeSpan? TimeToBootCompleteLimit { get; init; }

    /// <summary>The power-off time of the handshake attempt that finally worked.</summary>
    public TimeSpan? PowerOffTimeThatWorked { get; init; }

    /// <summary>Golden or known-bad unit run at shift start; such rows are left out of yield.</summary>
    public VerificationUnitKind VerificationUnit { get; init; }

    /// <summary>The unit passed only thanks to power-cycle retries or drew current out of range.</summary>
    public bool WeakSupplyWarning { get; init; }

    /// <summary>Where <see cref="Mac"/> comes from: efuse-slot2, efuse-slot1, efuse-slot0, flash-rf_para, dtb or default.</summary>
    public string? MacSource { get; init; }

    /// <summary>SHA-256 of the unit's 128 bytes of eFuse region 0 as read with 0x41, lower-case hex.</summary>
    public string? EfuseSha256 { get; init; }
}
