using System.CommandLine;
using Fixture.Controller.Configuration;
using Fixture.Controller.Simulation;
using Fixture.Hal.Configuration;

namespace Fixture.Controller.Cli;

/// <summary>Which station's record a command works on: the report folder, the station id and (from a configuration) its socket count.</summary>
/// <param name="Limits">The wear limits of the configuration's <c>workflow.wear</c>; the defaults without a configuration.</param>
internal sealed record StationRecordTarget(string ReportDirectory, string Station, int? Sockets, Upkeep.WearLimits Limits);

/// <summary>
/// <c>--config FILE</c> (station id, report folder and sockets from the configuration, read by
/// <see cref="StationConfigReader"/>; simulated and real configurations alike), <c>--reports DIR</c> (instead of the
/// configuration's folder) and <c>--station ID</c> (without a configuration): the options of the
/// <c>socket</c> commands.
/// </summary>
internal sealed class StationRecordOptions
{
    private readonly Option<string?> config = new("--config") { Description = "Station configuration: its station id, report folder and sockets.", HelpName = "FILE" };
    private readonly Option<string?> reports = new("--reports") { Description = "Report folder instead of the configuration's.", HelpName = "DIR" };
    private readonly Option<string?> station = new("--station") { Description = "Station id, when no --config is given (with --reports).", HelpName = "ID" };

    public void AddTo(Command command)
    {
        command.Options.Add(config);
        command.Options.Add(reports);
        command.Options.Add(station);
    }

    public bool TryRead(ParseResult parse, TextWriter error, string name, out StationRecordTarget target)
    {
        target = null!;
        var configPath = parse.GetValue(config);
        var reportsDir = parse.GetValue(reports);
        var stationId = parse.GetValue(station);
        if (configPath is null)
        {
            if (stationId is null || reportsDir is null)
            {
                error.WriteLine($"{name}: give --config FILE, or --reports DIR with --station ID, to say which station.");
                return false;
            }

            target = new StationRecordTarget(Path.GetFullPath(reportsDir), stationId, null, Upkeep.WearLimits.Default);
            return true;
        }

        if (stationId is not null)
        {
            error.WriteLine($"{name}: --station comes from the configuration; give --config or --station, not both.");
            return false;
        }

        if (!TryLoad(configPath, error, name, out var loaded))
        {
            return false;
        }

        target = new StationRecordTarget(Path.GetFullPath(reportsDir ?? loaded.Workflow.ReportDirectory), loaded.Hardware.Station!.Id!, loaded.Hardware.Sockets.Count, Upkeep.WearLimits.From(loaded.Workflow.Wear));
        return true;
    }

    /// <summary>Reads a station configuration with its reader (the simulated station's lines known too); a bad file is said once.</summary>
    public static bool TryLoad(string path, TextWriter error, string name, out StationConfiguration loaded)
    {
        loaded = null!;
        try
        {
            loaded = StationConfigReader.Load(path, StationChecks.Catalog(new SimulationComposition()));
            return true;
        }
        catch (ConfigurationException ex)
        {
            error.WriteLine($"{name}: {ex.Message}");
            return false;
        }
    }
}
