using System.Text.Json;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Protocol.Json;

namespace Fixture.Hal.Tests;

/// <summary>
/// The hardware sections of a configuration read as the controller reads them (the one JSON layer), checked by
/// Hal's validator. The controller's own sections (workflow, simulation) are taken as they are, unchecked: they
/// are not Hal's (their tests are the controller's).
/// </summary>
internal static class HardwareJson
{
    private static readonly JsonInputRules Rules = new("station configuration", "a station object { ... }") { AllowComments = true, AllowTrailingCommas = true };

    private static readonly JsonSerializerOptions Options = JsonInput.Options();

    public static StationConfig Parse(string json, HardwareCatalog catalog) => Parse(System.Text.Encoding.UTF8.GetBytes(json), "station.json", catalog);

    public static StationConfig Load(string path, HardwareCatalog catalog) => Parse(File.ReadAllBytes(path), path, catalog);

    private static StationConfig Parse(byte[] bytes, string source, HardwareCatalog catalog)
    {
        try
        {
            return JsonInput.Parse<Sections>(bytes, source, Rules, Options, file =>
                StationConfigValidator.Validate(file.Hardware(), catalog.LineDrivers, catalog.I2cBuses).Select(p => new JsonProblem(p.Key, p.Message))).Value.Hardware();
        }
        catch (JsonInputException e)
        {
            throw new ConfigurationException(source, [.. e.Problems.Select(p => new ConfigurationProblem(p.Path, p.Message))]);
        }
    }

    private sealed class Sections
    {
        public StationSection? Station { get; init; }

        public TimingConfig Timing { get; init; } = new();

        public IReadOnlyList<SocketConfig> Sockets { get; init; } = [];

        public JsonElement? Simulation { get; init; }

        public JsonElement? Workflow { get; init; }

        public StationConfig Hardware() => new() { Station = Station, Timing = Timing, Sockets = Sockets };
    }
}
