using System.Globalization;
using Fixture.Controller.Audit;
using Fixture.Controller.Reports;
using Fixture.Controller.Station;
using Fixture.Controller.Workflow.Configuration;
using Fixture.Protocol.Identity;

namespace Fixture.Controller.Upkeep;

/// <summary>What one verification unit's attempt did to its socket's gate: counted or not, the gate open or not, and the words for the operator.</summary>
public sealed record VerificationOutcome(int Socket, bool Counted, bool GateOpen, string Text);

/// <summary>
/// The verification gate (issue 12 §2), pure over the station state: with <c>workflow.verification.required</c>,
/// a production start on a socket the gate applies to is refused until, on that socket, the configured GOLDEN unit
/// passed and the configured KNOWN_BAD unit failed with its <c>expectedCode</c> — since the gate last closed (the
/// station started, its configuration or recipe changed) and, with <c>everyHours</c>, within that many hours of the
/// wall clock. A unit counts only when its chip id is the configured one of the kind it was started as; a GOLDEN
/// that fails, or a KNOWN_BAD that does not fail with its code, clears the socket's results (the station cannot
/// tell good from bad).
/// </summary>
internal sealed class VerificationGate
{
    private readonly VerificationGateConfig config;
    private readonly ConfiguredIdentities identities;
    private readonly TimeProvider wallClock;

    public VerificationGate(VerificationGateConfig config, ConfiguredIdentities identities, TimeProvider wallClock)
    {
        this.config = config ?? throw new ArgumentNullException(nameof(config));
        this.identities = identities ?? throw new ArgumentNullException(nameof(identities));
        this.wallClock = wallClock ?? throw new ArgumentNullException(nameof(wallClock));
    }

    public bool Required => config.Required;

    /// <summary>Whether the gate guards <paramref name="socket"/>'s production starts.</summary>
    public bool Applies(int socket) => config.Required && (config.Sockets is null || config.Sockets.Contains(socket));

    private TimeSpan? Validity => config.EveryHours > 0 ? TimeSpan.FromHours(config.EveryHours) : null;

