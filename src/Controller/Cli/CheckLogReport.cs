using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fixture.Protocol.BootLog;
using Fixture.Protocol.Text;

namespace Fixture.Controller.Cli;

/// <summary>
/// How `check-log` shows a verdict: aligned text for a person, or one JSON object for a script. Every
/// value a text line shows is escaped (<see cref="DisplayText"/>): the log is the unit's text, and an
/// SSID such as `\e[2J` must not clear the reader's screen. JSON escapes control characters itself.
/// </summary>
internal static class CheckLogReport
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteText(TextWriter output, string path, BootLogAnalyzer analyzer)
    {
        var verdict = analyzer.Verdict;
        var findings = analyzer.Findings;
        Line(output, "Log", path);
        Line(output, "Verdict", verdict.IsPass ? "PASS" : $"FAIL  {verdict.FailureCode}");
        Line(output, "Reason", verdict.Reason);
        if (verdict.DecidingEvidence is { } evidence)
        {
            Line(output, "Decided by", evidence);
        }

        Line(output, "MAC", MacText(analyzer));
        Line(output, "SSID", SsidText(verdict, findings));
        Line(output, "Version", VersionText(verdict, findings));
        Line(output, "Config", findings.Config switch
        {
            ConfigOrigin.DefaultsWritten => "first boot (defaults written)",
            ConfigOrigin.StoredConfigLoaded => $"stored config loaded ({Number(findings.StoredConfigChanges)} changes count)",
            _ => "not seen",
        });
        if (findings.StationMode)
        {
            Line(output, "Station mode", findings.StationSsid is { } sta ? $"yes, network '{sta}'" : "yes");
        }

        Line(output, "Boot complete", findings.BootCompleteEvidence switch
        {
            BootCompleteEvidence.BootCompleteLine => "yes ('Boot complete time reached' line)",
            BootCompleteEvidence.TimeCounter => $"yes (Time counter reached {findings.HighestTimeTick}; the line itself was not seen)",
            _ => "no",
        });
        Line(output, "Time counter", findings.HighestTimeTick > 0 ? $"highest {findings.HighestTimeTick}" : "not seen");
        if (findings.Restarts > 0)
        {
            Line(output, "Restarts", $"{findings.Restarts} ({findings.RestartsBeforeBootComplete} before boot complete)");
        }

        if (findings.SafeMode)
        {
            Line(output, "Safe mode", findings.SafeModeBootFailures is { } n ? $"yes, {n} boot failures" : "yes");
        }

        if (findings.Boot2FailLines > 0)
        {
            Line(output, "boot2 fail", $"{findings.Boot2FailLines} lines");
        }

        Line(output, "Bytes", $"{findings.BytesReceived} ({findings.UnreadableBytes} unreadable)");
        if (findings.LongLinesCut > 0)
        {
            Line(output, "Long lines", $"{Plural.Of(findings.LongLinesCut, "piece")} of {BootLogAnalyzer.MaxLineLength} bytes cut from lines without a line break (noise or a wrong baud)");
        }

        Line(output, "Markers", findings.Markers.Count == 0
            ? "none"
            : string.Join(", ", findings.Markers.Select(m => m.Count > 1 ? $"{m.Kind} x{m.Count}" : m.Kind.ToString())));
        foreach (var note in findings.Notes)
        {
            Line(output, "Note", note);
        }
    }

    public static void WriteJson(TextWriter output, string path, BootLogAnalyzer analyzer)
    {
        var verdict = analyzer.Verdict;
        var findings = analyzer.Findings;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("log", path);
            json.WriteString("verdict", verdict.IsPass ? "PASS" : "FAIL");
            json.WriteString("failureCode", verdict.FailureCode);
            json.WriteString("reason", verdict.Reason);
            json.WriteString("decidedBy", verdict.DecidingEvidence);
            json.WriteString("mac", findings.FirmwareMac.Mac?.ToString());
            json.WriteString("macKnown", findings.FirmwareMac.Pattern);
            json.WriteString("macLine", findings.FirmwareMac.InitLineMac);
            json.WriteString("macConflict", findings.FirmwareMac.Conflict);
            json.WriteString("expectedMac", analyzer.Expectations.Macs.Count > 0 ? analyzer.Expectations.Macs[0].Mac.ToString() : null);
            json.WriteString("ssid", findings.SsidSeen);
            json.WriteBoolean("ssidWellFormed", findings.SsidSeen is { } seen && OpenBl602Ssid.IsWellFormed(seen));
            json.WriteString("expectedSsid", verdict.ExpectedSsid);
            json.WriteString("version", findings.VersionSeen);
            json.WriteString("garbledVersion", findings.GarbledVersion);
            json.WriteString("expectedVersion", verdict.ExpectedVersion);
            json.WriteString("config", findings.Config switch
            {
                ConfigOrigin.DefaultsWritten => "defaults",
                ConfigOrigin.StoredConfigLoaded => "stored",
                _ => null,
            });
            WriteNumber(json, "storedConfigChanges", findings.StoredConfigChanges);
            json.WriteBoolean("stationMode", findings.StationMode);
            json.WriteString("stationSsid", findings.StationSsid);
            json.WriteBoolean("bootComplete", analyzer.IsBootComplete);
            json.WriteString("bootCompleteEvidence", findings.BootCompleteEvidence switch
            {
                BootCompleteEvidence.BootCompleteLine => "line",
                BootCompleteEvidence.TimeCounter => "time-counter",
                _ => null,
            });
            json.WriteNumber("highestTimeTick", findings.HighestTimeTick);
            json.WriteNumber("restarts", findings.Restarts);
            json.WriteNumber("restartsBeforeBootComplete", findings.RestartsBeforeBootComplete);
            json.WriteBoolean("safeMode", findings.SafeMode);
            WriteNumber(json, "safeModeBootFailures", findings.SafeModeBootFailures);
            json.WriteNumber("boot2FailLines", findings.Boot2FailLines);
            json.WriteNumber("bytes", findings.BytesReceived);
            json.WriteNumber("unreadableBytes", findings.UnreadableBytes);
            json.WriteNumber("longLinesCut", findings.LongLinesCut);
            json.WriteStartArray("markers");
            foreach (var marker in findings.Markers)
            {
                json.WriteStartObject();
                json.WriteString("kind", marker.Kind.ToString());
                json.WriteNumber("count", marker.Count);
                json.WriteString("firstLine", marker.FirstText);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("notes");
            foreach (var note in findings.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    // What the firmware says its MAC is: the Wi-Fi start line (bytes 0..5, or 0..2 masked) joined with the SSID's bytes 2..5.
    private static string MacText(BootLogAnalyzer analyzer)
    {
        var evidence = analyzer.Findings.FirmwareMac;
        if (!evidence.Any)
        {
            return "not printed (no Wi-Fi start line, hostname or SSID)";
        }

        var from = new List<string>();
        if (evidence.InitLineMac is { } line)
        {
            from.Add($"Wi-Fi start line {line}");
        }

        if (evidence.HostnameLastFour is not null)
        {
            from.Add("hostname");
        }

        if (evidence.SsidLastFour is not null)
        {
            from.Add("SSID");
        }

        var text = $"{evidence.Pattern} (from {string.Join(", ", from)})";
        if (evidence.Conflict is { } conflict)
        {
            return $"{text}; the lines disagree: {conflict}";
        }

        var expected = analyzer.Expectations.Macs;
        return expected.Count == 0 ? text
            : analyzer.MatchedMac is { } match ? $"{text}; matches {match.Mac}"
            : $"{text}; expected {expected[0].Mac}";
    }

    private static string SsidText(BootLogVerdict verdict, BootLogFindings findings)
    {
        if (findings.SsidSeen is not { } seen)
        {
            return findings.ApStartedAt is null ? "no AP start seen" : "AP started, SSID unreadable";
        }

        if (!OpenBl602Ssid.IsWellFormed(seen))
        {
            // Not a name the firmware makes: show exactly what the unit said, quoted, and say why it stands out.
            var why = seen.Length == 0 ? "empty"
                : DisplayText.NeedsEscape(seen) ? "control characters shown escaped"
                : seen[0] is '=' or '+' or '-' or '@' ? "starts like a spreadsheet formula"
                : null;
            var expected = verdict.ExpectedSsid is { } e ? $"expected {e} from the MAC" : $"not of the form {OpenBl602Ssid.Prefix}XXXXXXXX";
            return $"'{seen}' (UNEXPECTED: {expected}{(why is null ? string.Empty : "; " + why)})";
        }

        if (verdict.ExpectedSsid is null)
        {
            return $"{seen} (form only; give --mac to check it against the unit's MAC)";
        }

        return seen == verdict.ExpectedSsid
            ? $"{seen} (matches the MAC)"
            : $"{seen} (expected {verdict.ExpectedSsid} from the MAC)";
    }

    private static string VersionText(BootLogVerdict verdict, BootLogFindings findings) => (findings.VersionSeen, verdict.ExpectedVersion) switch
    {
        (null, var expected) when findings.GarbledVersion is { } garbled =>
            $"garbled: 'OpenBL602, version {garbled}'" + (expected is null ? " (not checked)" : $" (expected {expected})"),
        (null, _) => "no version line (the capture may have started after the banner)",
        (var seen, null) => $"{seen} (not checked; give --expect-version to check it)",
        (var seen, var expected) when seen == expected => $"{seen} (as expected)",
        (var seen, var expected) => $"{seen} (expected {expected})",
    };

    private static void Line(TextWriter output, string label, string value) =>
        output.WriteLine($"{label + ":",-15}{DisplayText.Escape(value)}");

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private static void WriteNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } n)
        {
            json.WriteNumber(name, n);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
