using System.Text;
using Fixture.Controller.Configuration;
using Fixture.Controller.Simulation;
using Fixture.Controller.Workflow.Configuration;
using Fixture.Hal.Configuration;

namespace Fixture.Controller.Tests.Workflow;

/// <summary>The "workflow" section is validated with the rest of the file, every bad value named by its key.</summary>
public sealed class WorkflowConfigTests
{
    private const string Socket = """
        { "serial": { "port": "sim:1" }, "lines": {
            "power": { "driver": "simulated", "line": 0, "polarity": "activeLow" },
            "boot": { "driver": "simulated", "line": 1, "polarity": "activeHigh" },
            "reset": { "driver": "simulated", "line": 2, "polarity": "activeHigh" } } }
        """;

    private static StationConfiguration Load(string workflow) =>
        StationConfigReader.Parse(Encoding.UTF8.GetBytes($$"""{ "station": { "id": "s1" }, "sockets": [ {{Socket}} ], "workflow": {{workflow}} }"""), "station.json", StationChecks.Catalog(new SimulationComposition()));

    [Fact]
    public void Defaults_apply_when_the_section_is_empty()
    {
        var workflow = Load("{}").Workflow;

        Assert.Equal(6, workflow.HandshakePowerCycles);
        Assert.Equal(3, workflow.RetestLimit);
        Assert.Equal(1, workflow.UnitRestarts);
        Assert.Equal("reports", workflow.ReportDirectory);
        Assert.Null(workflow.BackupDirectory);
    }

    [Theory]
    [InlineData("""{ "retestLimit": 0 }""", "workflow.retestLimit", "1–100")]
    [InlineData("""{ "handshakePowerCycles": 0 }""", "workflow.handshakePowerCycles", "1–20")]
    [InlineData("""{ "weakSupplyFromCycle": 1 }""", "workflow.weakSupplyFromCycle", "2–21")]
    [InlineData("""{ "stepTimeouts": { "flashSeconds": -1 } }""", "workflow.stepTimeouts.flashSeconds", "positive")]
    [InlineData("""{ "recipe": { "file": "r.json", "sha256": "abc" } }""", "workflow.recipe.sha256", "64 hex digits")]
    [InlineData("""{ "recipe": { "sha256": null } }""", "workflow.recipe.file", "missing")]
    [InlineData("""{ "verificationUnits": [ { "kind": "golden" } ] }""", "workflow.verificationUnits[0].chipId", "missing")]
    [InlineData("""{ "verificationUnits": [ { "mac": "70:3E:97:1E:96:66", "kind": "gold" } ] }""", "workflow.verificationUnits[0].kind", "golden")]
    [InlineData("""{ "reportDirectory": " " }""", "workflow.reportDirectory", "empty")]
    [InlineData("""{ "backupDirectory": "" }""", "workflow.backupDirectory", "empty")]
    [InlineData("""{ "backupDirectory": 7 }""", "workflow.backupDirectory", "must be text")]
    [InlineData("""{ "stepTimeouts": null }""", "workflow.stepTimeouts", "must be an object { ... }, found null")]
    [InlineData("""{ "retestLimit": "3" }""", "workflow.retestLimit", "must be a whole number, found the text \"3\"")]
    [InlineData("""{ "verificationUnits": [ { "chipId": "AC:D8:29:6B:B7", "kind": "golden" } ] }""", "workflow.verificationUnits[0].chipId", "is not a chip id")]
    public void Bad_workflow_values_are_refused_by_key(string workflow, string key, string fragment)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(workflow));

        Assert.Contains(error.Problems, p => p.Key == key && p.Message.Contains(fragment, StringComparison.Ordinal));
        Assert.Contains("station.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_workflow_key_is_refused()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load("""{ "retestLimt": 2 }"""));

        Assert.Contains("unknown key", error.Message, StringComparison.Ordinal);
    }
}
