using Fixture.Controller.Reports.Csv;

namespace Fixture.Controller.Upkeep;

/// <summary>
/// Where the station's own record lives, beside its reports (issue 12):
/// <code>
/// &lt;dir&gt;/&lt;station&gt;/audit.jsonl          append-only audit log, each line chained to the one before
/// &lt;dir&gt;/&lt;station&gt;/audit.head           sequence number and SHA-256 of the last audit line (catches a cut tail)
/// &lt;dir&gt;/&lt;station&gt;/audit.jsonl.torn     a cut-off last line moved aside before the next append
/// &lt;dir&gt;/&lt;station&gt;/station-state.json   socket locks, failure streaks, wear counters
/// &lt;dir&gt;/&lt;station&gt;/.audit.lock           held while one process appends
/// &lt;dir&gt;/&lt;station&gt;/.state.lock           held while one process reads, changes and rewrites the state
/// </code>
/// </summary>
public static class StationRecordLayout
{
    public const string AuditFileName = "audit.jsonl";

    public static string AuditFile(string reportDirectory, string station) =>
        Path.Combine(ReportLayout.StationDirectory(reportDirectory, station), AuditFileName);

    public static string AuditHeadFile(string auditFile) => Path.ChangeExtension(auditFile, ".head");

    public static string AuditTornFile(string auditFile) => auditFile + ReportLayout.TornSidecarExtension;

    public static string AuditLockFile(string auditFile) =>
        Path.Combine(Path.GetDirectoryName(auditFile) ?? ".", ".audit.lock");

    public static string StateFile(string reportDirectory, string station) =>
        Path.Combine(ReportLayout.StationDirectory(reportDirectory, station), "station-state.json");

    public static string StateLockFile(string stateFile) =>
        Path.Combine(Path.GetDirectoryName(stateFile) ?? ".", ".state.lock");
}
