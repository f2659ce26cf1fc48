using System.CommandLine;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;

namespace Fixture.Controller.Cli;

/// <summary>The station options `run` and `flash` share, and their checks (bad input → exit 2, nothing touched).</summary>
internal sealed class StationCliOptions
{
    private readonly Option<string?> _config = new("--config") { Description = "Station configuration (default with --sim: config/station.sim.json).", HelpName = "FILE" };
    private readonly Option<string?> _recipe = new("--recipe") { Description = "Recipe file instead of the configuration's.", HelpName = "FILE" };
    private readonly Option<string?> _reports = new("--reports") { Description = "Report folder instead of the configuration's.", HelpName = "DIR" };
    private readonly Option<string?> _backup = new("--backup") { Description = "Back up each unit's stock flash into this folder before the first erase (instead of the configuration's workflow.backupDirectory).", HelpName = "DIR" };
    private readonly SimulationCliOptions _simulation = new();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _config, _recipe, _reports, _backup }.Concat(_simulation.All))
        {
            command.Options.Add(option);
        }
    }

    public bool TryRead(ParseResult parse, TextWriter error, out StationOptions options, out StationComposition composition)
    {
        options = new StationOptions
        {
            ConfigPath = parse.GetValue(_config),
            RecipePath = parse.GetValue(_recipe),
            ReportDirectory = parse.GetValue(_reports),
            BackupDirectory = parse.GetValue(_backup),
        };
        return _simulation.TryRead(parse, error, out composition);
    }
}
