using System.Globalization;
using Fixture.Hal.Configuration;

namespace Fixture.Controller.Workflow.Configuration;

/// <summary>Checks the "workflow" section of a station configuration, naming each key (the report folder itself is checked when the station is: <see cref="Fixture.Controller.Configuration.ReportFolder"/>).</summary>
internal static class WorkflowConfigValidator
{
    public static void Validate(WorkflowConfig? workflow, List<ConfigurationProblem> problems)
    {
        if (workflow is null)
        {
            problems.Add(new("workflow", "is null: leave the key out for the defaults, or write an object."));
            return;
        }

        if (workflow.Recipe is { } recipe)
        {
            if (string.IsNullOrWhiteSpace(recipe.File))
            {
                problems.Add(new("workflow.recipe.file", "missing: give the recipe file, relative to this configuration (e.g. \"recipes/openbl602-sim/recipe.json\")."));
            }

            if (recipe.Sha256 is { } sha && (sha.Length != 64 || !sha.All(Uri.IsHexDigit)))
            {
                problems.Add(new("workflow.recipe.sha256", $"'{sha}' is not a SHA-256 (64 hex digits): copy it from `fixture config pin` or leave it out."));
            }
        }

        if (string.IsNullOrWhiteSpace(workflow.ReportDirectory))
        {
            problems.Add(new("workflow.reportDirectory", "is empty: name the folder the daily reports go to (default \"reports\")."));
        }

        if (workflow.BackupDirectory is { } backup && string.IsNullOrWhiteSpace(backup))
        {
            problems.Add(new("workflow.backupDirectory", "is empty: name the folder stock-firmware backups go to (e.g. \"backups\"), or leave the key out for no backups."));
        }

        AtLeast(workflow.HandshakePowerCycles, 1, 20, "handshakePowerCycles", "power cycles for the bootrom handshake, the first power-on included", problems);
        AtLeast(workflow.HandshakeBurstsPerCycle, 1, 10, "handshakeBurstsPerCycle", "0x55 bursts per power cycle", problems);
        AtLeast(workflow.WeakSupplyFromCycle, 2, 21, "weakSupplyFromCycle", "the power cycle from which an answer marks the supply weak (2 = the first retry)", problems);
        AtLeast(workflow.LoaderHandshakeAttempts, 1, 10, "loaderHandshakeAttempts", "loader handshake tries", problems);
        AtLeast(workflow.RegionAttempts, 1, 10, "regionAttempts", "tries per flash region", problems);
        AtLeast(workflow.UnitRestarts, 0, 5, "unitRestarts", "whole-unit restarts after a lost loader", problems);
        AtLeast(workflow.RetestLimit, 1, 100, "retestLimit", "failed attempts of one unit before REWORK", problems);
        AtLeast(workflow.HistoryDays, 1, 366, "historyDays", "days of report files read for each unit's history", problems);

        if (workflow.StepTimeouts is not { } timeouts)
        {
            problems.Add(new("workflow.stepTimeouts", "is null: leave the key out for the defaults."));
        }
        else
        {
            Seconds(timeouts.HandshakeSeconds, "handshakeSeconds", problems);
            Seconds(timeouts.HelperSeconds, "helperSeconds", problems);
            Seconds(timeouts.IdentifySeconds, "identifySeconds", problems);
            Seconds(timeouts.FlashSeconds, "flashSeconds", problems);
            Seconds(timeouts.PowerDownSeconds, "powerDownSeconds", problems);
        }

        // The MACs and chip ids themselves are the controller's to read (Hal knows nothing of BL602 identities);
        // here only that each unit names one and has a kind.
        for (var i = 0; i < workflow.VerificationUnits.Count; i++)
        {
            var unit = workflow.VerificationUnits[i];
            var key = $"workflow.verificationUnits[{i}]";
            if (string.IsNullOrWhiteSpace(unit.ChipId) && string.IsNullOrWhiteSpace(unit.Mac))
            {
                problems.Add(new($"{key}.chipId", "missing: give the unit's chip id as the report's chip_id column shows it, e.g. \"AC:D8:29:6B:B7:ED\"."));
            }

            if (unit.Kind is not ("golden" or "knownBad"))
            {
                problems.Add(new($"{key}.kind", $"'{unit.Kind}': use \"golden\" (must PASS) or \"knownBad\" (must FAIL with its code)."));
            }

            if (unit.ExpectedCode is { } expected && (!Reports.FailureCodes.TryParse(expected, out var code) || code is Reports.FailureCode.FixtureFault or Reports.FailureCode.Aborted))
            {
                problems.Add(new($"{key}.expectedCode", $"'{expected}' is not a failure code a unit can fail with: use one of {string.Join(", ", Reports.FailureCodes.All.Select(c => c.Text).Where(t => t is not ("FIXTURE_FAULT" or "ABORTED")))}."));
            }
            else if (unit.Kind == "knownBad" && unit.ExpectedCode is null && workflow.Verification is { Required: true })
            {
                problems.Add(new($"{key}.expectedCode", "missing: the verification gate (workflow.verification.required) needs the code the known-bad unit must fail with, e.g. \"BOOT_LOOP\"."));
            }
        }

        ValidateGate(workflow, problems);
        ValidateLimits(workflow, problems);
    }

