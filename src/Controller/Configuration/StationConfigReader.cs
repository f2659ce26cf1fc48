using System.Text.Json;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;
using Fixture.Controller.Workflow.Configuration;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Protocol.Json;

namespace Fixture.Controller.Configuration;

/// <summary>A station configuration file section by section, as its JSON has it (docs/configuration.md).</summary>
internal sealed class StationConfigFile
{
    public StationSection? Station { get; init; }

    public TimingConfig Timing { get; init; } = new();

    public IReadOnlyList<SocketConfig> Sockets { get; init; } = [];

    /// <summary>Kept as JSON: the simulated station's <see cref="SimulationConfig"/> reads and checks it.</summary>
    public JsonElement? Simulation { get; init; }

    public WorkflowConfig Workflow { get; init; } = new();

    public StationConfig Hardware() => new() { Station = Station, Timing = Timing, Sockets = Sockets };
}

/// <summary>
/// A station configuration that passed every check: Hal's hardware sections, the workflow, the
/// simulation section (raw: the simulated station reads it), the unit identities it names, and the file's SHA-256.
/// </summary>
public sealed class StationConfiguration
{
    internal StationConfiguration(string file, string sha256, StationConfig hardware, WorkflowConfig workflow, JsonElement? simulation, ConfiguredIdentities identities, byte[] bytes)
    {
        File = file;
        Sha256 = sha256;
        Hardware = hardware;
        Workflow = workflow;
        Simulation = simulation;
        Identities = identities;
        Bytes = bytes;
    }

    /// <summary>The file it was read from.</summary>
    public string File { get; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes: what `config pin` approves and every report row records.</summary>
    public string Sha256 { get; }

    /// <summary>The "station", "timing" and "sockets" sections, checked by Hal's <see cref="StationConfigValidator"/>.</summary>
    public StationConfig Hardware { get; }

    /// <summary>The "workflow" section (defaults when absent).</summary>
    public WorkflowConfig Workflow { get; }

    /// <summary>
    /// The "simulation" section as JSON, when given: checked in the same pass by
    /// <see cref="SimulationConfig"/>, read by the simulated station only.
    /// </summary>
    public JsonElement? Simulation { get; }

    /// <summary>The file's bytes as read (a byte-order mark included).</summary>
    internal byte[] Bytes { get; }

    /// <summary>Verification units, parsed.</summary>
    internal ConfiguredIdentities Identities { get; }
}

/// <summary>
/// Reads a station configuration file through the one JSON layer (<see cref="JsonInput"/>): a regular
/// file of at most 1 MiB, UTF-8 with or without a byte-order mark, // and /* */ comments and trailing
/// commas allowed (people annotate these files), keys given twice and unknown keys refused — and one
/// pass that lists every problem with its key: the JSON types, Hal's hardware rules, the workflow's,
/// the simulation's, and the unit identities.
/// </summary>
public static class StationConfigReader
{
    public static JsonInputRules Rules { get; } = new("station configuration", "a station configuration, a JSON object { \"station\": ..., \"sockets\": [...], ... }")
    {
        AllowComments = true,
        AllowTrailingCommas = true,
    };

    private static readonly JsonSerializerOptions Options = JsonInput.Options();

    /// <exception cref="ConfigurationException">The file cannot be read, or has problems (every one listed).</exception>
    public static StationConfiguration Load(string path, HardwareCatalog catalog)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, Rules.MaxBytes, $"the limit for a {Rules.What}");
        }
        catch (InputFileException e)
        {
            throw new ConfigurationException(path, new ConfigurationProblem(JsonProblem.File, e.Reason), e);
        }

        return Parse(bytes, path, catalog);
    }

    /// <summary>Checks configuration JSON as if it were the file <paramref name="source"/>.</summary>
    /// <exception cref="ConfigurationException">Every problem, each named by its key.</exception>
    public static StationConfiguration Parse(byte[] bytes, string source, HardwareCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(catalog);
        ConfiguredIdentities? identities = null;
        try
        {
            var read = JsonInput.Parse<StationConfigFile>(bytes, source, Rules, Options, file =>
            {
                var problems = new List<ConfigurationProblem>(StationConfigValidator.Validate(file.Hardware(), catalog.LineDrivers, catalog.I2cBuses));
                WorkflowConfigValidator.Validate(file.Workflow, problems);
                if (file.Workflow is { } workflow)
                {
                    var hardware = file.Hardware();
                    WorkflowConfigValidator.ValidateGateSockets(workflow, [.. hardware.Sockets.Select((_, i) => StationConfigValidator.SocketNumber(hardware, i))], problems);
                }

                _ = SimulationConfig.Check(file.Simulation, problems);
                identities = ConfiguredIdentities.Parse(file.Workflow, problems);
                return problems.Select(p => new JsonProblem(p.Key, p.Message));
            });
            var file = read.Value;
            return new StationConfiguration(source, read.Sha256, file.Hardware(), file.Workflow, file.Simulation, identities!, bytes);
        }
        catch (JsonInputException e)
        {
            throw new ConfigurationException(source, [.. e.Problems.Select(p => new ConfigurationProblem(p.Path, p.Message))]);
        }
    }
}
