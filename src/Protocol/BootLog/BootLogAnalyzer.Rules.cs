using System.Globalization;
using Fixture.Protocol.Text;

namespace Fixture.Protocol.BootLog;

// What each marker means for the verdict (openbl602-boot.md §3 boot-loop signatures, §7 stock markers).
public sealed partial class BootLogAnalyzer
{
    // One `BLSP boot2 fail` could be noise; boot2 repeats it every 500 ms when it is real.
    private const int Boot2FailLinesToDecide = 2;

    // Relay bounce can reset a unit during its first banner; only a second early restart is a loop.
    private const int EarlyRestartsToDecide = 2;

    // A few noise bytes at power-on are normal; more than a line's worth is worth telling QA.
    private const int UnreadableBytesWorthNaming = 256;

    // Current boot: reset whenever the application restarts.
    private int bannerStage = -1;
    private bool applicationRan;
    private int tickInBoot;
    private int? suspectedRestartTick;
    private bool ssidMatches;
    private int earlyRestarts;

    private bool IsReadable => Findings.RecognizedLines > 0 || Findings.TextLines >= 3;

    private void ApplyEvent(BootLogEvent e)
    {
        switch (e.Kind)
        {
            case BootMarkerKind.Boot2Fail or BootMarkerKind.Boot2NoPartitionTable:
                Findings.Boot2FailLines++;
                if (Findings.Boot2FailLines >= Boot2FailLinesToDecide)
                {
                    Fail(BootFailureKind.Boot2Failed, Boot2Reason());
                }

                break;
            case BootMarkerKind.SdkStart:
                OnBanner(0, "Starting bl602 now....");
                break;
            case BootMarkerKind.ChipBanner:
                OnBanner(1, "Booting BL602 Chip...");
                break;
            case BootMarkerKind.VersionLine:
                OnBanner(2, "OpenBL602, version");
                if (e.Value is not null)
                {
                    OnVersion(e.Value);
                }
                else if (e.Unreadable is not null)
                {
                    OnGarbledVersion(e.Unreadable);
                }

                break;
            case BootMarkerKind.DefaultConfigWritten:
                applicationRan = true;
                Findings.Config = ConfigOrigin.DefaultsWritten;
                break;
            case BootMarkerKind.StoredConfigLoaded:
                applicationRan = true;
                OnStoredConfig(e.Number);
                break;
            case BootMarkerKind.PinsSetUp or BootMarkerKind.DhcpServerStart:
                applicationRan = true;
                break;
            case BootMarkerKind.UsingSsid:
                applicationRan = true;
                if (!string.IsNullOrEmpty(e.Value))
                {
                    OnStationMode(e.Value);
                }

                break;
            case BootMarkerKind.ConnectingToSsid:
                applicationRan = true;
                OnStationMode(string.IsNullOrEmpty(e.Value) ? null : e.Value);
                break;
            case BootMarkerKind.StationActivity:
                OnStationMode(null);
                break;
            case BootMarkerKind.TimeTick when e.Number is { } tick:
                OnTick(tick);
                break;
            case BootMarkerKind.SafeMode:
                applicationRan = true;
                OnSafeMode(e.Number);
                break;
            case BootMarkerKind.WifiInitMac when e.Value is not null:
                Findings.FirmwareMac.SetInitLine(e.Value);
                OnFirmwareMacLine("Wi-Fi start line");
                break;
            case BootMarkerKind.Hostname when e.Value is not null:
                Findings.FirmwareMac.SetHostname(e.Value);
                OnFirmwareMacLine("hostname line");
                break;
            case BootMarkerKind.ApStart:
                applicationRan = true;
                OnApStart(e.Value);
                break;
            case BootMarkerKind.BootComplete:
                applicationRan = true;
                if (e.Number is { } limit)
                {
                    Findings.FullBootTimeSeconds = limit;
                }

                OnBootComplete(BootCompleteEvidence.BootCompleteLine);
                break;
            case BootMarkerKind.StockBanner or BootMarkerKind.AliosWelcome or BootMarkerKind.StockFirmwareInfo or BootMarkerKind.StockAppBoard:
                Fail(BootFailureKind.StockFirmware,
                    "the unit still runs its stock TG7100C (AliOS Things) firmware: the new firmware did not take. "
                    + "Re-flash the unit; if it repeats, set it aside for rework.");
                break;
            default:
                break;
        }
    }

    // `Starting bl602 now` (0), `Booting BL602 Chip` (1) and the version line (2) open one boot in
    // that order; an earlier or repeated one, or any banner after the application ran, is a restart.
    private void OnBanner(int stage, string banner)
    {
        if (bannerStage >= stage || applicationRan)
        {
            Restart($"'{banner}' appeared again");
        }

        bannerStage = stage;
    }

