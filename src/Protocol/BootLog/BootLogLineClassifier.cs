using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Fixture.Protocol.BootLog;

/// <summary>Who printed a line, judged by how it starts.</summary>
internal enum LineSource
{
    /// <summary>OpenBeken's threaded log (`Info:`, `Warn:`...): printed from a ring buffer in 128-byte chunks, so it can be cut.</summary>
    Threaded,

    /// <summary>A direct `printf` from the SDK or OpenBeken: always whole, may land in the middle of a threaded line.</summary>
    Direct,

    /// <summary>Anything else: a continuation of a cut threaded line, a mangled prefix, garbage, another firmware.</summary>
    Other,
}

/// <summary>
/// Finds markers in one line. Patterns are searched anywhere in the line, so mangled prefixes and
/// interleaved text do not hide them. A value is taken only where the text cannot still grow into
/// another value: `Time N, idle` needs its `, idle`, the SSID its terminator, the version a whole line.
/// </summary>
internal static partial class BootLogLineClassifier
{
    // Direct prints that can start in the middle of a line, right after a cut threaded chunk.
    private static readonly string[] DirectStarts =
    [
        "[WF]", "[DHCP]", "[APP]", "[OS]", "[SYS]", "Start Wi-Fi fw", "Starting bl602 now", "Booting BL602 Chip", "No valid PT",
        "OpenBL602, version", "Main_OnWiFiStatusChange", "BLSP boot2 fail", "Entering initLog()", "Commands registered!",
        "initLog() done!", "[BL] Initi Wi-Fi",
    ];

    // Direct prints recognised only at the start of a line (they also occur inside threaded lines).
    private static readonly string[] DirectLineStarts =
    [
        "Main_Init_", "RISC-V Core Feature", "Build Version", "Build Date", "Build Time", "Exception Entry", "mcause ",
    ];

    private static readonly string[] ThreadedStarts = ["Info:", "Warn:", "Error:", "Debug:"];

    private static readonly SearchValues<string> DirectStartValues = SearchValues.Create(DirectStarts, StringComparison.Ordinal);

    /// <summary>Index of a direct print that starts after the beginning of the line, or -1.</summary>
    public static int FindEmbeddedDirectStart(string line)
    {
        if (line.Length < 2)
        {
            return -1;
        }

        var index = line.AsSpan(1).IndexOfAny(DirectStartValues);
        return index < 0 ? -1 : index + 1;
    }

    public static LineSource SourceOf(string line)
    {
        foreach (var start in ThreadedStarts)
        {
            if (line.StartsWith(start, StringComparison.Ordinal))
            {
                return LineSource.Threaded;
            }
        }

        foreach (var start in DirectStarts.Concat(DirectLineStarts))
        {
            if (line.StartsWith(start, StringComparison.Ordinal))
            {
                return LineSource.Direct;
            }
        }

        return LineSource.Other;
    }

    /// <summary>True for a line of plain text (not noise): printable ASCII with at least one word.</summary>
    public static bool IsText(string line)
    {
        var text = line.AsSpan().Trim();
        if (text.Length < 8)
        {
            return false;
        }

        var letterRun = 0;
        var hasWord = false;
        foreach (var c in text)
        {
            if (c is (< ' ' or > '~') and not '\t')
            {
                return false;
            }

            letterRun = char.IsAsciiLetter(c) ? letterRun + 1 : 0;
            hasWord |= letterRun >= 3;
        }

        return hasWord;
    }

