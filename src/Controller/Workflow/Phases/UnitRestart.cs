using Fixture.Controller.Reports;

namespace Fixture.Controller.Workflow.Phases;

/// <summary>
/// The unit-level restart: a phase that lost the bootrom or the loader mid-way (a garbled helper load, a
/// brown-out mid-flash) has the unit power-cycled and handshaken again, at most
/// <c>workflow.unitRestarts</c> times per attempt; the problem is kept as the attempt's first.
/// </summary>
internal static class UnitRestart
{
    /// <summary>True when a restart is left: it is recorded and <see cref="UnitContext.Restarting"/> is set.</summary>
    public static bool TryRequest(UnitContext unit, FailureCode code, string step, string reason, string why)
    {
        var attempt = unit.Attempt;
        var limit = unit.Settings.Config.UnitRestarts;
        if (attempt.UnitRestarts >= limit)
        {
            return false;
        }

        attempt.UnitRestarts++;
        attempt.TotalRetries++;
        attempt.RecordProblem(code, step, reason);
        attempt.Note($"unit restart {attempt.UnitRestarts} of {limit}: {why}");
        unit.Restarting = true;
        return true;
    }
}
