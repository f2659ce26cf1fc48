using Fixture.Protocol.BootLog;

namespace Fixture.Controller.Reports;

/// <summary>
/// The stable failure codes of fixture-design §5: one per FAIL, the key of QA's Pareto. The CSV text of
/// each (<c>NO_HANDSHAKE</c>, …) is fixed forever; see <see cref="FailureCodes"/>. Keep the list short:
/// a new code is only worth adding when QA must act differently on it.
/// </summary>
public enum FailureCode
{
    NoHandshake,
    WeakSupply,
    ChipLocked,
    HelperLoad,
    LoaderHandshake,
    FlashId,
    Erase,
    Write,
    Verify,
    Boot2Fail,
    BootSilent,
    BootLoop,
    SafeMode,
    StockFirmware,
    SsidMismatch,
    MarkerMissing,
    LeftoverConfig,
    LiveRail,
    Aborted,
    FixtureFault,

    /// <summary>An OpenBL602 booted, but not the version the recipe expects (an old image still in a slot).</summary>
    VersionMismatch,

    /// <summary>The unit drew short-circuit current at power-on and was cut; unlike WEAK_SUPPLY it never talks.</summary>
    Short,

    /// <summary>The stock-firmware backup before the first erase could not be read or confirmed: nothing was erased (issue 14 §3).</summary>
    Backup,
}

/// <summary>What a failure code means to the operator and to QA.</summary>
/// <param name="Code">The enum value.</param>
/// <param name="Text">The text written in the CSV, e.g. <c>NO_HANDSHAKE</c>.</param>
/// <param name="Explanation">One line for the operator: what happened.</param>
/// <param name="NextStep">One line for the operator: what to do now.</param>
/// <param name="CountsTowardYield">False only for the station's own faults, which QA excludes from unit yield.</param>
/// <param name="RetestCanFix">False for codes a retest cannot change: the next attempt is REWORK without flashing.</param>
public sealed record FailureCodeInfo(
    FailureCode Code,
    string Text,
    string Explanation,
    string NextStep,
    bool CountsTowardYield,
    bool RetestCanFix);

