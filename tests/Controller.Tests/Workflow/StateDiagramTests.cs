using Fixture.Controller.Workflow;

namespace Fixture.Controller.Tests.Workflow;

public sealed class StateDiagramTests
{
    [Fact]
    public void Committed_state_diagram_is_the_one_generated_from_the_workflow()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "state-diagram.md");
        var generated = StateDiagram.Render();
        if (Environment.GetEnvironmentVariable("FIXTURE_UPDATE_DIAGRAM") == "1")
        {
            File.WriteAllText(path, generated);
        }

        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(
            committed == generated,
            $"docs/state-diagram.md is out of date with UnitWorkflow: regenerate it with `{StateDiagram.RegenerateCommand}` and commit it.");
    }

    [Fact]
    public void Every_working_state_can_fail_abort_or_fault_and_every_path_reaches_power_down()
    {
        var machine = UnitWorkflow.Describe();
        var info = machine.GetInfo();
        var working = new[]
        {
            UnitState.PoweringUp, UnitState.EnteringBootloader, UnitState.Handshaking, UnitState.LoadingHelper,
            UnitState.Identifying, UnitState.Flashing, UnitState.Booting, UnitState.VerifyingBoot,
        };
        foreach (var state in info.States.Where(s => working.Contains((UnitState)s.UnderlyingState)))
        {
            var triggers = state.FixedTransitions.Select(t => (UnitTrigger)t.Trigger.UnderlyingTrigger).ToHashSet();
            Assert.Superset(new HashSet<UnitTrigger> { UnitTrigger.Fail, UnitTrigger.Abort, UnitTrigger.FixtureFault }, triggers);
        }

        var failed = info.States.Single(s => (UnitState)s.UnderlyingState == UnitState.Failed);
        Assert.Equal(UnitState.PoweringDown, (UnitState)Assert.Single(failed.FixedTransitions).DestinationState.UnderlyingState);
        var poweringDown = info.States.Single(s => (UnitState)s.UnderlyingState == UnitState.PoweringDown);
        Assert.Equal(UnitState.Reporting, (UnitState)Assert.Single(poweringDown.FixedTransitions).DestinationState.UnderlyingState);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Fixture.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Fixture.sln not found above the test's folder.");
    }
}
