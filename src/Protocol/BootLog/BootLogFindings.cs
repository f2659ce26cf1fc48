using System.Globalization;
using System.Text;

namespace Fixture.Protocol.BootLog;

/// <summary>Whether the firmware wrote a fresh config or loaded one a previous boot stored.</summary>
public enum ConfigOrigin
{
    /// <summary>Neither config line was seen (e.g. the capture started late, or the line was garbled).</summary>
    Unknown,

    /// <summary>`Config crc or ident mismatch. Default config will be loaded.` — first boot on a clean PSM.</summary>
    DefaultsWritten,

    /// <summary>`Correct config has been loaded with N changes count.` — the PSM held an OpenBeken config.</summary>
    StoredConfigLoaded,
}

/// <summary>
/// What the analyzer found in the log so far, for the report's detail column and for `check-log`.
/// Owned and updated by <see cref="BootLogAnalyzer"/>; read it, do not keep it across units.
/// </summary>
public sealed class BootLogFindings
{
    private readonly List<BootMarkerSighting> markers = [];
    private readonly Dictionary<BootMarkerKind, BootMarkerSighting> markerByKind = [];
    private const int MaxNotes = 16;

    private readonly List<string> notes = [];

    /// <summary>What the firmware printed about its MAC (Wi-Fi start line, hostname, SSID).</summary>
    public FirmwareMacEvidence FirmwareMac { get; } = new();

    /// <summary>The SSID of the latest readable `start AP with ssid` line.</summary>
    public string? SsidSeen { get; internal set; }

    /// <summary>The version of the latest readable `OpenBL602, version` line.</summary>
    public string? VersionSeen { get; internal set; }

    /// <summary>
    /// What followed `OpenBL602, version` on the latest version line whose version could not be read
    /// (noise, not a version), as it came: escape it before showing it. Null when none was garbled.
    /// </summary>
    public string? GarbledVersion { get; internal set; }

    public ConfigOrigin Config { get; internal set; }

    /// <summary>N of `Correct config has been loaded with N changes count`.</summary>
    public int? StoredConfigChanges { get; internal set; }

    /// <summary>True when the log shows station mode (a stored Wi-Fi network) instead of the AP.</summary>
    public bool StationMode { get; internal set; }

    /// <summary>The stored network of `Using SSID [..]` / `Connecting to SSID [..]`, when not empty.</summary>
    public string? StationSsid { get; internal set; }

    /// <summary>The highest `Time N` seen in any boot of the capture.</summary>
    public int HighestTimeTick { get; internal set; }

    /// <summary>Times the `Time N` counter went backwards (the application restarted).</summary>
    public int TimeCounterRestarts { get; internal set; }

    /// <summary>Application restarts seen (banner repeats or counter restarts), with or without boot complete before them.</summary>
    public int Restarts { get; internal set; }

    /// <summary>Restarts that came before the boot reached boot complete: each one counts as a failed boot in the unit.</summary>
    public int RestartsBeforeBootComplete { get; internal set; }

    /// <summary>Time since reset of the first AP start line (zero for a saved log without timing).</summary>
    public TimeSpan? ApStartedAt { get; internal set; }

    /// <summary>Time since reset at which the current boot reached boot complete; null while it has not.</summary>
    public TimeSpan? BootCompletedAt { get; internal set; }

    /// <summary>What showed the current boot complete (the line itself is preferred over the Time counter).</summary>
    public BootCompleteEvidence BootCompleteEvidence { get; internal set; }

    /// <summary>N of `Boot complete time reached (N seconds)`: the firmware's FullBootTime.</summary>
    public int? FullBootTimeSeconds { get; internal set; }

    public bool SafeMode { get; internal set; }

    /// <summary>N of `safe mode activated - boot failures N`.</summary>
    public int? SafeModeBootFailures { get; internal set; }

    /// <summary>How many `BLSP boot2 fail` lines arrived.</summary>
    public int Boot2FailLines { get; internal set; }

