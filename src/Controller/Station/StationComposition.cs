using Fixture.Controller.Configuration;
using Fixture.Controller.Workflow;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;

namespace Fixture.Controller.Station;

/// <summary>
/// What differs between a station on a line and one composed around other hardware (the simulation):
/// where its configuration is by default, what a configuration may name beyond the real drivers, how the
/// configuration is shaped, what the sockets' loops run on and who puts a unit into a socket at each start.
/// <see cref="StationFactory"/> asks at fixed points and knows nothing else of it; a line station is
/// <see cref="LineStation"/>.
/// </summary>
internal abstract class StationComposition
{
    /// <summary>The configuration to use when none is given.</summary>
    /// <exception cref="StationSetupException">There is none (bad input).</exception>
    public abstract string DefaultConfigPath();

    /// <summary>Reads this composition's own inputs, before the configuration; bad input throws <see cref="StationSetupException"/>.</summary>
    public virtual void Prepare()
    {
    }

    /// <summary>Adds to <paramref name="catalog"/> the drivers and buses a configuration may name beyond the real ones.</summary>
    public virtual void Register(HardwareCatalog catalog)
    {
    }

    /// <summary>The message for a refused configuration (a hint where this composition has one, before the problems).</summary>
    public virtual string Explain(ConfigurationException refused) => refused.Message;

    /// <summary>What a command line adds to --config to open this composition (" --sim"), for the hints that name a command.</summary>
    public virtual string CommandLine => "";

    /// <summary>
    /// The valid configuration's hardware as this composition runs it (its own sections, such as "simulation",
    /// were checked with the rest by <see cref="StationConfigReader"/>); bad input throws <see cref="StationSetupException"/>.
    /// </summary>
    public virtual StationConfig Shape(StationConfiguration configuration) => configuration.Hardware;

    /// <summary>
    /// The highest rate the socket's adapter receives, where this composition knows it before anything opens (the
    /// simulated station's `--fault N:adapter-max=BAUD`); null: unknown here. `config validate` warns from it (issue 14 §2).
    /// </summary>
    /// <exception cref="StationSetupException">The composition's own options do not parse (bad input).</exception>
    public virtual int? AdapterReceiveLimit(int socketIndex, int sockets) => null;

    /// <summary>
    /// What the station runs on, once configuration, recipe and report side are open and before the hardware
    /// opens from <paramref name="catalog"/>: the sockets' loops, the unit feeder, and how the station
    /// describes itself.
    /// </summary>
    /// <param name="lastAttemptNumber">The report folder's attempt counter when the station opened.</param>
    public abstract StationRuntime Open(CheckedStation station, long lastAttemptNumber, HardwareCatalog catalog);
}

/// <summary>What a composed station runs on and how it describes itself.</summary>
/// <param name="Loops">The sockets' loops and clocks.</param>
/// <param name="Feeder">Told at each start, before anything is powered.</param>
/// <param name="Kind">For the start-up line: "real hardware", "simulated, modelled time", ...</param>
/// <param name="ModelledTime">The sockets run in modelled time (figures are the model's, not the wall clock's).</param>
/// <param name="Notes">Further start-up lines.</param>
/// <param name="Banner">What the operator console shows above the tiles, or null.</param>
internal sealed record StationRuntime(ISocketLoopFactory Loops, IUnitFeeder Feeder, string Kind, bool ModelledTime, IReadOnlyList<string> Notes, string? Banner)
{
    /// <summary>Whether a person can press the configured panel buttons (false on the simulated station: its buttons are simulated lines).</summary>
    public bool PanelPressable { get; init; } = true;
}

/// <summary>A station on a line: the real drivers, real time, units put in by the operator.</summary>
internal sealed class LineStation : StationComposition
{
    public static LineStation Instance { get; } = new();

    public override string DefaultConfigPath() =>
        throw new StationSetupException(ExitCodes.BadInput, "No station configuration: give --config FILE for a real station, or --sim for the simulated one.");

    /// <summary>A simulated station checked without --sim: said first, not after every line it could not know.</summary>
    public override string Explain(ConfigurationException refused) =>
        refused.Problems.Any(LooksSimulated)
            ? $"{refused.File} is a simulated station (its lines use the \"simulated\" driver): add --sim. Without it:{Environment.NewLine}{refused.Message}"
            : refused.Message;

    public override StationRuntime Open(CheckedStation station, long lastAttemptNumber, HardwareCatalog catalog) =>
        new(new SingleThreadSocketLoops(TimeProvider.System), OperatorLoadsUnits.Instance, "real hardware", ModelledTime: false, [], Banner: null);

    private static bool LooksSimulated(ConfigurationProblem problem) =>
        problem.Message.Contains("'simulated'", StringComparison.Ordinal) || problem.Message.Contains("unknown I2C bus 'sim'", StringComparison.Ordinal);
}
