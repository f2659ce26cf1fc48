using System.Security.Cryptography;
using System.Text;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Hal.Tests;

public sealed class StationConfigTests
{
    private static readonly string ConfigDir = FindConfigDir();

    private static HardwareCatalog Catalog() => SimStation.Catalog(new FakeTimeProvider()).Catalog;

    private const string ValidSocket = """
        {
          "serial": { "port": "sim:1" },
          "lines": {
            "power": { "driver": "simulated", "line": 0, "polarity": "activeLow" },
            "boot": { "driver": "simulated", "line": 1, "polarity": "activeHigh" },
            "reset": { "driver": "simulated", "line": 2, "polarity": "activeHigh" }
          }
        }
        """;

    private static string Station(string sockets, string station = """{ "id": "s1" }""", string extra = "") =>
        $$"""{ "station": {{station}}, "sockets": [ {{sockets}} ] {{extra}} }""";

    private static ConfigurationException Refused(string json) =>
        Assert.Throws<ConfigurationException>(() => StationConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "station.json", Catalog()));

    private static void AssertProblem(ConfigurationException error, string key, string fragment)
    {
        Assert.Contains(error.Problems, p => p.Key == key && p.Message.Contains(fragment, StringComparison.Ordinal));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("station.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_station_loads_and_keeps_the_sha256_of_its_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(Station(ValidSocket));

        var config = StationConfigLoader.Parse(bytes, "station.json", Catalog());

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), config.Sha256);
        Assert.Equal(Hal.Lines.LinePolarity.ActiveLow, config.Sockets[0].Lines!.Power!.Polarity);
        Assert.Equal(500_000, config.Sockets[0].Serial!.BootromBaud);
    }

    [Fact]
    public void An_unknown_driver_is_refused_naming_the_key_and_the_known_drivers()
    {
        var json = Station(ValidSocket.Replace("\"driver\": \"simulated\", \"line\": 1", "\"driver\": \"gpiod\", \"line\": 1", StringComparison.Ordinal));

        var error = Refused(json);

        AssertProblem(error, "sockets[0].lines.boot.driver", "unknown driver 'gpiod'");
        Assert.Contains("libgpiod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pin_used_twice_across_sockets_is_refused_naming_both_keys()
    {
        var second = ValidSocket.Replace("sim:1", "sim:2", StringComparison.Ordinal).Replace("\"line\": 1,", "\"line\": 9,", StringComparison.Ordinal).Replace("\"line\": 2,", "\"line\": 10,", StringComparison.Ordinal);

        var error = Refused(Station($"{ValidSocket}, {second}"));

        AssertProblem(error, "sockets[1].lines.power", "pin used twice");
        Assert.Contains("sockets[0].lines.power", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_panel_line_on_a_socket_pin_is_a_pin_used_twice()
    {
        var error = Refused(Station(ValidSocket, """{ "id": "s1", "buzzer": { "driver": "simulated", "chip": 0, "line": 2, "polarity": "activeHigh" } }"""));

        AssertProblem(error, "sockets[0].lines.reset", "already station.buzzer");
    }

    [Fact]
    public void The_same_line_number_on_another_chip_is_not_a_conflict()
    {
        var second = ValidSocket.Replace("sim:1", "sim:2", StringComparison.Ordinal).Replace("\"driver\": \"simulated\",", "\"driver\": \"simulated\", \"chip\": 1,", StringComparison.Ordinal);

        var config = StationConfigLoader.Parse(Encoding.UTF8.GetBytes(Station($"{ValidSocket}, {second}")), "station.json", Catalog());

        Assert.Equal(2, config.Sockets.Count);
    }

    [Fact]
    public void A_socket_without_a_port_is_refused()
    {
        var error = Refused(Station(ValidSocket.Replace("\"port\": \"sim:1\"", "\"bootromBaud\": 500000", StringComparison.Ordinal)));

        AssertProblem(error, "sockets[0].serial.port", "missing");
    }

    [Fact]
    public void A_socket_without_a_serial_section_is_refused_at_its_port_key()
    {
        var error = Refused(Station(ValidSocket.Replace("\"serial\": { \"port\": \"sim:1\" },", "", StringComparison.Ordinal)));

        AssertProblem(error, "sockets[0].serial.port", "needs its serial port");
    }

    [Fact]
    public void A_missing_polarity_is_refused()
    {
        var error = Refused(Station(ValidSocket.Replace("\"line\": 0, \"polarity\": \"activeLow\"", "\"line\": 0", StringComparison.Ordinal)));

        AssertProblem(error, "sockets[0].lines.power.polarity", "activeHigh");
    }

    [Fact]
    public void A_polarity_that_is_not_one_of_the_two_is_refused_at_its_key()
    {
        var error = Refused(Station(ValidSocket.Replace("\"activeLow\"", "\"low\"", StringComparison.Ordinal)));

        AssertProblem(error, "sockets[0].lines.power.polarity", "activeHigh");
    }

    [Theory]
    [InlineData("bootromBaud", 921600, "500000")]
    [InlineData("bootromBaud", 0, "9600")]
    [InlineData("loaderBaud", 1152000, "snaps to multiples of 500000")]
    [InlineData("loaderBaud", 4000000, "3000000")]
    [InlineData("consoleBaud", -5, "impossible")]
    public void An_impossible_baud_is_refused(string key, int baud, string fragment)
    {
        var error = Refused(Station(ValidSocket.Replace("\"port\": \"sim:1\"", $"\"port\": \"sim:1\", \"{key}\": {baud}", StringComparison.Ordinal)));

        AssertProblem(error, $"sockets[0].serial.{key}", fragment);
    }

    [Theory]
    [InlineData(921_600)]
    [InlineData(1_000_000)]
    [InlineData(3_000_000)]
    public void Loader_rates_the_loader_keeps_are_accepted(int baud)
    {
        var json = Station(ValidSocket.Replace("\"port\": \"sim:1\"", $"\"port\": \"sim:1\", \"loaderBaud\": {baud}", StringComparison.Ordinal));

        Assert.Equal(baud, StationConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "station.json", Catalog()).Sockets[0].Serial!.LoaderBaud);
    }

    [Fact]
    public void A_port_used_by_two_sockets_is_refused()
    {
        var second = ValidSocket.Replace("\"driver\": \"simulated\",", "\"driver\": \"simulated\", \"chip\": 1,", StringComparison.Ordinal);

        var error = Refused(Station($"{ValidSocket}, {second}"));

        AssertProblem(error, "sockets[1].serial.port", "also sockets[0].serial.port");
    }

    [Fact]
    public void Two_names_for_the_same_adapter_are_one_port()
    {
        var dir = Directory.CreateTempSubdirectory("fixture-ports");
        try
        {
            var device = Path.Combine(dir.FullName, "ttyUSB0");
            File.WriteAllText(device, "");
            var byId = Path.Combine(dir.FullName, "usb-FTDI_A1-if00-port0");
            File.CreateSymbolicLink(byId, "ttyUSB0");
            var first = ValidSocket.Replace("sim:1", device, StringComparison.Ordinal);
            var second = ValidSocket.Replace("sim:1", byId, StringComparison.Ordinal).Replace("\"driver\": \"simulated\",", "\"driver\": \"simulated\", \"chip\": 1,", StringComparison.Ordinal);

            var error = Refused(Station($"{first}, {second}"));

            AssertProblem(error, "sockets[1].serial.port", "two sockets cannot share one adapter");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_unknown_key_is_refused_naming_it()
    {
        var error = Refused(Station(ValidSocket.Replace("\"polarity\": \"activeLow\"", "\"polarity\": \"activeLow\", \"polartiy\": \"x\"", StringComparison.Ordinal)));

        Assert.Contains(error.Problems, p => p.Key.Contains("polartiy", StringComparison.Ordinal) && p.Message.Contains("unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var bad = ValidSocket
            .Replace("\"port\": \"sim:1\"", "\"bootromBaud\": 2000000", StringComparison.Ordinal)
            .Replace("\"line\": 0, \"polarity\": \"activeLow\"", "\"line\": 0", StringComparison.Ordinal);

        var error = Refused(Station(bad, "{ }"));

        Assert.Equal(
            ["sockets[0].lines.power.polarity", "sockets[0].serial.port", "station.id"],
            error.Problems.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Driver_specific_keys_are_checked()
    {
        var json = Station(ValidSocket, """
            { "id": "s1",
              "abort": { "driver": "mcp23017", "bus": "i2c-1", "address": "0x50", "line": 3, "polarity": "activeLow" },
              "buzzer": { "driver": "libgpiod", "line": 4, "polarity": "activeHigh" },
              "guard": { "driver": "modem", "signal": "dtr", "polarity": "activeLow" },
              "esd": { "driver": "ft232h", "line": 16, "polarity": "activeHigh" } }
            """);

        var error = Refused(json);

        AssertProblem(error, "station.abort.address", "0x50 is not an MCP23017 address");
        AssertProblem(error, "station.buzzer.chip", "missing");
        AssertProblem(error, "station.guard.driver", "only drives a socket's own serial port");
        AssertProblem(error, "station.esd.line", "16 is not a line of the FT232H");
    }

    [Fact]
    public void FT232H_pins_that_carry_its_I2C_bus_cannot_be_lines()
    {
        var json = Station(
            ValidSocket.Replace("\"lines\"", "\"supplyMonitor\": { \"chip\": \"ina219\", \"bus\": \"ft232h\", \"address\": \"0x40\" }, \"lines\"", StringComparison.Ordinal),
            """{ "id": "s1", "buzzer": { "driver": "ft232h", "line": 1, "polarity": "activeHigh" } }""");

        AssertProblem(Refused(json), "station.buzzer.line", "carries the I2C bus");
    }

    [Fact]
    public void Supply_monitor_keys_and_thresholds_are_checked()
    {
        var json = Station(ValidSocket.Replace("\"lines\"", "\"supplyMonitor\": { \"chip\": \"ina226\", \"bus\": \"spi-0\", \"address\": 64, \"liveRailVolts\": 0.2 }, \"lines\"", StringComparison.Ordinal));

        var error = Refused(json);

        AssertProblem(error, "sockets[0].supplyMonitor.chip", "unknown chip 'ina226'");
        AssertProblem(error, "sockets[0].supplyMonitor.bus", "unknown I2C bus 'spi-0'");
        AssertProblem(error, "sockets[0].supplyMonitor.dischargedRailVolts", "below liveRailVolts");
    }

    [Fact]
    public void More_than_eight_sockets_or_none_are_refused()
    {
        AssertProblem(Refused(Station("")), "sockets", "1 to 8");
        var nine = string.Join(", ", Enumerable.Range(0, 9).Select(i => ValidSocket
            .Replace("sim:1", $"sim:{i + 1}", StringComparison.Ordinal)
            .Replace("\"driver\": \"simulated\",", $"\"driver\": \"simulated\", \"chip\": {i},", StringComparison.Ordinal)));
        AssertProblem(Refused(Station(nine)), "sockets", "at most 8");
    }

    [Fact]
    public void A_simulation_section_is_kept_for_the_controller_to_read()
    {
        var config = StationConfigLoader.Parse(System.Text.Encoding.UTF8.GetBytes(Station(ValidSocket, extra: """, "simulation": { "time": "fast" }""")), "station.json", Catalog());

        // Hal describes hardware: the simulation composition reads and checks this section.
        Assert.Equal("fast", config.Simulation!.Value.GetProperty("time").GetString());
    }

    [Theory]
    [InlineData("station.sim.json")]
    [InlineData("station.rpi-libgpiod.json")]
    [InlineData("station.ft232h-mcp23017-4socket.json")]
    [InlineData("station.dtr-rts-bench.json")]
    public void Every_example_configuration_is_valid(string file)
    {
        var path = Path.Combine(ConfigDir, file);

        var config = StationConfigLoader.Load(path, Catalog());

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), config.Sha256);
        Assert.InRange(config.Sockets.Count, 1, 8);
    }

    [Fact]
    public void A_missing_file_is_refused_naming_it()
    {
        var error = Assert.Throws<ConfigurationException>(() => StationConfigLoader.Load("/nonexistent/station.json", Catalog()));

        Assert.Contains("/nonexistent/station.json", error.Message, StringComparison.Ordinal);
    }

    private static string FindConfigDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "config");
            if (File.Exists(Path.Combine(candidate, "station.sim.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("config/ with station.sim.json not found above the test binaries.");
    }
}

public sealed class SimulatedStationLayoutTests
{
    [Fact]
    public void The_default_simulated_station_widens_to_eight_valid_sockets_on_their_own_chips_and_ports()
    {
        var (catalog, _) = SimStation.Catalog(new FakeTimeProvider());
        var config = StationConfigLoader.Load(Path.Combine(FindConfig(), "station.sim.json"), catalog);

        var wide = Simulator.Hardware.SimulatedStationLayout.WithSockets(config, 8);

        Assert.Empty(StationConfigValidator.Validate(wide, catalog.LineDrivers, catalog.I2cBuses));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"sim:{i}"), wide.Sockets.Select(s => s.Serial!.Port));
        Assert.Equal(8, wide.Sockets.Select(s => s.Lines!.Power!.Chip).Distinct().Count());
        Assert.DoesNotContain(0, wide.Sockets.Select(s => s.Lines!.Power!.Chip ?? 0));
    }

    private static string FindConfig()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "config", "station.sim.json")))
            {
                return Path.Combine(dir.FullName, "config");
            }
        }

        throw new DirectoryNotFoundException("config/ not found");
    }
}

public sealed class LoaderBaudRuleTests
{
    [Fact]
    public void The_configuration_refuses_exactly_the_loader_rates_the_protocol_client_refuses()
    {
        var rates = Enumerable.Range(1, 300).Select(i => i * 10_000).Concat([921_600, 460_800, 230_400, 1_152_000, 1_843_200, 969_000, 975_000]);

        foreach (var rate in rates)
        {
            Assert.True(
                Protocol.Loader.LoaderBaudRate.IsSupported(rate) == StationConfigValidator.LoaderKeeps(rate),
                $"{rate}: protocol says {Protocol.Loader.LoaderBaudRate.IsSupported(rate)}, configuration says {StationConfigValidator.LoaderKeeps(rate)}");
        }
    }
}
