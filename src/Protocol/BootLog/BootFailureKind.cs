namespace Fixture.Protocol.BootLog;

/// <summary>Why a boot log failed the check; each kind is one stable failure code in the report.</summary>
public enum BootFailureKind
{
    /// <summary>boot2 could not start the firmware: `BLSP boot2 fail` (repeated every 500 ms).</summary>
    Boot2Failed,

    /// <summary>Nothing, or nothing readable, arrived within the silence timeout.</summary>
    Silent,

    /// <summary>The application restarted before boot complete (banner repeats, or the `Time N` counter restarts).</summary>
    BootLoop,

    /// <summary>OpenBeken came up in safe mode (`[SAFE]` prefix, `safe mode activated`).</summary>
    SafeMode,

    /// <summary>The unit still runs the stock TG7100C (AliOS Things) firmware.</summary>
    StockFirmware,

    /// <summary>The AP SSID is not `OpenBL602_` + the expected MAC's last four bytes (or not of that form at all).</summary>
    SsidMismatch,

    /// <summary>The firmware's version line differs from the version the recipe expects.</summary>
    VersionMismatch,

    /// <summary>A marker the check needs (AP start, boot complete) did not appear before its timeout or the end of the capture.</summary>
    MarkerMissing,

    /// <summary>A stored OpenBeken config (clean slate off) broke the check: STA mode instead of the AP, a stored name or MAC, a silenced log.</summary>
    LeftoverConfig,
}

/// <summary>The report's failure codes for boot-log failures (fixture-design §5).</summary>
public static class BootFailureCodes
{
    /// <summary>The stable code QA sees in the CSV report and in `check-log`.</summary>
    public static string ToFailureCode(this BootFailureKind kind) => kind switch
    {
        BootFailureKind.Boot2Failed => "BOOT2_FAIL",
        BootFailureKind.Silent => "BOOT_SILENT",
        BootFailureKind.BootLoop => "BOOT_LOOP",
        BootFailureKind.SafeMode => "SAFE_MODE",
        BootFailureKind.StockFirmware => "STOCK_FIRMWARE",
        BootFailureKind.SsidMismatch => "SSID_MISMATCH",
        BootFailureKind.VersionMismatch => "VERSION_MISMATCH",
        BootFailureKind.MarkerMissing => "MARKER_MISSING",
        BootFailureKind.LeftoverConfig => "LEFTOVER_CONFIG",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown boot failure kind."),
    };
}
