namespace Fixture.Protocol.BootLog;

/// <summary>
/// Reads an OpenBL602 boot log as it arrives and decides PASS or FAIL (openbl602-boot.md §2–§3, §7;
/// fixture-design §4). Feed it the UART bytes with the time since reset, tell it when time passes
/// without bytes, and <see cref="Complete"/> it when the capture ends. The verdict is final once
/// decided; the findings keep growing after it, and <see cref="IsBootComplete"/> tells the workflow
/// when the unit may be powered off without counting a failed boot. Not thread-safe: one socket's
/// loop owns it.
/// </summary>
public sealed partial class BootLogAnalyzer
{
    /// <summary>
    /// `Time N` at which OpenBeken marks boot complete with the default FullBootTime of 5 s
    /// (`g_secondsElapsed > 5`). The counter reaching it without restarting is evidence of boot
    /// complete when the line itself is lost: taken at the next tick, or at the boot-complete
    /// timeout / end of capture, and never when a stored config (which may change FullBootTime) was loaded.
    /// </summary>
    public const int BootCompleteTick = 6;

    /// <summary>
    /// Longest line read whole; real lines are under 200 bytes. Noise without line breaks (a wrong baud,
    /// a floating RX) is cut into pieces of this length, so the work per byte stays bounded.
    /// </summary>
    public const int MaxLineLength = 1024;

    private readonly LogLineSplitter splitter;
    private readonly List<BootLogEvent> found = [];
    private ThreadedFragment? fragment;
    private TimeSpan now;
    private bool timed;
    private string? decidingLine;