    /// <summary>What the socket still needs before production (empty: the gate is open, or does not apply).</summary>
    public IReadOnlyList<string> Missing(StationState state, int socket)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!Applies(socket))
        {
            return [];
        }

        var now = wallClock.GetUtcNow();
        var results = state.Verification?.Socket(socket) ?? new SocketVerification(socket);
        var missing = new List<string>();
        if (!Current(results.GoldenPassedUtc, now))
        {
            missing.Add($"the GOLDEN unit ({Names(VerificationUnitKind.Golden)}) must PASS");
        }

        if (!Current(results.KnownBadFailedUtc, now))
        {
            var codes = string.Join(" or ", identities.Units.Where(u => u.Kind == VerificationUnitKind.KnownBad).Select(u => u.ExpectedCode?.ToText()).OfType<string>().Distinct());
            missing.Add($"the KNOWN_BAD unit ({Names(VerificationUnitKind.KnownBad)}) must FAIL with {codes}");
        }

        return missing;
    }

    /// <summary>Why a production start on <paramref name="socket"/> is refused now, with what is missing and how to run it; null when it may start.</summary>
    public string? WhyRefused(StationState state, int socket)
    {
        var missing = Missing(state, socket);
        if (missing.Count == 0)
        {
            return null;
        }

        return $"Socket {socket} needs its verification before production ({Why(state, socket)}): {string.Join("; ", missing)}. "
            + $"Start each with its mark: V on the console, or type 'golden {socket}' / 'known-bad {socket}' in plain mode.";
    }

    /// <summary>
    /// The station has started with this configuration and recipe: the state with the gate's record (closed after a
    /// start when <c>afterStart</c>, after a change always) and the audit entries (config-changed, recipe-changed,
    /// the gate closing).
    /// </summary>
    public (StationState State, IReadOnlyList<AuditEntry> Audit) Started(StationState state, string configFile, string configSha256, string recipeFile, string recipeSha256)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entries = new List<AuditEntry>();
        var before = state.Verification;
        var reasons = new List<string>();
        if (before is not null && !string.Equals(before.ConfigSha256, configSha256, StringComparison.Ordinal))
        {
            entries.Add(AuditEntry.Of(AuditEntry.Station, AuditKind.ConfigChanged, ("old", before.ConfigSha256), ("new", configSha256), ("file", configFile)));
            reasons.Add("the configuration changed");
        }

        if (before is not null && !string.Equals(before.RecipeSha256, recipeSha256, StringComparison.Ordinal))
        {
            entries.Add(AuditEntry.Of(AuditEntry.Station, AuditKind.RecipeChanged, ("old", before.RecipeSha256), ("new", recipeSha256), ("recipe", recipeFile)));
            reasons.Add("the recipe changed");
        }

        if (before is null)
        {
            reasons.Add("not verified yet");
        }
        else if (config.AfterStart)
        {
            reasons.Add("the station started");
        }

        if (reasons.Count == 0)
        {
            return (state, entries);
        }

        var because = string.Join(", ", reasons);
        if (config.Required)
        {
            entries.Add(AuditEntry.Of(AuditEntry.Station, AuditKind.Verification, ("event", "gate-closed"), ("reason", because), ("sockets", SocketsText)));
        }

        return (state with { Verification = new VerificationRecord(configSha256, recipeSha256, because, []) }, entries);
    }

    /// <summary>
    /// A verification unit's attempt finished (its row on disk): the state with the socket's results, what the
    /// operator is told, and the audit entry; null for a production row.
    /// </summary>
    public (StationState State, VerificationOutcome Outcome, AuditEntry Audit)? Observe(StationState state, UnitReportRow row)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(row);
        if (row.VerificationUnit is not (VerificationUnitKind.Golden or VerificationUnitKind.KnownBad))
        {
            return null;
        }

        var socket = row.Socket;
        var record = state.Verification ?? new VerificationRecord("", "", "not verified yet", []);
        var results = record.Socket(socket);
        var kind = row.VerificationUnit.ToText();
        var configured = identities.Find(Parse(row.ChipId), Parse(row.Mac));
        var ended = row.FailureCode is { } c ? $"{row.Verdict.ToString().ToUpperInvariant()}: {c.ToText()}" : row.Verdict.ToString().ToUpperInvariant();
        string result;
        var counted = false;
        if (row.FailureCode == FailureCode.Aborted)
        {
            result = $"{kind} run aborted: not counted";
        }
        else if (configured is null || configured.Kind != row.VerificationUnit)
        {
            result = $"{kind} run not counted: chip id {(string.IsNullOrEmpty(row.ChipId) ? "(not read)" : row.ChipId)} is not the configured {kind} unit ({Names(row.VerificationUnit)})";
        }
        else if (row.VerificationUnit == VerificationUnitKind.Golden)
        {
            counted = row.Verdict == UnitVerdict.Pass;
            results = counted ? results with { GoldenPassedUtc = row.TimestampUtc.ToUniversalTime() } : new SocketVerification(socket);
            result = counted ? "GOLDEN passed" : $"GOLDEN unit ended {ended}: the station fails a good unit; stop and call the technician";
        }
        else
        {
            counted = row.Verdict == UnitVerdict.Fail && row.FailureCode == configured.ExpectedCode;
            results = counted ? results with { KnownBadFailedUtc = row.TimestampUtc.ToUniversalTime() } : new SocketVerification(socket);
            result = counted
                ? $"KNOWN_BAD failed with {configured.ExpectedCode!.Value.ToText()} as expected"
                : $"KNOWN_BAD unit ended {ended}, not FAIL: {configured.ExpectedCode?.ToText()}: the station did not catch a known fault; stop and call the technician";
        }

        var after = state with { Verification = record.With(results) };
        var missing = Missing(after, socket);
        var open = Applies(socket) && missing.Count == 0;
        var text = $"socket {socket} verification: {result}. " + (!Applies(socket)
            ? "(The verification gate does not guard this socket.)"
            : open ? $"Socket {socket} is verified: production may start{Until(after.Verification!.Socket(socket))}." : $"Still missing: {string.Join("; ", missing)}.");
        var audit = AuditEntry.Of(
            AuditEntry.Station,
            AuditKind.Verification,
            ("event", "unit"),
            ("socket", socket.ToString(CultureInfo.InvariantCulture)),
            ("unit", kind),
            ("chip_id", row.ChipId ?? ""),
            ("attempt", row.AttemptNumber.ToString(CultureInfo.InvariantCulture)),
            ("result", row.Verdict.ToString().ToUpperInvariant()),
            ("code", row.FailureCode?.ToText() ?? ""),
            ("expected", configured?.Kind == VerificationUnitKind.KnownBad ? configured.ExpectedCode?.ToText() ?? "" : configured is null ? "" : "PASS"),
            ("counted", counted ? "yes" : "no"),
            ("gate", !Applies(socket) ? "not-guarded" : open ? "open" : "closed"));
        return (after, new VerificationOutcome(socket, counted, open, text), audit);
    }

    private string SocketsText => config.Sockets is { } sockets ? string.Join(",", sockets) : "all";

    private bool Current(DateTimeOffset? at, DateTimeOffset now) => at is { } t && (Validity is not { } validity || now - t < validity);

    private string Why(StationState state, int socket)
    {
        var results = state.Verification?.Socket(socket);
        if (Validity is { } validity && (results?.GoldenPassedUtc is not null || results?.KnownBadFailedUtc is not null))
        {
            return $"a verification counts {validity.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h";
        }

        return state.Verification?.ClosedBecause ?? "not verified yet";
    }

    private string Until(SocketVerification results)
    {
        if (Validity is not { } validity || results.GoldenPassedUtc is not { } golden || results.KnownBadFailedUtc is not { } bad)
        {
            return "";
        }

        var until = (golden < bad ? golden : bad) + validity;
        return string.Create(CultureInfo.InvariantCulture, $" until {until:yyyy-MM-dd HH:mm} UTC");
    }

    private string Names(VerificationUnitKind kind)
    {
        var names = identities.Units.Where(u => u.Kind == kind).Select(u => u.Name).Distinct().ToList();
        return names.Count == 0 ? "none configured" : string.Join(" or ", names);
    }

    private static MacAddress? Parse(string? text) => MacAddress.TryParse(text, out var mac) ? mac : null;
}