    private void OnTick(int tick)
    {
        if (tick < tickInBoot)
        {
            // A restart shows as the counter starting again; one low value may be a garbled digit,
            // so it counts only when the next tick is low as well.
            if (suspectedRestartTick is { } first && tick > first)
            {
                Findings.TimeCounterRestarts++;
                Restart($"the Time counter went from {tickInBoot} back to {first}");
            }
            else
            {
                suspectedRestartTick = tick;
                return;
            }
        }

        suspectedRestartTick = null;
        applicationRan = true;
        tickInBoot = tick;
        Findings.HighestTimeTick = Math.Max(Findings.HighestTimeTick, tick);

        // The boot-complete line follows `Time 6` in the same ring buffer; a tick past it without the
        // line means the line was lost, and the counter is the evidence.
        if (tick > BootCompleteTick)
        {
            InferBootCompleteFromCounter();
        }
    }

    private void InferBootCompleteFromCounter()
    {
        if (IsBootComplete || tickInBoot < BootCompleteTick)
        {
            return;
        }

        if (Findings.Config == ConfigOrigin.StoredConfigLoaded)
        {
            // A stored config may carry a longer FullBootTime, so the counter proves nothing here.
            Findings.AddNote($"the Time counter passed {BootCompleteTick} with a stored config loaded: only the boot-complete line counts");
            return;
        }

        OnBootComplete(BootCompleteEvidence.TimeCounter);
    }

    private void Restart(string how)
    {
        Findings.Restarts++;
        if (IsBootComplete)
        {
            Findings.AddNote($"the unit restarted after boot complete ({how})");
        }
        else
        {
            Findings.RestartsBeforeBootComplete++;
            if (applicationRan)
            {
                Fail(BootFailureKind.BootLoop,
                    $"the firmware restarted before boot complete ({how}): it crashes or its 3 s watchdog fires. "
                    + "Set the unit aside for rework; if several units do this, check the recipe's firmware and the 3.3 V supply.");
            }
            else if (++earlyRestarts >= EarlyRestartsToDecide)
            {
                Fail(BootFailureKind.BootLoop,
                    $"the boot banner repeated {earlyRestarts + 1} times before the firmware started ({how}): the unit resets during early boot. "
                    + "Check the 3.3 V supply and the reset line, then re-test.");
            }
        }

        bannerStage = -1;
        applicationRan = false;
        tickInBoot = 0;
        suspectedRestartTick = null;
        ssidMatches = false;
        Findings.BootCompletedAt = null;
        Findings.BootCompleteEvidence = BootCompleteEvidence.None;
    }

    private void OnBootComplete(BootCompleteEvidence evidence)
    {
        if (!IsBootComplete)
        {
            Findings.BootCompletedAt = now;
        }

        if (evidence == BootCompleteEvidence.BootCompleteLine || Findings.BootCompleteEvidence == BootCompleteEvidence.None)
        {
            Findings.BootCompleteEvidence = evidence;
        }

        TryPass();
    }

    private void OnVersion(string version)
    {
        Findings.VersionSeen = version;
        if (Expectations.Version is { } expected && !string.Equals(version, expected, StringComparison.Ordinal))
        {
            Fail(BootFailureKind.VersionMismatch,
                $"the firmware reports version {version}, the recipe expects {expected}: the image in flash is not the recipe's. "
                + "Check the recipe's firmware file and re-flash the unit.");
        }
    }

    // The line is there but its version cannot be read: it cannot show the expected version either.
    private void OnGarbledVersion(string printed)
    {
        Findings.GarbledVersion = printed;
        var shown = DisplayText.Escape(printed, 40);
        if (Expectations.Version is { } expected)
        {
            Fail(BootFailureKind.VersionMismatch,
                $"the version line is garbled ('OpenBL602, version {shown}'), so it does not show the version the recipe expects, {expected}: noise on the UART, or an image that is not the recipe's. "
                + "Re-test the unit; if it repeats, check the UART wiring and the recipe's firmware file.");
        }
        else
        {
            Findings.AddNote($"the version line is garbled ('OpenBL602, version {shown}')");
        }
    }

    private void OnStoredConfig(int? changes)
    {
        Findings.Config = ConfigOrigin.StoredConfigLoaded;
        Findings.StoredConfigChanges = changes;
        Findings.AddNote(Expectations.CleanSlate
            ? $"a stored OpenBeken config was loaded ({changes?.ToString(CultureInfo.InvariantCulture) ?? "?"} changes count), not a first boot, although clean slate was on"
            : $"a stored OpenBeken config was loaded ({changes?.ToString(CultureInfo.InvariantCulture) ?? "?"} changes count); clean slate is off");
    }

