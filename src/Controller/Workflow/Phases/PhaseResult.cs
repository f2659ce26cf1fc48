namespace Fixture.Controller.Workflow.Phases;

/// <summary>How a phase that may give up on the unit's current run ended.</summary>
internal enum PhaseResult
{
    /// <summary>Done: go on with the next phase.</summary>
    Done,

    /// <summary>The unit is to be power-cycled and handshaken again (<see cref="UnitRestart"/>).</summary>
    Restart,
}
