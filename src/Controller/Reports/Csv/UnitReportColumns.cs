namespace Fixture.Controller.Reports.Csv;

/// <summary>
/// The report's column names, in file order. They are a published format (QA scripts and the
/// yield report read them by name): add columns at the end, never rename or reorder. docs/qa-guide.md
/// describes each one.
/// </summary>
public static class UnitReportColumns
{
    public const string Timestamp = "timestamp_utc";
    public const string Station = "station";
    public const string Socket = "socket";
    public const string Attempt = "attempt";
    public const string Operator = "operator";
    public const string Lot = "lot";
    public const string UnitId = "unit_id";
    public const string Mac = "mac";
    public const string ChipId = "chip_id";
    public const string JedecId = "jedec_id";
    public const string RecipeName = "recipe_name";
    public const string RecipeVersion = "recipe_version";
    public const string RecipeSha256 = "recipe_sha256";
    public const string StationConfigSha256 = "station_config_sha256";
    public const string FirmwareFile = "firmware_file";
    public const string FirmwareSha256 = "firmware_sha256";
    public const string FirmwareVersionSeen = "firmware_version_seen";
    public const string SsidSeen = "ssid_seen";
    public const string Result = "result";
    public const string FailureCode = "failure_code";
    public const string FailedStep = "failed_step";
    public const string Detail = "detail";
    public const string HandshakeAttempts = "handshake_attempts";
    public const string TotalRetries = "total_retries";
    public const string PowerUpHandshakeMs = "power_up_handshake_ms";
    public const string HelperMs = "helper_ms";
    public const string IdentifyMs = "identify_ms";
    public const string EraseMs = "erase_ms";
    public const string WriteMs = "write_ms";
    public const string VerifyMs = "verify_ms";
    public const string BootMs = "boot_ms";
    public const string TotalMs = "total_ms";
    public const string BytesSent = "bytes_sent";
    public const string RawLogFile = "raw_log_file";
    public const string FixtureVersion = "fixture_version";
    public const string Adapter = "adapter";
    public const string RailVoltsBeforePowerOn = "rail_v_before_power_on";
    public const string RailVoltsLimit = "rail_v_limit";
    public const string BootromCurrentMilliamperes = "bootrom_current_ma";
    public const string BootromCurrentMinMilliamperes = "bootrom_current_min_ma";
    public const string BootromCurrentMaxMilliamperes = "bootrom_current_max_ma";
    public const string BootCompleteMs = "boot_complete_ms";
    public const string BootCompleteLimitMs = "boot_complete_limit_ms";
    public const string PowerOffMs = "power_off_ms";
    public const string VerificationUnit = "verification_unit";
    public const string WeakSupplyWarning = "weak_supply_warning";
    public const string MacSource = "mac_source";
    public const string EfuseSha256 = "efuse_sha256";
    public const string LoaderBaud = "loader_baud";
    public const string BaudStepDowns = "baud_stepdowns";
    public const string RecipeVariant = "recipe_variant";
    public const string BackupFile = "backup_file";
}