    private void OnStationMode(string? ssid)
    {
        Findings.StationMode = true;
        Findings.StationSsid ??= ssid;
        var network = Findings.StationSsid is { } s ? $" '{DisplayText.Escape(s, 64)}'" : string.Empty;
        if (!Expectations.CleanSlate)
        {
            Fail(BootFailureKind.LeftoverConfig,
                $"the unit joins its stored Wi-Fi network{network} (station mode) instead of opening its AP: clean slate is off, so the old config survived. "
                + "Turn clean slate on in the recipe and re-flash the unit.");
        }
        else
        {
            Findings.AddNote($"station mode (stored Wi-Fi network{network}) although clean slate was on");
        }
    }

    private void OnSafeMode(int? bootFailures)
    {
        Findings.SafeMode = true;
        Findings.SafeModeBootFailures ??= bootFailures;
        var count = bootFailures is { } n ? $" after {n} failed boots" : string.Empty;
        Fail(BootFailureKind.SafeMode,
            $"OpenBeken started in safe mode{count}: earlier boots were cut before boot complete (power cycles or relay bounce within about 6 s of reset). "
            + "Keep the unit powered until boot complete, power-cycle it once and re-test.");
    }

    private void OnApStart(string? ssid)
    {
        Findings.ApStartedAt ??= now;
        if (ssid is null)
        {
            return;
        }

        Findings.SsidSeen = ssid;
        Findings.FirmwareMac.SetSsid(ssid);
        var evidence = Findings.FirmwareMac;
        var candidates = Expectations.Macs;
        var wellFormed = OpenBl602Ssid.IsWellFormed(ssid);
        var fits = candidates.Count == 0
            ? wellFormed && evidence.Conflict is null
            : candidates.Any(c => c.Ssid == ssid && evidence.Fits(c.Mac));
        if (fits)
        {
            ssidMatches = true;
            TryPass();
            return;
        }

        var expected = Expectations.ExpectedSsid;
        if (!Expectations.CleanSlate && Findings.Config == ConfigOrigin.StoredConfigLoaded)
        {
            Fail(BootFailureKind.LeftoverConfig,
                $"the AP SSID is '{DisplayText.Escape(ssid, 64)}', expected '{expected ?? OpenBl602Ssid.Prefix + "XXXXXXXX"}': the unit loaded a stored OpenBeken config (clean slate is off) whose name or MAC wins. "
                + "Turn clean slate on in the recipe and re-flash the unit.");
        }
        else if (!wellFormed)
        {
            Fail(BootFailureKind.SsidMismatch,
                $"the AP SSID '{DisplayText.Escape(ssid, 64)}' is not of the form {OpenBl602Ssid.Prefix}XXXXXXXX: the unit uses a stored device name or runs other firmware. Re-flash the unit.");
        }
        else
        {
            FailOnFirmwareMac($"the AP SSID is '{DisplayText.Escape(ssid, 64)}'");
        }
    }

    // The Wi-Fi start and hostname lines come seconds before the AP: a MAC that cannot be the expected one decides at once.
    private void OnFirmwareMacLine(string line)
    {
        var evidence = Findings.FirmwareMac;
        if (evidence.Conflict is not null || (Expectations.Macs.Count > 0 && !Expectations.Macs.Any(c => evidence.Fits(c.Mac))))
        {
            FailOnFirmwareMac($"the {line} shows MAC {evidence.Pattern}");
        }
    }

    private void FailOnFirmwareMac(string what)
    {
        var evidence = Findings.FirmwareMac;
        if (evidence.Conflict is { } conflict)
        {
            Fail(BootFailureKind.SsidMismatch,
                $"{what}, but the firmware's own lines disagree about its MAC ({conflict}): a stored config changed the MAC or the device name, or the log is garbled. "
                + "Re-flash the unit; if it repeats, set it aside for rework and tell QA.");
            return;
        }

        var seen = evidence.Pattern is { } pattern ? $" (firmware MAC {pattern})" : string.Empty;
        var predicted = string.Join(" or ", Expectations.Macs.Select(c => $"{c} with SSID '{c.Ssid}'"));
        Fail(BootFailureKind.SsidMismatch,
            $"{what}{seen}, but the station predicted MAC {predicted}: the firmware uses another MAC than the eFuse and the recipe's factory parameters give "
            + "(another eFuse slot, a MAC in flash or a stored config), or the unit booted is not the unit flashed. "
            + "Check that the socket's port and relays belong together; if it repeats, set the unit aside and tell QA.");
    }

