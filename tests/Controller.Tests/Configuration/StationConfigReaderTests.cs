using System.Security.Cryptography;
using System.Text;
using Fixture.Controller.Configuration;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;
using Fixture.Hal.Configuration;

namespace Fixture.Controller.Tests.Configuration;

/// <summary>The controller reads the whole station configuration through the one JSON layer, every problem in one pass.</summary>
public sealed class StationConfigReaderTests
{
    private static StationConfiguration Parse(string json) =>
        StationConfigReader.Parse(Encoding.UTF8.GetBytes(json), "station.json", StationChecks.Catalog(new SimulationComposition()));

    private static ConfigurationException Refused(string json) => Assert.Throws<ConfigurationException>(() => Parse(json));

    private static string SimConfig => File.ReadAllText(StationFolder.Repository("config", "station.sim.json"));

    [Theory]
    [InlineData("station.sim.json")]
    [InlineData("station.rpi-libgpiod.json")]
    [InlineData("station.ft232h-mcp23017-4socket.json")]
    [InlineData("station.dtr-rts-bench.json")]
    public void Every_example_configuration_is_read_with_the_sha256_of_its_bytes(string file)
    {
        var path = StationFolder.Repository("config", file);

        var config = StationConfigReader.Load(path, StationChecks.Catalog(new SimulationComposition()));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), config.Sha256);
        Assert.InRange(config.Hardware.Sockets.Count, 1, 8);
    }

    [Fact]
    public void A_configuration_with_a_byte_order_mark_is_accepted_and_its_hash_covers_the_mark()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(SimConfig)];

        var config = StationConfigReader.Parse(bytes, "station.json", StationChecks.Catalog(new SimulationComposition()));

        Assert.Equal("sim-1", config.Hardware.Station!.Id);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), config.Sha256);
    }

    [Fact]
    public void A_key_given_twice_is_refused_at_its_path_with_both_lines()
    {
        var error = Refused(SimConfig.Replace("\"port\": \"sim:1\",", "\"port\": \"sim:1\", \"port\": \"sim:2\",", StringComparison.Ordinal)
            .Replace("\"retestLimit\": 3,", "\"retestLimit\": 3,\n    \"retestLimit\": 5,", StringComparison.Ordinal));

        Assert.Equal(
            ["sockets[0].serial.port: is given twice (lines 29 and 29): write each key once", "workflow.retestLimit: is given twice (lines 60 and 61): write each key once"],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Several_problems_across_the_sections_are_all_listed_with_types_in_words()
    {
        var json = SimConfig
            .Replace("\"id\": \"sim-1\"", "\"id\": \"../../etc\"", StringComparison.Ordinal)
            .Replace("\"loaderBaud\": 2000000", "\"loaderBaud\": \"fast\"", StringComparison.Ordinal)
            .Replace("\"line\": 1, \"polarity\": \"activeHigh\"", "\"line\": 1, \"polarity\": \"high\"", StringComparison.Ordinal)
            .Replace("\"retestLimit\": 3", "\"retestLimit\": 0", StringComparison.Ordinal)
            .Replace("\"probePortBeforePower\": true", "\"probePortBeforePower\": \"yes\"", StringComparison.Ordinal)
            .Replace("\"time\": \"modelled\"", "\"time\": \"fast\"", StringComparison.Ordinal)
            .Replace("\"faultProfile\": \"none\",", "\"faultProfile\": \"none\", \"macBase\": \"70:3E\",", StringComparison.Ordinal)
            .Replace("\"verificationUnits\": []", "\"verificationUnits\": [ { \"chipId\": \"AC:D8:29:6B:B7:ED\", \"kind\": \"gold\" } ], \"historyDay\": 3", StringComparison.Ordinal);

        var error = Refused(json);

        Assert.Equal(
            [
                "simulation.macBase: '70:3E' is not a MAC address: write it like \"70:3E:97:1E:96:66\".",
                "simulation.time: 'fast': use \"modelled\" (virtual clock) or \"real\".",
                "sockets[0].lines.boot.polarity: must be one of \"activeHigh\", \"activeLow\", found the text \"high\"",
                "sockets[0].serial.loaderBaud: must be a whole number, found the text \"fast\"",
                "station.id: '../../etc' cannot name the station's report folder and files: use 1–32 letters, digits, '.', '_' or '-', starting with a letter or digit and not ending with '.' (for example ST01).",
                "workflow.historyDay: is an unknown key (known here: recipe, reportDirectory, handshakePowerCycles, handshakeBurstsPerCycle, weakSupplyFromCycle, probePortBeforePower, loaderHandshakeAttempts, regionAttempts, unitRestarts, retestLimit, historyDays, stepTimeouts, verificationUnits, askUnitId, askShift, verification, lockout, wear, backupDirectory; names are case-sensitive)",
                "workflow.probePortBeforePower: must be true or false, found the text \"yes\"",
                "workflow.retestLimit: 0: failed attempts of one unit before REWORK must be 1–100.",
                "workflow.verificationUnits[0].kind: 'gold': use \"golden\" (must PASS) or \"knownBad\" (must FAIL with its code).",
            ],
            error.Problems.Select(p => p.ToString()).Order(StringComparer.Ordinal));
        Assert.StartsWith("Station configuration station.json refused (9 problems):", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_verification_gate_lockout_and_wear_limits_are_checked_key_by_key_in_the_same_pass()
    {
        var json = SimConfig.Replace(
            "\"verificationUnits\": []",
            """
            "verificationUnits": [ { "chipId": "AC:D8:29:6B:B7:ED", "kind": "knownBad", "expectedCode": "SOMETIMES" }, { "chipId": "B4:0E:CF:07:15:91", "kind": "knownBad" } ],
            "verification": { "required": true, "sockets": [1, 4], "everyHours": -1 },
            "lockout": { "consecutiveFailures": "3", "consecutiveFixtureFaults": -1 },
            "wear": { "insertionWarning": 200, "insertionStop": 100, "relayStop": -5 }
            """,
            StringComparison.Ordinal);

        var problems = Refused(json).Problems.Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.StartsWith("workflow.verificationUnits[0].expectedCode: 'SOMETIMES' is not a failure code", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("workflow.verificationUnits[1].expectedCode: missing: the verification gate", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("workflow.verification.required: is true, but workflow.verificationUnits names no golden unit", StringComparison.Ordinal));
        Assert.Contains("workflow.verification.sockets[1]: socket 4 is not one of this station's sockets (1).", problems);
        Assert.Contains(problems, p => p.StartsWith("workflow.verification.everyHours: -1", StringComparison.Ordinal));
        Assert.Contains("workflow.lockout.consecutiveFailures: must be a whole number, found the text \"3\"", problems);
        Assert.Contains(problems, p => p.StartsWith("workflow.lockout.consecutiveFixtureFaults: -1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("workflow.wear.insertionWarning: 200 is above the stop limit 100", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("workflow.wear.relayStop: -5", StringComparison.Ordinal));
    }

    [Fact]
    public void Lockout_and_wear_limits_default_to_the_documented_figures_and_are_read_from_the_configuration()
    {
        var defaults = Parse(SimConfig).Workflow;
        var set = Parse(SimConfig.Replace("\"verificationUnits\": []", "\"verificationUnits\": [], \"lockout\": { \"consecutiveFailures\": 5 }, \"wear\": { \"insertionStop\": 0 }", StringComparison.Ordinal)).Workflow;

        Assert.Equal((3, 2, 80_000L, 100_000L, 800_000L, 1_000_000L), (defaults.Lockout.ConsecutiveFailures, defaults.Lockout.ConsecutiveFixtureFaults, defaults.Wear.InsertionWarning, defaults.Wear.InsertionStop, defaults.Wear.RelayWarning, defaults.Wear.RelayStop));
        Assert.Equal(5, Fixture.Controller.Upkeep.LockoutSettings.From(set.Lockout).ConsecutiveFailures);
        Assert.Equal(0, Fixture.Controller.Upkeep.WearLimits.From(set.Wear).InsertionStop);
        Assert.False(defaults.Verification.Required);
    }

    [Fact]
    public void Simulation_settings_are_checked_with_the_rest()
    {
        var error = Refused(SimConfig.Replace("\"realTimeScale\": 1.0", "\"realTimeScale\": 0", StringComparison.Ordinal));

        Assert.Equal("simulation.realTimeScale: must be positive (1 = wall-clock speed).", Assert.Single(error.Problems).ToString());
    }

    [Fact]
    public void The_simulation_section_is_kept_as_json_for_the_simulated_station_to_read()
    {
        var config = Parse(SimConfig.Replace("\"faultProfile\": \"none\",", "\"faultProfile\": \"mixed\", \"macBase\": \"70:3E:97:00:00:10\",", StringComparison.Ordinal));

        // The reader describes no simulation: the section stays JSON, and the simulation composition reads it.
        var simulation = SimulationConfig.Read(config.Simulation, config.File);
        Assert.Equal("mixed", simulation.FaultProfile);
        Assert.Equal("70:3E:97:00:00:10", simulation.MacBaseAddress.ToString());
    }

    [Fact]
    public void A_simulation_section_of_the_wrong_shape_is_refused_key_by_key_in_the_same_pass_as_the_rest()
    {
        var json = SimConfig
            .Replace("\"realTimeScale\": 1.0", "\"realTimeScale\": \"fast\", \"speed\": 2", StringComparison.Ordinal)
            .Replace("\"retestLimit\": 3", "\"retestLimit\": 0", StringComparison.Ordinal);

        var error = Assert.Throws<ConfigurationException>(() => StationConfigReader.Parse(Encoding.UTF8.GetBytes(json), "station.json", StationChecks.Catalog(new SimulationComposition())));

        Assert.Equal(
            [
                "simulation.realTimeScale: must be a number, found the text \"fast\"",
                "simulation.speed: is an unknown key (known here: macBase, macs, faultProfile, adapterTurnaroundMs, time, realTimeScale; names are case-sensitive)",
                "workflow.retestLimit: 0: failed attempts of one unit before REWORK must be 1–100.",
            ],
            error.Problems.Select(p => p.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_missing_file_is_refused_naming_it()
    {
        var error = Assert.Throws<ConfigurationException>(() => StationConfigReader.Load("/nonexistent/station.json", StationChecks.Catalog(LineStation.Instance)));

        Assert.Equal("Station configuration /nonexistent/station.json refused: (file): file not found (its folder does not exist)", error.Message);
    }

    [SkippableFact]
    public void A_device_given_as_the_configuration_is_refused_without_reading_it()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/dev/zero"), "needs Linux's /dev/zero");

        var error = Assert.Throws<ConfigurationException>(() => StationConfigReader.Load("/dev/zero", StationChecks.Catalog(LineStation.Instance)));

        Assert.Equal("Station configuration /dev/zero refused: (file): is not a regular file but a character device: name a file", error.Message);
    }
}