/// <summary>The catalogue of failure codes: CSV text, operator explanation, next step, yield treatment.</summary>
public static class FailureCodes
{
    private static readonly FailureCodeInfo[] Catalogue =
    [
        Unit(FailureCode.NoHandshake, "NO_HANDSHAKE",
            "The unit never answered the bootloader handshake, even after power-cycle retries.",
            "Re-seat the unit (check the TX, RX, GND and BOOT contacts) and retest; if it fails again, set aside for rework."),
        Unit(FailureCode.WeakSupply, "WEAK_SUPPLY",
            "The unit answered only after long power-off times or drew too much current: its own 3.3 V path is weak.",
            "Set aside for rework: check the unit's 3.3 V regulator and capacitors."),
        Unit(FailureCode.ChipLocked, "CHIP_LOCKED",
            "The chip's sign or encrypt eFuses are set: it only accepts signed firmware and cannot be converted.",
            "Set aside for rework; do not retest (its next attempt is marked REWORK without flashing).",
            retestCanFix: false),
        Unit(FailureCode.HelperLoad, "HELPER_LOAD",
            "Loading the RAM flash helper (eflash_loader) into the chip failed.",
            "Re-seat the unit and retest; if it fails again, set aside for rework."),
        Unit(FailureCode.LoaderHandshake, "LOADER_HANDSHAKE",
            "The flash helper started but did not answer at the working baud rate.",
            "Retest; if it keeps happening on this socket, call the technician to check the USB-UART adapter and cable."),
        Unit(FailureCode.FlashId, "FLASH_ID",
            "The flash chip's JEDEC id or size is not what the recipe expects: a different module variant.",
            "Set aside for rework; do not retest (its next attempt is marked REWORK without flashing).",
            retestCanFix: false),
        Unit(FailureCode.Erase, "ERASE",
            "Erasing a flash region failed.",
            "Retest once; if it fails again, set aside for rework (flash damaged or write-protected)."),
        Unit(FailureCode.Write, "WRITE",
            "Writing a flash region failed: the chip reported an error or the write check did not match.",
            "Retest once; if it fails again, set aside for rework (flash damaged or write-protected)."),
        Unit(FailureCode.Verify, "VERIFY",
            "A region's SHA-256 read back from the chip differs from the image: the flash did not keep what was written.",
            "Retest once; if it fails again, set aside for rework (flash damaged or write-protected)."),
        Unit(FailureCode.Boot2Fail, "BOOT2_FAIL",
            "boot2 could not start the firmware (it printed 'BLSP boot2 fail', or nothing when its log is fused off).",
            "Retest; if it fails again, set aside for rework."),
        Unit(FailureCode.BootSilent, "BOOT_SILENT",
            "Nothing readable came from the unit's UART after reset.",
            "Re-seat the unit (check the RX and TX contacts) and retest; if it fails again, set aside for rework."),
        Unit(FailureCode.BootLoop, "BOOT_LOOP",
            "The firmware started and kept restarting (a crash or the watchdog).",
            "Set aside for rework; if several units in a row do this, stop and tell the line lead."),
        Unit(FailureCode.SafeMode, "SAFE_MODE",
            "The firmware came up in safe mode after too many interrupted boots.",
            "Retest (a full clean-slate flash clears the boot counter); if it fails again, set aside for rework."),
        Unit(FailureCode.StockFirmware, "STOCK_FIRMWARE",
            "After flashing, the unit still ran its original TG7100C firmware: the new image did not take.",
            "Retest once; if it fails again, set aside for rework (flash may be write-protected)."),
        Unit(FailureCode.SsidMismatch, "SSID_MISMATCH",
            "The firmware started with another MAC than the station predicted from the chip's eFuse and the recipe (its Wi-Fi line or access point name shows it); the detail holds both and the eFuse slot used.",
            "Set aside and tell QA: the unit's MAC is not where the SDK rules say (another eFuse slot, a MAC in flash, or a stored config)."),
        Unit(FailureCode.MarkerMissing, "MARKER_MISSING",
            "The boot log lacked an expected line (version, access point or boot complete) within its time limit.",
            "Retest; if it fails again, set aside for rework."),
        Unit(FailureCode.LeftoverConfig, "LEFTOVER_CONFIG",
            "A previous owner's configuration stored on the unit broke the check (this recipe has clean slate off).",
            "Tell the line lead to use a recipe with clean slate on, then retest the unit."),
        Unit(FailureCode.LiveRail, "LIVE_RAIL",
            "The unit's 3.3 V rail was already live before the fixture powered it: it may be on mains or back-fed.",
            "Unplug the plug from mains and remove any other power source, then retest."),
        Unit(FailureCode.Aborted, "ABORTED",
            "The operator aborted the attempt.",
            "Retest the unit when ready."),
        new(FailureCode.FixtureFault, "FIXTURE_FAULT",
            "The station itself failed (serial port gone, GPIO error, configuration, supply sag, miswired socket); the unit is not to blame.",
            "Call the line technician; retest the unit once the station is fixed.",
            CountsTowardYield: false,
            RetestCanFix: true),
        Unit(FailureCode.VersionMismatch, "VERSION_MISMATCH",
            "OpenBL602 booted, but not the version the recipe expects (an old image may still be in a slot).",
            "Retest; if every unit shows it, stop and tell the line lead to check the recipe."),
        Unit(FailureCode.Short, "SHORT",
            "The unit drew short-circuit current at power-on and its power was cut.",
            "Set aside for rework (look for solder bridges or a damaged regulator); do not retest.",
            retestCanFix: false),
        Unit(FailureCode.Backup, "BACKUP",
            "The station could not take a confirmed backup of the unit's original firmware (the read differed from the chip's own SHA-256, or failed): nothing was erased, the unit is as it came.",
            "Re-seat the unit and retest; if it fails again, set the unit aside and tell the technician (cable, adapter or the unit's flash)."),
    ];

    private static readonly Dictionary<string, FailureCode> ByText =
        Catalogue.ToDictionary(info => info.Text, info => info.Code, StringComparer.Ordinal);

    /// <summary>Every code in the order QA reads them (the order of fixture-design §5).</summary>
    public static IReadOnlyList<FailureCodeInfo> All => Catalogue;

    public static FailureCodeInfo Describe(this FailureCode code) =>
        (uint)code < (uint)Catalogue.Length
            ? Catalogue[(int)code]
            : throw new ArgumentOutOfRangeException(nameof(code), code, "Not a failure code.");

    /// <summary>The CSV text of a code, e.g. <c>FIXTURE_FAULT</c>.</summary>
    public static string ToText(this FailureCode code) => code.Describe().Text;

    /// <summary>The report code of a boot-log failure found by the analyzer.</summary>
    public static FailureCode FromBootFailure(BootFailureKind kind) =>
        TryParse(kind.ToFailureCode(), out var code)
            ? code
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "This boot failure has no report code.");

    /// <summary>Parses the CSV text exactly (case-sensitive: the codes are written in upper case only).</summary>
    public static bool TryParse(string text, out FailureCode code) => ByText.TryGetValue(text, out code);

    private static FailureCodeInfo Unit(FailureCode code, string text, string explanation, string nextStep, bool retestCanFix = true) =>
        new(code, text, explanation, nextStep, CountsTowardYield: true, RetestCanFix: retestCanFix);
}
