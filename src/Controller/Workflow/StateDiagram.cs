using Stateless.Graph;

namespace Fixture.Controller.Workflow;

/// <summary>docs/state-diagram.md, generated from the workflow's machine (Stateless exports Mermaid and DOT).</summary>
public static class StateDiagram
{
    public const string RegenerateCommand = "FIXTURE_UPDATE_DIAGRAM=1 dotnet test tests/Controller.Tests --filter StateDiagram";

    public static string Render()
    {
        var info = UnitWorkflow.Describe().GetInfo();
        var mermaid = MermaidGraph.Format(info).ReplaceLineEndings("\n").TrimEnd();
        var dot = UmlDotGraph.Format(info).ReplaceLineEndings("\n").TrimEnd();
        return $"""
            # Unit workflow: state diagram

            Generated from `UnitWorkflow` (src/Controller/Workflow) by a test; do not edit by hand. When the
            machine changes, the test fails until this page is regenerated:
            `{RegenerateCommand}`.

            One machine per socket and unit (fixture-design §4). Each working state's entry action runs its
            step and fires the next trigger; an exception inside a step becomes `Fail` (the unit's code),
            `Abort` (operator, lid, Ctrl+C) or `FixtureFault` (the station's). Every path ends in
            `PoweringDown` (power, BOOT and CHIP_EN de-energised, TX held low, rail discharged) and `Reporting`
            (one row on disk, then the verdict). `Checking`, `Erasing`, `Writing` and `Verifying` are the
            region phases inside `Flashing`, followed from the flasher's progress; `Restart` is the
            unit-level restart after a loader lost mid-flash (a brown-out).

            ```mermaid
            {mermaid}
            ```

            <details><summary>The same machine as DOT (with entry actions)</summary>

            ```dot
            {dot}
            ```

            </details>

            """;
    }
}
