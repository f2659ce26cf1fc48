using System.CommandLine;
using Fixture.Controller.Audit;

namespace Fixture.Controller.Cli;

/// <summary>
/// <c>fixture audit verify [--config FILE | --dir REPORTS]</c>: checks every station's audit log chain
/// under the report folder. Exit 0 every chain intact, 1 a chain is broken (file, line and what is
/// wrong printed), 2 bad input (no folder, no audit log in it, a bad configuration).
/// </summary>
internal static class AuditCommands
{
    private const string Name = "fixture audit verify";

    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Station configuration: check the audit logs in its report folder.", HelpName = "FILE" };
        var dir = new Option<string?>("--dir") { Description = "Report folder: check every station's audit log in it.", HelpName = "REPORTS" };
        var verify = new Command("verify", "Check every station's audit log chain (edited, removed, reordered or damaged lines); exit 0 intact, 1 broken, 2 bad input.") { config, dir };
        verify.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var configPath = parse.GetValue(config);
            var directory = parse.GetValue(dir);
            if ((configPath is null) == (directory is null))
            {
                error.WriteLine($"{Name}: give --config FILE or --dir REPORTS (one of them).");
                return 2;
            }

            if (configPath is not null)
            {
                if (!StationRecordOptions.TryLoad(configPath, error, Name, out var loaded))
                {
                    return 2;
                }

                directory = Path.GetFullPath(loaded.Workflow.ReportDirectory);
            }

            if (!Directory.Exists(directory))
            {
                error.WriteLine($"{Name}: report folder '{directory}' does not exist. Check {(configPath is null ? "--dir" : "workflow.reportDirectory in " + configPath)}.");
                return 2;
            }

            IReadOnlyList<AuditCheck> checks;
            try
            {
                checks = AuditVerifier.VerifyAll(directory!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{Name}: could not read the audit logs in '{directory}': {ex.Message}");
                return 2;
            }

            if (checks.Count == 0)
            {
                error.WriteLine($"{Name}: no audit log (<station>/audit.jsonl) in '{directory}': nothing was checked. Check the folder.");
                return 2;
            }

            foreach (var check in checks)
            {
                output.WriteLine(check.Intact
                    ? $"{check.Station}: intact, {check.Entries} entries ({check.File})"
                    : $"{check.Station}: BROKEN ({check.File})");
                foreach (var problem in check.Problems)
                {
                    output.WriteLine($"  {problem}");
                }

                foreach (var note in check.Notes)
                {
                    output.WriteLine($"  note: {note}");
                }
            }

            return checks.All(c => c.Intact) ? 0 : 1;
        });
        return new Command("audit", "The stations' audit logs (who changed, pinned, locked, unlocked or reset what).") { verify };
    }
}