    public long BytesReceived { get; internal set; }

    /// <summary>Bytes that are neither printable ASCII nor line breaks: noise or a wrong baud.</summary>
    public long UnreadableBytes { get; internal set; }

    /// <summary>
    /// Pieces of lines cut at <see cref="BootLogAnalyzer.MaxLineLength"/> bytes because no line break came
    /// (noise, a wrong baud): each was read on its own, marked as cut.
    /// </summary>
    public long LongLinesCut { get; internal set; }

    /// <summary>Lines that carried at least one marker.</summary>
    public int RecognizedLines { get; internal set; }

    /// <summary>Lines of plain readable text, recognised or not.</summary>
    public int TextLines { get; internal set; }

    /// <summary>Each kind of marker found, in the order it first appeared.</summary>
    public IReadOnlyList<BootMarkerSighting> Markers => markers;

    /// <summary>Things worth knowing that did not decide the verdict (e.g. a loaded config with clean slate on).</summary>
    public IReadOnlyList<string> Notes => notes;

    public bool HasMarker(BootMarkerKind kind) => markerByKind.ContainsKey(kind);

    public BootMarkerSighting? Marker(BootMarkerKind kind) => markerByKind.GetValueOrDefault(kind);

    /// <summary>One line for the report's detail column, e.g. `ssid=OpenBL602_971E9666; version=1.17.366; config=defaults; time=7; ...`.</summary>
    public string ToDetail()
    {
        var detail = new StringBuilder();
        Append(detail, "ssid", SsidSeen);
        Append(detail, "mac", FirmwareMac.InitLineMac);
        Append(detail, "version", VersionSeen);
        Append(detail, "config", ConfigText);
        Append(detail, "sta", StationSsid ?? (StationMode ? "yes" : null));
        Append(detail, "time", HighestTimeTick > 0 ? HighestTimeTick.ToString(CultureInfo.InvariantCulture) : null);
        Append(detail, "complete", BootCompleteEvidence switch
        {
            BootCompleteEvidence.BootCompleteLine => "line",
            BootCompleteEvidence.TimeCounter => "time-counter",
            _ => null,
        });
        Append(detail, "restarts", Restarts > 0 ? Restarts.ToString(CultureInfo.InvariantCulture) : null);
        Append(detail, "safe", SafeMode ? (SafeModeBootFailures?.ToString(CultureInfo.InvariantCulture) ?? "yes") : null);
        Append(detail, "boot2fail", Boot2FailLines > 0 ? Boot2FailLines.ToString(CultureInfo.InvariantCulture) : null);
        Append(detail, "markers", string.Join(',', markers.Select(m => m.Count > 1 ? $"{m.Kind}x{m.Count}" : m.Kind.ToString())));
        return detail.ToString();
    }

    /// <summary>`defaults`, `stored(N)` or `unknown`.</summary>
    public string ConfigText => Config switch
    {
        ConfigOrigin.DefaultsWritten => "defaults",
        ConfigOrigin.StoredConfigLoaded => StoredConfigChanges is { } n ? $"stored({n})" : "stored",
        _ => "unknown",
    };

    internal void RecordMarker(BootMarkerKind kind, TimeSpan at, string text)
    {
        if (markerByKind.TryGetValue(kind, out var sighting))
        {
            sighting.SeenAgain(at);
            return;
        }

        sighting = new BootMarkerSighting(kind, at, text);
        markerByKind.Add(kind, sighting);
        markers.Add(sighting);
    }

    internal void AddNote(string note)
    {
        // A unit that reboots for minutes must not grow the report row without bound.
        if (notes.Count < MaxNotes && !notes.Contains(note))
        {
            notes.Add(note);
        }
    }

    private static void Append(StringBuilder detail, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (detail.Length > 0)
        {
            detail.Append("; ");
        }

        detail.Append(key).Append('=').Append(BootMarkerSighting.Printable(value, int.MaxValue));
    }
}
