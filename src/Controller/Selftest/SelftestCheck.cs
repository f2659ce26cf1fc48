using System.Globalization;
using Fixture.Controller.Audit;
using Fixture.Controller.Reports;

namespace Fixture.Controller.Selftest;

public enum SelftestLevel
{
    Ok,

    /// <summary>Works today, but something should be fixed (a port name that may move, a slow latency timer).</summary>
    Warning,

    /// <summary>The station must not produce until this is fixed.</summary>
    Problem,
}

/// <summary>One line of <c>fixture selftest</c>: which check, which socket (null: the station), and what to do.</summary>
public sealed record SelftestFinding(string Check, int? Socket, SelftestLevel Level, string Text)
{
    public override string ToString()
    {
        var level = Level switch { SelftestLevel.Ok => "OK", SelftestLevel.Warning => "WARNING", _ => "PROBLEM" };
        var where = Socket is { } s ? string.Create(CultureInfo.InvariantCulture, $"socket {s}") : "station";
        return $"{level,-7} {where,-9} {Check}: {Text}";
    }
}

/// <summary>
/// One selftest check. Each is built with what it needs (sockets and ports, folders, a clock, later the
/// open station) and returns one or more findings; it throws only for cancellation (an exception from a
/// check becomes a PROBLEM line naming it). Phase B adds the checks that need the station: the POWER
/// relay toggle seen by the supply monitor, and the crossed-port probe.
/// </summary>
public interface ISelftestCheck
{
    /// <summary>Short kebab-case name printed on each line (e.g. <c>port-name</c>).</summary>
    string Name { get; }

    Task<IReadOnlyList<SelftestFinding>> RunAsync(CancellationToken ct);
}

/// <summary>A socket as the checks see it: its number and the serial port its configuration names.</summary>
public sealed record SelftestSocket(int Number, string PortName);

/// <summary>Every finding of one selftest; exit code 0 when no check found a problem (warnings allowed), 1 otherwise.</summary>
public sealed record SelftestReport(IReadOnlyList<SelftestFinding> Findings)
{
    public SelftestLevel Level => Findings.Count == 0 ? SelftestLevel.Ok : Findings.Max(f => f.Level);

    public int ExitCode => Level == SelftestLevel.Problem ? 1 : 0;

    /// <summary>The socket's findings and the station-wide ones (what the socket's SELFTEST row carries).</summary>
    public IReadOnlyList<SelftestFinding> For(int socket) => [.. Findings.Where(f => f.Socket is null || f.Socket == socket)];

    /// <summary>Runs <paramref name="checks"/> one after another; a check that throws is a PROBLEM naming it.</summary>
    public static async Task<SelftestReport> RunAsync(IEnumerable<ISelftestCheck> checks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var findings = new List<SelftestFinding>();
        foreach (var check in checks)
        {
            try
            {
                findings.AddRange(await check.RunAsync(ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                findings.Add(new SelftestFinding(check.Name, null, SelftestLevel.Problem, $"the check itself failed: {ex.Message} Fix the cause and run the selftest again."));
            }
        }

        return new SelftestReport(findings);
    }

    /// <summary>The audit entry of this selftest: result, counts, and each warning and problem as it was printed.</summary>
    public AuditEntry ToAuditEntry(string who)
    {
        var details = new List<(string, string)>
        {
            ("result", Level switch { SelftestLevel.Ok => "OK", SelftestLevel.Warning => "WARNING", _ => "PROBLEM" }),
            ("lines", Findings.Count.ToString(CultureInfo.InvariantCulture)),
        };
        var n = 0;
        foreach (var finding in Findings.Where(f => f.Level != SelftestLevel.Ok))
        {
            details.Add((string.Create(CultureInfo.InvariantCulture, $"finding_{++n}"), finding.ToString()));
        }

        return AuditEntry.Of(who, AuditKind.Selftest, [.. details]);
    }

    /// <summary>
    /// The SELFTEST report row of one socket (docs/qa-guide.md §7): <paramref name="template"/> gives the
    /// station, socket, attempt number, time and the recipe/config/version columns; the row becomes
    /// <c>verification_unit</c> SELFTEST, PASS or FAIL with FIXTURE_FAULT, <c>failed_step</c>
    /// <c>Selftest</c>, <c>detail</c> the socket's warning and problem lines. No unit identity.
    /// </summary>
    public UnitReportRow ToReportRow(UnitReportRow template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var mine = For(template.Socket);
        var failed = mine.Any(f => f.Level == SelftestLevel.Problem);
        var notable = mine.Where(f => f.Level != SelftestLevel.Ok).Select(f => f.ToString()).ToList();
        return template with
        {
            VerificationUnit = VerificationUnitKind.Selftest,
            Verdict = failed ? UnitVerdict.Fail : UnitVerdict.Pass,
            FailureCode = failed ? Reports.FailureCode.FixtureFault : null,
            FailedStep = failed ? "Selftest" : null,
            Detail = notable.Count > 0 ? string.Join(" | ", notable) : $"{mine.Count} checks OK",
            Mac = null,
            ChipId = null,
            UnitId = null,
            JedecId = null,
            MacSource = null,
            EfuseSha256 = null,
        };
    }
}