    /// <param name="line">One line, without its line break.</param>
    /// <param name="complete">False when the line was cut (a chunk boundary, the end of a capture): values at its end are not trusted.</param>
    /// <param name="found">Receives the markers, in no particular order.</param>
    public static void Classify(string line, bool complete, List<BootLogEvent> found)
    {
        AddIfContains(line, "BLSP boot2 fail", BootMarkerKind.Boot2Fail, found);
        AddIfContains(line, "No valid PT", BootMarkerKind.Boot2NoPartitionTable, found);
        AddIfContains(line, "Media boot return", BootMarkerKind.Boot2MediaReturn, found);
        AddIfContains(line, "Starting bl602 now", BootMarkerKind.SdkStart, found);
        AddIfContains(line, "Booting BL602 Chip", BootMarkerKind.ChipBanner, found);
        AddIfContains(line, "Build Version:", BootMarkerKind.SdkBuildVersion, found);
        AddIfContains(line, "PIN_SetupPins pins have been set up", BootMarkerKind.PinsSetUp, found);
        AddIfContains(line, "[DHCP] ip_start", BootMarkerKind.DhcpServerStart, found);
        AddIfContains(line, "Starting tg7100c now", BootMarkerKind.StockBanner, found);
        AddIfContains(line, "Welcome to AliOS Things", BootMarkerKind.AliosWelcome, found);
        AddIfContains(line, "Firmware info", BootMarkerKind.StockFirmwareInfo, found);

        if (line.Contains("Config crc or ident mismatch", StringComparison.Ordinal)
            || line.Contains("Default config will be loaded", StringComparison.Ordinal))
        {
            found.Add(new BootLogEvent(BootMarkerKind.DefaultConfigWritten));
        }

        if (line.Contains("WIFI_STA_CONNECTING", StringComparison.Ordinal)
            || line.Contains("[APP] [EVT] Connecting", StringComparison.Ordinal)
            || line.Contains("[APP] [EVT] GOT IP", StringComparison.Ordinal))
        {
            found.Add(new BootLogEvent(BootMarkerKind.StationActivity));
        }

        if (StockAppBoard().IsMatch(line))
        {
            found.Add(new BootLogEvent(BootMarkerKind.StockAppBoard));
        }

        if (TimeTick().Match(line) is { Success: true } tick && TryNumber(tick, out var seconds))
        {
            found.Add(new BootLogEvent(BootMarkerKind.TimeTick, Number: seconds));
        }

        ClassifySafeMode(line, complete, found);
        ClassifyWifiInit(line, complete, found);
        ClassifyApStart(line, complete, found);
        ClassifyVersion(line, complete, found);

        if (StoredConfig().Match(line) is { Success: true } stored && TryNumber(stored, out var changes))
        {
            found.Add(new BootLogEvent(BootMarkerKind.StoredConfigLoaded, Number: changes));
        }

        if (UsingSsid().Match(line) is { Success: true } usingSsid)
        {
            found.Add(new BootLogEvent(BootMarkerKind.UsingSsid, usingSsid.Groups["ssid"].Value));
        }

        if (ConnectingSsid().Match(line) is { Success: true } connecting)
        {
            found.Add(new BootLogEvent(BootMarkerKind.ConnectingToSsid, connecting.Groups["ssid"].Value));
        }

        if (BootComplete().Match(line) is { Success: true } bootComplete)
        {
            found.Add(new BootLogEvent(BootMarkerKind.BootComplete, Number: TryNumber(bootComplete, out var limit) ? limit : null));
        }
    }

    private static void ClassifySafeMode(string line, bool complete, List<BootLogEvent> found)
    {
        var activated = SafeModeActivated().Match(line);
        if (activated.Success)
        {
            // The failure count ends the line, so a cut line may hold only its first digits.
            int? failures = complete && TryNumber(activated, out var n) ? n : null;
            found.Add(new BootLogEvent(BootMarkerKind.SafeMode, "safe mode activated", failures));
        }
        else if (line.Contains("[SAFE]", StringComparison.Ordinal))
        {
            found.Add(new BootLogEvent(BootMarkerKind.SafeMode, "[SAFE]"));
        }
    }

    // Two digits per byte: a MAC that matches whole cannot be a cut prefix of another. The hostname's
    // eight digits are taken only when the line shows where they end, or is whole.
    private static void ClassifyWifiInit(string line, bool complete, List<BootLogEvent> found)
    {
        var init = WifiInitMac().Match(line);
        if (init.Success)
        {
            found.Add(new BootLogEvent(BootMarkerKind.WifiInitMac, init.Groups["mac"].Value));
        }
        else if (line.Contains("Initi Wi-Fi", StringComparison.Ordinal))
        {
            found.Add(new BootLogEvent(BootMarkerKind.WifiInitMac));
        }

        var hostname = Hostname().Match(line);
        if (hostname.Success)
        {
            var trusted = hostname.Groups["end"].Length > 0 || complete;
            found.Add(new BootLogEvent(BootMarkerKind.Hostname, trusted ? hostname.Groups["hex"].Value : null));
        }
    }