    /// <exception cref="ArgumentException">The expectations are unusable (see <see cref="BootLogExpectations.Validate"/>).</exception>
    public BootLogAnalyzer(BootLogExpectations expectations)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        expectations.Validate();
        Expectations = expectations;
        splitter = new LogLineSplitter(MaxLineLength, OnRawLine);
    }

    public BootLogExpectations Expectations { get; }

    /// <summary>Pending until decided, then PASS or FAIL with one failure kind; never changes after that.</summary>
    public BootLogVerdict Verdict { get; private set; } = BootLogVerdict.Pending;

    /// <summary>What the log showed so far: SSID, version, config, counters, markers.</summary>
    public BootLogFindings Findings { get; } = new();

    /// <summary>
    /// True once the current boot reached boot complete (the line, or the Time counter). Only then has
    /// the unit recorded a successful boot; cutting power earlier counts as a failed boot in the unit.
    /// </summary>
    public bool IsBootComplete => Findings.BootCompletedAt is not null;

    /// <summary>
    /// The expected MAC everything the firmware printed about its MAC fits (the first, when several do);
    /// null when the firmware printed nothing about it, or nothing fits.
    /// </summary>
    public ExpectedMac? MatchedMac =>
        Findings.FirmwareMac.Any && Findings.FirmwareMac.Conflict is null
            ? Expectations.Macs.FirstOrDefault(c => Findings.FirmwareMac.Fits(c.Mac))
            : null;

    /// <summary>Characters held between feeds (the open line and a cut threaded line waiting for its rest): at most 2 × <see cref="MaxLineLength"/>.</summary>
    internal int HeldCharacters => splitter.Pending + (fragment?.Text.Length ?? 0);

    /// <summary>True after <see cref="Complete"/>.</summary>
    public bool IsCaptureEnded { get; private set; }

    /// <summary>Bytes read from the UART, arriving <paramref name="sinceReset"/> after the unit's reset.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, TimeSpan sinceReset)
    {
        ThrowIfEnded();
        MoveTo(sinceReset);
        splitter.Append(bytes);
        CopyCounters();
        CheckDeadlines(captureEnded: false);
    }

    /// <summary>Time has passed without bytes: lets the silence, AP and boot-complete timeouts fire.</summary>
    public void Advance(TimeSpan sinceReset)
    {
        ThrowIfEnded();
        MoveTo(sinceReset);
        CheckDeadlines(captureEnded: false);
    }

    /// <summary>
    /// The capture ended: the unterminated tail is read as a cut line, and a verdict still pending is
    /// decided as if every timeout had passed. Calling it again returns the same verdict.
    /// </summary>
    public BootLogVerdict Complete()
    {
        if (!IsCaptureEnded)
        {
            splitter.Flush();
            CopyCounters();
            IsCaptureEnded = true;
            CheckDeadlines(captureEnded: true);
        }

        return Verdict;
    }

    private void CopyCounters()
    {
        Findings.BytesReceived = splitter.BytesReceived;
        Findings.UnreadableBytes = splitter.UnreadableBytes;
        if (splitter.CutLines > Findings.LongLinesCut)
        {
            Findings.LongLinesCut = splitter.CutLines;
            Findings.AddNote($"a line ran past {MaxLineLength} bytes without a line break (noise, or a wrong baud): it was read in pieces of {MaxLineLength} bytes, none of which can carry a whole marker");
        }
    }

    private void MoveTo(TimeSpan sinceReset)
    {
        if (sinceReset > now)
        {
            now = sinceReset;
            timed = true;
        }
    }

    private void ThrowIfEnded()
    {
        if (IsCaptureEnded)
        {
            throw new InvalidOperationException("The boot-log capture was already completed; use a new BootLogAnalyzer for the next boot.");
        }
    }

    private void OnRawLine(string line, bool complete)
    {
        var embedded = BootLogLineClassifier.FindEmbeddedDirectStart(line);
        if (embedded > 0)
        {
            // A threaded chunk ended mid-line and a direct print followed it: the head is cut.
            OnSegment(line[..embedded], complete: false);
            OnRawLine(line[embedded..], complete);
            return;
        }

        OnSegment(line, complete);
    }

    private void OnSegment(string text, bool complete)
    {
        if (BootLogLineClassifier.IsText(text))
        {
            Findings.TextLines++;
        }

        var events = Classify(text, complete);
        var source = BootLogLineClassifier.SourceOf(text);
        if (source == LineSource.Other && events.Length == 0 && fragment is not null)
        {
            // The rest of a threaded line that a direct print cut in two: read the two halves joined,
            // keeping only what the first half did not already show.
            var joined = fragment.Text + text;
            var joinedEvents = Classify(joined, complete);
            var newEvents = joinedEvents.Where(e => !fragment.Events.Contains(e)).ToArray();

            // A threaded line is printed in 128-byte chunks: a join longer than a line is noise, and
            // keeping it would make every further piece of noise re-read all of it (quadratic time).
            fragment = complete || joined.Length > MaxLineLength ? null : new ThreadedFragment(joined, joinedEvents);
            Apply(newEvents, joined);
            return;
        }

        if (source == LineSource.Threaded || (source == LineSource.Other && events.Length > 0))
        {
            // Any threaded line may turn out to be cut (a direct print's leading `\r` ends it early).
            fragment = new ThreadedFragment(text, events);
        }

        Apply(events, text);
    }

    private BootLogEvent[] Classify(string text, bool complete)
    {
        found.Clear();
        BootLogLineClassifier.Classify(text, complete, found);
        return found.Count == 0 ? [] : [.. found];
    }

    private void Apply(BootLogEvent[] events, string text)
    {
        if (events.Length == 0)
        {
            return;
        }

        Findings.RecognizedLines++;
        foreach (var e in events)
        {
            Findings.RecordMarker(e.Kind, now, text);
        }

        // Within one line, the boot-start markers first, so a restart is seen before what follows it.
        decidingLine = text;
        foreach (var e in events.OrderBy(e => e.Kind is BootMarkerKind.SdkStart or BootMarkerKind.ChipBanner or BootMarkerKind.VersionLine ? 0 : 1))
        {
            ApplyEvent(e);
        }

        decidingLine = null;
    }

    private sealed record ThreadedFragment(string Text, BootLogEvent[] Events);
}
