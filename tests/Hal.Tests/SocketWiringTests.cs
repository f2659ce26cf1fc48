using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Hal.Lines;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Hal.Tests;

/// <summary>Issue 14 §1 in the configuration: socket lines "manual" and "none", how they combine, and what opens from them.</summary>
public sealed class SocketWiringTests
{
    private static HardwareCatalog Catalog() => SimStation.Catalog(new FakeTimeProvider()).Catalog;

    private static string Station(string power, string boot, string reset, string extra = "") => $$"""
        { "station": { "id": "bench" }, "sockets": [ { "serial": { "port": "sim:1" }, "lines": { "power": {{power}}, "boot": {{boot}}, "reset": {{reset}} } {{extra}} } ] }
        """;

    private const string Manual = """{ "driver": "manual" }""";
    private const string None = """{ "driver": "none" }""";
    private const string Gpio = """{ "driver": "simulated", "line": 0, "polarity": "activeHigh" }""";
    private const string Gpio1 = """{ "driver": "simulated", "line": 1, "polarity": "activeHigh" }""";
    private const string Gpio2 = """{ "driver": "simulated", "line": 2, "polarity": "activeHigh" }""";

    private static ConfigurationException Refused(string json) =>
        Assert.Throws<ConfigurationException>(() => HardwareJson.Parse(json, Catalog()));

    [Theory]
    [InlineData(Manual, Manual, Manual, SocketWiring.Manual)]
    [InlineData(None, None, None, SocketWiring.None)]
    [InlineData(None, Gpio1, Gpio2, SocketWiring.ResetOnly)]
    [InlineData(Gpio, Gpio1, Gpio2, SocketWiring.Relays)]
    public void Lines_manual_or_none_need_no_pin_or_polarity_and_name_the_sockets_wiring(string power, string boot, string reset, SocketWiring wiring)
    {
        var config = HardwareJson.Parse(Station(power, boot, reset), Catalog());

        Assert.Equal(wiring, SocketWirings.Of(config.Sockets[0].Lines!));
    }

    [Fact]
    public void Manual_is_all_three_lines_or_none_of_them_each_other_line_named()
    {
        var error = Refused(Station(Manual, Gpio1, Manual));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("sockets[0].lines.boot.driver", problem.Key);
        Assert.Contains("BOOT must be \"manual\" too", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BOOT_none_with_a_wired_CHIP_EN_is_refused_and_so_is_a_switched_POWER_with_both_none()
    {
        var half = Refused(Station(None, None, Gpio2));
        var powered = Refused(Station(Gpio, None, None));

        Assert.Contains(half.Problems, p => p.Key == "sockets[0].lines.reset.driver" && p.Message.Contains("only together", StringComparison.Ordinal));
        Assert.Contains(powered.Problems, p => p.Key == "sockets[0].lines.power.driver" && p.Message.Contains("make POWER \"none\" too", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pseudo_driver_with_pin_keys_and_a_monitor_on_an_unswitched_POWER_are_both_listed_in_one_pass()
    {
        var monitor = """, "supplyMonitor": { "chip": "ina219", "bus": "sim", "address": "0x40" }""";

        var error = Refused(Station("""{ "driver": "none", "line": 3, "polarity": "activeLow" }""", None, None, monitor));

        Assert.Contains(error.Problems, p => p.Key == "sockets[0].lines.power" && p.Message.Contains("line, polarity mean nothing here", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Key == "sockets[0].supplyMonitor" && p.Message.Contains("live rail before every unit", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_socket_line_driver_names_manual_and_none_among_the_choices()
    {
        var error = Refused(Station("""{ "driver": "relay" }""", None, None));

        Assert.Contains(error.Problems, p => p.Key == "sockets[0].lines.power.driver" && p.Message.Contains("manual / none", StringComparison.Ordinal));
    }

    [Fact]
    public void A_socket_wired_none_opens_with_no_output_to_drive_and_sequences_that_drive_nothing()
    {
        var time = new FakeTimeProvider();
        var (catalog, _) = SimStation.Catalog(time);
        var config = HardwareJson.Parse(Station(None, None, None), catalog);

        using var station = StationHardware.Open(config, catalog, time);

        var socket = Assert.Single(station.Sockets);
        Assert.Equal(SocketWiring.None, socket.Wiring);
        Assert.IsType<NoLineSequences>(socket.Sequences);
        Assert.IsType<UnwiredLine>(socket.Lines.Power);
        socket.Lines.ReleaseAll();
    }

    [Fact]
    public void A_manual_socket_needs_somewhere_to_show_its_instructions()
    {
        var time = new FakeTimeProvider();
        var (catalog, _) = SimStation.Catalog(time);
        var config = HardwareJson.Parse(Station(Manual, Manual, Manual), catalog);

        var error = Assert.Throws<HardwareFaultException>(() => StationHardware.Open(config, catalog, time));
        using var station = StationHardware.Open(config, catalog, time, new NoPrompt());

        Assert.Contains("run it from a terminal", error.Message, StringComparison.Ordinal);
        Assert.IsType<ManualSocketSequences>(station.Sockets[0].Sequences);
    }

    private sealed class NoPrompt : IOperatorPrompt
    {
        public Task ShowAsync(OperatorInstruction instruction, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