    // `[WF][SM] start AP with ssid %s;`: the SSID is whatever the firmware printed before the `;` (a
    // stored device name can be anything, `=HYPERLINK(...)` included: it is shown escaped, never dropped).
    // Without the `;` a whole line gives its rest, less trailing noise; a cut line may hold only a prefix.
    private static void ClassifyApStart(string line, bool complete, List<BootLogEvent> found)
    {
        const string Phrase = "start AP with ssid";
        var at = line.IndexOf(Phrase, StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var rest = line.AsSpan(at + Phrase.Length);
        if (rest.StartsWith(" "))
        {
            rest = rest[1..];
        }

        var end = rest.IndexOf(';');
        string? ssid = end >= 0 ? rest[..end].ToString()
            : complete ? WithoutTrailingNoise(rest).ToString()
            : null;
        found.Add(new BootLogEvent(BootMarkerKind.ApStart, ssid));
    }

    // Spaces and unreadable bytes (a wrong baud, a line glitch) at a line's end are not part of a value.
    private static ReadOnlySpan<char> WithoutTrailingNoise(ReadOnlySpan<char> text)
    {
        var end = text.Length;
        while (end > 0 && text[end - 1] is <= ' ' or > '~')
        {
            end--;
        }

        return text[..end];
    }

    // `OpenBL602, version %s`: a version that is not one clean token before the line's end is garbled,
    // not absent: it cannot show the expected version, so it fails an expectation instead of passing it.
    private static void ClassifyVersion(string line, bool complete, List<BootLogEvent> found)
    {
        const string Phrase = "OpenBL602, version";
        var at = line.IndexOf(Phrase, StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var match = VersionLine().Match(line, at);
        if (match.Success)
        {
            var terminated = match.Groups["end"].Length > 0 || complete;
            found.Add(new BootLogEvent(BootMarkerKind.VersionLine, terminated ? match.Groups["version"].Value : null));
            return;
        }

        // A cut line that stops at (or right after) the phrase may still get its version; anything else is garbled.
        var after = line.AsSpan(at + Phrase.Length);
        var garbled = complete || after.TrimStart(' ').Length > 0;
        found.Add(new BootLogEvent(BootMarkerKind.VersionLine, Unreadable: garbled ? after.Trim().ToString() : null));
    }

    private static void AddIfContains(string line, string phrase, BootMarkerKind kind, List<BootLogEvent> found)
    {
        if (line.Contains(phrase, StringComparison.Ordinal))
        {
            found.Add(new BootLogEvent(kind));
        }
    }

    private static bool TryNumber(Match match, out int value) =>
        int.TryParse(match.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    [GeneratedRegex(@"Time (?<n>\d{1,9}), idle", RegexOptions.CultureInvariant)]
    private static partial Regex TimeTick();

    [GeneratedRegex(@"safe mode activated(?: - boot failures (?<n>\d{1,9}))?", RegexOptions.CultureInvariant)]
    private static partial Regex SafeModeActivated();

    [GeneratedRegex(@"Initi Wi-Fi with MAC #### (?<mac>[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}:(?:\*+|[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}))", RegexOptions.CultureInvariant)]
    private static partial Regex WifiInitMac();

    [GeneratedRegex(@"hostname: OpenBL602_(?<hex>[0-9A-Fa-f]{8})(?<end>[^0-9A-Za-z_]?)", RegexOptions.CultureInvariant)]
    private static partial Regex Hostname();

    [GeneratedRegex(@"OpenBL602, version (?<version>[A-Za-z0-9._+\-]+)(?<end>[^A-Za-z0-9._+\-]?)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"Correct config has been loaded with (?<n>\d{1,9}) changes", RegexOptions.CultureInvariant)]
    private static partial Regex StoredConfig();

    [GeneratedRegex(@"Using SSID \[(?<ssid>[^\]]*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex UsingSsid();

    [GeneratedRegex(@"Connecting to SSID \[(?<ssid>[^\]]*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex ConnectingSsid();

    [GeneratedRegex(@"Boot complete time reached(?: \((?<n>\d{1,9}) seconds\))?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BootComplete();

    [GeneratedRegex(@"app:\s*[A-Za-z0-9_\-]+,\s*board:", RegexOptions.CultureInvariant)]
    private static partial Regex StockAppBoard();
}
