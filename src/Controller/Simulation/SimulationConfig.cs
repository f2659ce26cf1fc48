using System.Text.Json;
using System.Text.Json.Serialization;
using Fixture.Hal.Configuration;
using Fixture.Protocol.Identity;
using Fixture.Protocol.Json;

namespace Fixture.Controller.Simulation;

/// <summary>
/// The "simulation" section of a station configuration: who the simulated units are and how the
/// simulated station runs. The configuration reader keeps the section as raw JSON (it describes no
/// hardware) and has it checked here in its one pass (<see cref="Check"/>), for every station; only the
/// simulation composition reads it (<see cref="Read"/>). Keys and defaults are in docs/configuration.md.
/// </summary>
public sealed class SimulationConfig
{
    private static readonly JsonSerializerOptions Options = JsonInput.Options();

    /// <summary>First unit's MAC; each further unit counts up from it.</summary>
    public string? MacBase { get; init; }

    /// <summary>Explicit MACs, used in order before counting up from <see cref="MacBase"/>.</summary>
    public IReadOnlyList<string> Macs { get; init; } = [];

    /// <summary>Name of the fault profile drawn for the population ("none" = healthy units).</summary>
    public string FaultProfile { get; init; } = "none";

    /// <summary>USB-UART turnaround per reply (1.5 ms typical; FTDI default latency 16 ms).</summary>
    public double AdapterTurnaroundMs { get; init; } = 1.5;

    /// <summary>"modelled" (virtual clock, same figures every run) or "real".</summary>
    public string Time { get; init; } = "modelled";

    /// <summary>Real time only: 1 = wall-clock speed, 10 = ten times faster.</summary>
    public double RealTimeScale { get; init; } = 1.0;

    /// <summary><see cref="MacBase"/> as read (valid once <see cref="Read"/> returned).</summary>
    [JsonIgnore]
    public MacAddress? MacBaseAddress { get; private set; }

    /// <summary><see cref="Macs"/> as read, in order.</summary>
    [JsonIgnore]
    public IReadOnlyList<MacAddress> MacAddresses { get; private set; } = [];

    /// <summary>The configuration's simulation section (its defaults when it has none), checked.</summary>
    /// <param name="section">The section as the configuration holds it (raw JSON), or null.</param>
    /// <exception cref="ConfigurationException">Every problem of the section, each named by its key.</exception>
    public static SimulationConfig Read(JsonElement? section, string file)
    {
        var problems = new List<ConfigurationProblem>();
        var simulation = Check(section, problems);
        if (problems.Count > 0)
        {
            throw new ConfigurationException(file, problems);
        }

        return simulation!;
    }

    /// <summary>
    /// Checks the section the strict way every input is checked (types, unknown keys, each problem at its key)
    /// and by its own rules, adding every problem to <paramref name="problems"/>: the configuration reader's one
    /// pass calls this for the section a line station keeps but never runs.
    /// </summary>
    /// <returns>The section read (its defaults when absent), or null when it has problems.</returns>
    public static SimulationConfig? Check(JsonElement? section, List<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (section is not { } element)
        {
            return new SimulationConfig();
        }

        var shapeProblems = new List<JsonProblem>();
        var simulation = JsonInput.Section<SimulationConfig>(element, "simulation", Options, shapeProblems);
        problems.AddRange(shapeProblems.Select(p => new ConfigurationProblem(p.Path, p.Message)));
        if (simulation is null)
        {
            return null;
        }

        var own = simulation.Check();
        problems.AddRange(own);
        return own.Count > 0 ? null : simulation;
    }

    private List<ConfigurationProblem> Check()
    {
        var problems = new List<ConfigurationProblem>();
        if (string.IsNullOrWhiteSpace(FaultProfile))
        {
            problems.Add(new("simulation.faultProfile", "missing: name a fault profile (\"none\" for healthy units)."));
        }

        if (!(AdapterTurnaroundMs >= 0))
        {
            problems.Add(new("simulation.adapterTurnaroundMs", "must not be negative."));
        }

        if (Time is not ("modelled" or "real"))
        {
            problems.Add(new("simulation.time", $"'{Time}': use \"modelled\" (virtual clock) or \"real\"."));
        }

        if (!(RealTimeScale > 0))
        {
            problems.Add(new("simulation.realTimeScale", "must be positive (1 = wall-clock speed)."));
        }

        if (MacBase is { } text)
        {
            if (MacAddress.TryParse(text, out var parsed))
            {
                MacBaseAddress = parsed;
            }
            else
            {
                problems.Add(new("simulation.macBase", $"'{text}' is not a MAC address: write it like \"70:3E:97:1E:96:66\"."));
            }
        }

        var macs = new List<MacAddress>();
        for (var i = 0; i < Macs.Count; i++)
        {
            if (MacAddress.TryParse(Macs[i], out var parsed))
            {
                macs.Add(parsed);
            }
            else
            {
                problems.Add(new($"simulation.macs[{i}]", $"'{Macs[i]}' is not a MAC address: write it like \"70:3E:97:1E:96:66\"."));
            }
        }

        MacAddresses = macs;
        return problems;
    }
}