    private void TryPass()
    {
        if (!Verdict.IsPending || !ssidMatches || !IsBootComplete)
        {
            return;
        }

        var bootComplete = Findings.BootCompleteEvidence == BootCompleteEvidence.BootCompleteLine
            ? $"'Boot complete time reached'{At(now)}"
            : $"the Time counter reached {tickInBoot}{At(now)} without restarting (the boot-complete line itself was not seen)";
        Decide(BootVerdictOutcome.Pass, null,
            $"the firmware opened its AP '{Findings.SsidSeen}' and reached boot complete",
            $"AP start{At(Findings.ApStartedAt)}; {bootComplete}");
    }

    private void CheckDeadlines(bool captureEnded)
    {
        if (!Verdict.IsPending)
        {
            return;
        }

        if (captureEnded || now >= Expectations.BootCompleteTimeout)
        {
            // `Time 6` was the last tick seen and its boot-complete line never came: the counter decides.
            InferBootCompleteFromCounter();
            if (!Verdict.IsPending)
            {
                return;
            }
        }

        if ((captureEnded || now >= Expectations.SilenceTimeout) && !IsReadable)
        {
            if (Expectations.Boot2LogDisabled && Findings.BytesReceived == 0)
            {
                Fail(BootFailureKind.Boot2Failed,
                    $"not a single byte from the unit {Within(Expectations.SilenceTimeout, captureEnded)}, and its eFuse disables boot2's UART log (sw_cfg0 uart_log_disable): "
                    + "boot2 did not start the firmware, so the image in flash is bad (the UART itself worked for flashing). Re-flash the unit; if it repeats, set it aside for rework.");
            }
            else
            {
                Fail(BootFailureKind.Silent, SilentReason(captureEnded));
            }
        }
        else if ((captureEnded || now >= Expectations.ApStartTimeout) && !ssidMatches)
        {
            FailOnMissingMarker("AP start", Within(Expectations.ApStartTimeout, captureEnded));
        }
        else if ((captureEnded || now >= Expectations.BootCompleteTimeout) && !IsBootComplete)
        {
            FailOnMissingMarker("boot complete", Within(Expectations.BootCompleteTimeout, captureEnded));
        }
    }

    // A missing marker is the symptom; name the cause when the log shows one.
    private void FailOnMissingMarker(string marker, string within)
    {
        if (Findings.Boot2FailLines > 0)
        {
            Fail(BootFailureKind.Boot2Failed, Boot2Reason());
        }
        else if (Findings.RestartsBeforeBootComplete > 0)
        {
            Fail(BootFailureKind.BootLoop,
                $"no {marker} {within}, and the firmware restarted {Plural.Of(Findings.RestartsBeforeBootComplete, "time")} before boot complete. "
                + "Check the 3.3 V supply and the reset line, then re-test; if it repeats, set the unit aside for rework.");
        }
        else if (!Expectations.CleanSlate && LogStoppedAtPinSetup)
        {
            Fail(BootFailureKind.LeftoverConfig,
                $"no {marker} {within}: the log stopped right after OpenBeken started, before any of its own log lines, as a stored pin role on GPIO16 (UART0 TX) "
                + "silences it from pin setup on; clean slate is off, so the old config survived. Turn clean slate on in the recipe and re-flash the unit.");
        }
        else if (!Expectations.CleanSlate && (Findings.StationMode || Findings.Config == ConfigOrigin.StoredConfigLoaded))
        {
            Fail(BootFailureKind.LeftoverConfig,
                $"no {marker} {within}: the unit loaded a stored OpenBeken config (clean slate is off); a stored Wi-Fi network stops the AP and a stored pin role on GPIO16 silences the log. "
                + "Turn clean slate on in the recipe and re-flash the unit.");
        }
        else
        {
            Fail(BootFailureKind.MarkerMissing, MissingReason(marker, within));
        }
    }

    // openbl602-boot.md §4: a pin role on GPIO16 takes the pad from UART0 TX at PIN_SetupPins; the
    // banner and the first direct prints come out, every threaded line (still in the ring) is lost.
    private bool LogStoppedAtPinSetup =>
        Findings.HasMarker(BootMarkerKind.VersionLine)
        && !Findings.HasMarker(BootMarkerKind.PinsSetUp)
        && Findings.Config == ConfigOrigin.Unknown
        && Findings.HighestTimeTick == 0
        && !Findings.SafeMode
        && Findings.RestartsBeforeBootComplete == 0;