    /// <summary>The socket numbers of <c>workflow.verification.sockets</c> against the station's sockets (the reader knows both).</summary>
    public static void ValidateGateSockets(WorkflowConfig workflow, IReadOnlyCollection<int> socketNumbers, List<ConfigurationProblem> problems)
    {
        if (workflow.Verification?.Sockets is not { } sockets)
        {
            return;
        }

        for (var i = 0; i < sockets.Count; i++)
        {
            if (!socketNumbers.Contains(sockets[i]))
            {
                problems.Add(new($"workflow.verification.sockets[{i}]", $"socket {sockets[i].ToString(CultureInfo.InvariantCulture)} is not one of this station's sockets ({string.Join(", ", socketNumbers)})."));
            }
            else if (sockets.Take(i).Contains(sockets[i]))
            {
                problems.Add(new($"workflow.verification.sockets[{i}]", $"socket {sockets[i].ToString(CultureInfo.InvariantCulture)} is listed twice."));
            }
        }
    }

    private static void ValidateGate(WorkflowConfig workflow, List<ConfigurationProblem> problems)
    {
        if (workflow.Verification is not { } gate)
        {
            problems.Add(new("workflow.verification", "is null: leave the key out (no verification gate), or write an object."));
            return;
        }

        if (!(gate.EveryHours >= 0) || gate.EveryHours > 720)
        {
            problems.Add(new("workflow.verification.everyHours", $"{gate.EveryHours.ToString(CultureInfo.InvariantCulture)}: hours a verification counts, 0 (until the next start or change) to 720."));
        }

        if (gate.Sockets is { Count: 0 })
        {
            problems.Add(new("workflow.verification.sockets", "is empty: list the sockets the gate applies to, or leave the key out for every socket."));
        }

        if (gate.Required)
        {
            foreach (var (kind, words) in new[] { ("golden", "a GOLDEN unit (must PASS)"), ("knownBad", "a KNOWN_BAD unit (must FAIL with its expectedCode)") })
            {
                if (!workflow.VerificationUnits.Any(u => u.Kind == kind))
                {
                    problems.Add(new("workflow.verification.required", $"is true, but workflow.verificationUnits names no {kind} unit: add {words} by its chip id, or switch the gate off."));
                }
            }
        }
    }

    private static void ValidateLimits(WorkflowConfig workflow, List<ConfigurationProblem> problems)
    {
        if (workflow.Lockout is not { } lockout)
        {
            problems.Add(new("workflow.lockout", "is null: leave the key out for the defaults."));
        }
        else
        {
            AtLeast(lockout.ConsecutiveFailures, 0, 1000, "lockout.consecutiveFailures", "failures in a row that lock a socket (0: never)", problems);
            AtLeast(lockout.ConsecutiveFixtureFaults, 0, 1000, "lockout.consecutiveFixtureFaults", "FIXTURE_FAULTs in a row that lock a socket (0: never)", problems);
        }

        if (workflow.Wear is not { } wear)
        {
            problems.Add(new("workflow.wear", "is null: leave the key out for the defaults."));
            return;
        }

        Pair(wear.InsertionWarning, wear.InsertionStop, "insertion", "insertions (pogo block cycles)", problems);
        Pair(wear.RelayWarning, wear.RelayStop, "relay", "relay operations", problems);
    }

    private static void Pair(long warning, long stop, string name, string what, List<ConfigurationProblem> problems)
    {
        foreach (var (value, key) in new[] { (warning, $"workflow.wear.{name}Warning"), (stop, $"workflow.wear.{name}Stop") })
        {
            if (value < 0)
            {
                problems.Add(new(key, $"{value.ToString(CultureInfo.InvariantCulture)}: a limit of {what} is 0 (off) or more."));
            }
        }

        if (warning > 0 && stop > 0 && warning > stop)
        {
            problems.Add(new($"workflow.wear.{name}Warning", $"{warning.ToString(CultureInfo.InvariantCulture)} is above the stop limit {stop.ToString(CultureInfo.InvariantCulture)} ({name}Stop): the warning must come first."));
        }
    }

    private static void AtLeast(int value, int min, int max, string name, string what, List<ConfigurationProblem> problems)
    {
        if (value < min || value > max)
        {
            problems.Add(new($"workflow.{name}", $"{value.ToString(CultureInfo.InvariantCulture)}: {what} must be {min}–{max}."));
        }
    }

    private static void Seconds(double value, string name, List<ConfigurationProblem> problems)
    {
        if (!(value > 0) || double.IsInfinity(value) || value > 3600)
        {
            problems.Add(new($"workflow.stepTimeouts.{name}", $"{value.ToString(CultureInfo.InvariantCulture)} s: a step timeout is a positive number of seconds, at most 3600."));
        }
    }
}
