namespace Fixture.Controller.Audit;

/// <summary>What an audit entry records; written as the kebab-case text of <see cref="AuditKinds.ToText"/>.</summary>
public enum AuditKind
{
    /// <summary>The station configuration's SHA-256 changed (details: <c>old</c>, <c>new</c>, <c>file</c>).</summary>
    ConfigChanged,

    /// <summary>The recipe's SHA-256 changed (details: <c>old</c>, <c>new</c>, <c>recipe</c>).</summary>
    RecipeChanged,

    /// <summary>A configuration or recipe was approved (<c>fixture config pin</c>; details: <c>file</c>, <c>sha256</c>).</summary>
    Pin,

    /// <summary>A socket was locked (details: <c>socket</c>, <c>reason</c>).</summary>
    Lock,

    /// <summary>A socket was unlocked by a technician (details: <c>socket</c>, <c>was</c> = the lock's reason).</summary>
    Unlock,

    /// <summary>A wear counter was reset (details: <c>counter</c>, <c>socket</c>, <c>line</c>, <c>was</c>).</summary>
    CounterReset,

    /// <summary>A selftest ran (details: <c>result</c> OK/WARNING/PROBLEM and one key per finding).</summary>
    Selftest,

    /// <summary>A verification unit ran or the gate opened/closed (details as phase B defines them).</summary>
    Verification,

    /// <summary>The audit log's own cut-off last line was moved aside before this append (details: <c>torn_bytes</c>, <c>moved_to</c>).</summary>
    AuditRepaired,
}

/// <summary>The texts of <see cref="AuditKind"/> in the log.</summary>
public static class AuditKinds
{
    public static string ToText(this AuditKind kind) => kind switch
    {
        AuditKind.ConfigChanged => "config-changed",
        AuditKind.RecipeChanged => "recipe-changed",
        AuditKind.Pin => "pin",
        AuditKind.Lock => "lock",
        AuditKind.Unlock => "unlock",
        AuditKind.CounterReset => "counter-reset",
        AuditKind.Selftest => "selftest",
        AuditKind.Verification => "verification",
        AuditKind.AuditRepaired => "audit-repaired",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an audit kind."),
    };

    public static bool TryParse(string text, out AuditKind kind)
    {
        foreach (var candidate in Enum.GetValues<AuditKind>())
        {
            if (string.Equals(candidate.ToText(), text, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}

/// <summary>
/// One thing to record: who did what. <paramref name="Who"/> is the operator or technician id, or
/// <c>station</c> for what the station did on its own (an automatic lock, a selftest at start).
/// The log adds the sequence number, UTC time, station and the previous line's SHA-256.
/// </summary>
public sealed record AuditEntry(string Who, AuditKind Kind, IReadOnlyDictionary<string, string> Details)
{
    /// <summary>The <see cref="Who"/> of what the station does by itself.</summary>
    public const string Station = "station";

    public static AuditEntry Of(string who, AuditKind kind, params (string Key, string Value)[] details) =>
        new(who, kind, details.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal));
}

/// <summary>An entry as written: its place in the chain and its line's own SHA-256.</summary>
public sealed record AuditRecord(long Sequence, DateTimeOffset TimeUtc, string Station, AuditEntry Entry, string PreviousSha256, string LineSha256);
