namespace Fixture.Controller.Workflow;

/// <summary>
/// Who puts the next unit into a socket, told at each start before anything is powered: on a line
/// station the operator already did (<see cref="OperatorLoadsUnits"/>); the simulation composition
/// inserts its next simulated unit.
/// </summary>
internal interface IUnitFeeder
{
    void UnitStarting(int socketIndex);
}

/// <summary>A line station: the operator put the unit in before pressing start; nothing to do.</summary>
internal sealed class OperatorLoadsUnits : IUnitFeeder
{
    public static OperatorLoadsUnits Instance { get; } = new();

    public void UnitStarting(int socketIndex)
    {
    }
}