    private string MissingReason(string marker, string within)
    {
        if (LogStoppedAtPinSetup)
        {
            return $"no {marker} {within}: the log stopped right after the version line, before any OpenBeken log line: the firmware hangs early, "
                + "or a pin role on GPIO16 (UART0 TX) silences it although clean slate should have erased the config. Re-test the unit; if it repeats, set it aside for rework.";
        }

        if (marker == "AP start" && Findings.ApStartedAt is not null && Findings.SsidSeen is null)
        {
            return $"the AP started but its SSID line was unreadable {within}, so the SSID could not be checked. Re-test the unit.";
        }

        if (marker == "AP start" && Findings.StationMode)
        {
            var network = Findings.StationSsid is { } s ? $" '{DisplayText.Escape(s, 64)}'" : string.Empty;
            return $"no AP start {within}: the unit is in station mode (stored Wi-Fi network{network}) although clean slate was on, so the data-partition erase did not take effect. Re-flash the unit.";
        }

        var last = Findings.Markers.Count == 0
            ? "no OpenBL602 marker at all"
            : $"last new marker: {Findings.Markers[^1].Kind}";
        var counter = Findings.HighestTimeTick > 0 ? $", Time counter at {Findings.HighestTimeTick}" : string.Empty;
        var noise = Findings.UnreadableBytes >= UnreadableBytesWorthNaming
            ? $"; {Findings.UnreadableBytes} unreadable bytes arrived, so the console baud may have changed after the banner or the line is noisy"
            : string.Empty;
        return $"no {marker} {within} ({last}{counter}{noise}). Re-test the unit; if it repeats, check the recipe's firmware and set the unit aside for rework.";
    }

    private string Boot2Reason() =>
        (Findings.HasMarker(BootMarkerKind.Boot2NoPartitionTable)
            ? $"boot2 found no valid partition table ('No valid PT' {Plural.Of(Findings.Boot2FailLines, "time")}): the table in flash is missing or reads back wrong at boot2's clock (the flash itself verified). "
            : $"boot2 could not boot the firmware ('BLSP boot2 fail' {Plural.Of(Findings.Boot2FailLines, "time")}): the firmware image or partition table in flash is bad. ")
        + "Re-flash the unit; if it repeats, set it aside for rework.";

    private string SilentReason(bool captureEnded)
    {
        var within = Within(Expectations.SilenceTimeout, captureEnded);
        return Findings.BytesReceived == 0
            ? $"nothing from the unit {within}: check power, the UART wiring (unit TX to adapter RX, common ground) and that CHIP_EN was released."
            : $"{Findings.BytesReceived} bytes from the unit {within} but nothing readable: wrong baud or noise on the line (stock TG7100C firmware may log at 921600 baud). "
              + "Check the UART wiring and ground.";
    }

    private static string Within(TimeSpan timeout, bool captureEnded) =>
        captureEnded ? "before the log ended" : $"within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s of reset";

    private string At(TimeSpan? at) =>
        timed && at is { } t ? $" at {t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s" : string.Empty;

    private void Fail(BootFailureKind kind, string reason) => Decide(BootVerdictOutcome.Fail, kind, reason, null);

    private void Decide(BootVerdictOutcome outcome, BootFailureKind? failure, string reason, string? evidence)
    {
        if (!Verdict.IsPending)
        {
            return;
        }

        Verdict = new BootLogVerdict
        {
            Outcome = outcome,
            Failure = failure,
            Reason = reason,
            DecidingEvidence = evidence ?? FailureEvidence(failure),
            DecidedAt = now,
            ExpectedSsid = Expectations.ExpectedSsid,
            SeenSsid = Findings.SsidSeen,
            ExpectedVersion = Expectations.Version,
            SeenVersion = Findings.VersionSeen,
        };
    }

    // A line decided it (quote it), or a timeout did (name the last thing the log showed).
    private string? FailureEvidence(BootFailureKind? failure) =>
        decidingLine is not null ? $"'{BootMarkerSighting.Printable(decidingLine)}'{At(now)}"
        : failure == BootFailureKind.Silent ? $"{Findings.BytesReceived} bytes received, {Findings.UnreadableBytes} unreadable"
        : Findings.Markers.Count > 0 ? $"last new marker {Findings.Markers[^1].Kind}{At(Findings.Markers[^1].FirstAt)}; {(IsCaptureEnded ? "log ended" : "timeout")}{At(now)}"
        : IsCaptureEnded ? "log ended" : $"timeout{At(now)}";
}
