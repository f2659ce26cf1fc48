using System.Device.Gpio;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Hal.Lines;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Hal.Tests;

/// <summary>Drivers for hardware this machine lacks: built from configuration, and failing with a message that says what to check.</summary>
public sealed class DriverConstructionTests
{
    private readonly FakeTimeProvider _time = new();

    private static LineConfig Line(string driver, int? line = null, int? chip = null, string? bus = null, int? address = null, string? signal = null, LinePolarity polarity = LinePolarity.ActiveLow) =>
        new() { Driver = driver, Line = line, Chip = chip, Bus = bus, Address = address, Signal = signal, Polarity = polarity };

    private static StationConfig WithSocketLines(LineConfig power, LineConfig? boot = null, LineConfig? reset = null, SupplyMonitorConfig? monitor = null, string port = "sim:1") => new()
    {
        Station = new StationSection { Id = "t" },
        Sockets =
        [
            new SocketConfig
            {
                Serial = new SerialConfig { Port = port },
                Lines = new SocketLinesConfig { Power = power, Boot = boot ?? SimStation.Sim(1), Reset = reset ?? SimStation.Sim(2) },
                SupplyMonitor = monitor,
            },
        ],
    };

    private HardwareFaultException OpenFails(StationConfig config)
    {
        var (catalog, sim) = SimStation.Catalog(_time);
        Assert.Empty(StationConfigValidator.Validate(config, catalog.LineDrivers, catalog.I2cBuses));
        sim.Wire(config);
        return Assert.Throws<HardwareFaultException>(() => StationHardware.Open(config, catalog, _time));
    }

    [SkippableFact]
    public void A_libgpiod_chip_that_is_not_there_is_named_with_its_key_and_what_to_check()
    {
        Skip.If(File.Exists("/dev/gpiochip7"), "this machine has a gpiochip7");

        var error = OpenFails(WithSocketLines(Line("libgpiod", line: 17, chip: 7)));

        Assert.Contains("socket 1 POWER (sockets[0].lines.power)", error.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/gpiochip7 not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("libgpiod", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_sysfs_driver_without_sys_class_gpio_says_to_use_libgpiod()
    {
        Skip.If(Directory.Exists("/sys/class/gpio"), "this machine still has sysfs GPIO");

        var error = OpenFails(WithSocketLines(Line("sysfs", line: 17)));

        Assert.Contains("/sys/class/gpio not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("sockets[0].lines.power", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absent_FT232H_says_to_check_the_cable_and_the_FTDI_driver()
    {
        var error = OpenFails(WithSocketLines(Line("ft232h", line: 4)));

        Assert.Contains("FT232H", error.Message, StringComparison.Ordinal);
        Assert.Contains("not found for sockets[0].lines.power", error.Message, StringComparison.Ordinal);
        Assert.Contains("check the cable and the FTDI driver", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_MCP23017_on_the_FT232H_bus_fails_the_same_way_when_the_FT232H_is_absent()
    {
        var error = OpenFails(WithSocketLines(Line("mcp23017", line: 0, bus: "ft232h", address: 0x20)));

        Assert.Contains("FT232H", error.Message, StringComparison.Ordinal);
        Assert.Contains("sockets[0].lines.power", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void An_MCP23017_on_a_missing_Linux_I2C_bus_names_the_bus_and_how_to_enable_it()
    {
        Skip.If(File.Exists("/dev/i2c-9"), "this machine has /dev/i2c-9");

        var error = OpenFails(WithSocketLines(Line("mcp23017", line: 0, bus: "i2c-9", address: 0x20)));

        Assert.Contains("/dev/i2c-9 not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("sockets[0].lines.power", error.Message, StringComparison.Ordinal);
        Assert.Contains("MCP23017 0x20", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_supply_monitor_on_a_missing_I2C_bus_names_its_key()
    {
        Skip.If(File.Exists("/dev/i2c-3"), "this machine has /dev/i2c-3");
        var monitor = new SupplyMonitorConfig { Chip = "ina219", Bus = "i2c-3", Address = 0x40 };

        var error = OpenFails(WithSocketLines(SimStation.Sim(0), monitor: monitor));

        Assert.Contains("sockets[0].supplyMonitor", error.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/i2c-3 not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_opened_before_a_failing_device_are_released_again()
    {
        SimStation.RunContinuationsInline();
        var (catalog, sim) = SimStation.Catalog(_time);
        var config = WithSocketLines(SimStation.Sim(0), SimStation.Sim(1), Line("ft232h", line: 4));

        Assert.Throws<HardwareFaultException>(() => StationHardware.Open(config, catalog, _time));

        Assert.False(sim.Chip(0).IsPinOpen(0));
        Assert.False(sim.Chip(0).IsPinOpen(1));
    }

    [Fact]
    public void Modem_lines_are_set_to_their_released_levels_before_the_port_opens()
    {
        SimStation.RunContinuationsInline();
        var links = new List<RecordingSerialLink>();
        var (catalog, sim) = SimStation.Catalog(_time, r =>
        {
            var link = new RecordingSerialLink(r.Serial.Port!);
            links.Add(link);
            return link;
        });
        var config = WithSocketLines(
            SimStation.Sim(0),
            boot: Line("modem", signal: "rts", polarity: LinePolarity.ActiveHigh),
            reset: Line("modem", signal: "dtr", polarity: LinePolarity.ActiveLow),
            port: "/dev/serial/by-id/usb-test");
        Assert.Empty(StationConfigValidator.Validate(config, catalog.LineDrivers, catalog.I2cBuses));
        sim.Wire(config);

        using var station = StationHardware.Open(config, catalog, _time);
        var link = Assert.Single(links);
        // Released BOOT = GPIO8 low = RTS pin low = RTS asserted on an inverting adapter; released CHIP_EN = pin high = DTR not asserted.
        Assert.True(link.RequestToSend);
        Assert.False(link.DataTerminalReady);
        Assert.DoesNotContain("open 500000", link.Calls);

        station.Sockets[0].Lines.Reset.Set(true);
        station.Sockets[0].Lines.Boot.Set(true);

        Assert.True(link.DataTerminalReady);
        Assert.False(link.RequestToSend);
    }

    [Theory]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    public void The_modem_driver_maps_pin_levels_to_signals_through_the_adapter_inversion(bool inverted, bool pinHigh, bool signalAsserted)
    {
        var link = new RecordingSerialLink("/dev/ttyUSB0");
        using var controller = new GpioController(new ModemLinesGpioDriver(link, inverted));
        controller.OpenPin(ModemLineDriver.DtrPin, PinMode.Output, PinValue.Low);
        controller.OpenPin(ModemLineDriver.RtsPin, PinMode.Output, PinValue.Low);

        controller.Write(ModemLineDriver.DtrPin, pinHigh ? PinValue.High : PinValue.Low);
        controller.Write(ModemLineDriver.RtsPin, pinHigh ? PinValue.High : PinValue.Low);

        Assert.Equal(signalAsserted, link.DataTerminalReady);
        Assert.Equal(signalAsserted, link.RequestToSend);
        // The controller asks the driver first: DTR and RTS cannot become inputs.
        Assert.Throws<InvalidOperationException>(() => controller.SetPinMode(ModemLineDriver.DtrPin, PinMode.Input));
    }

    [Fact]
    public void The_hardware_registry_knows_every_real_driver_and_refuses_a_second_of_the_same_name()
    {
        var registry = LineDriverRegistry.CreateWithHardwareDrivers();

        Assert.Equal(["ft232h", "libgpiod", "mcp23017", "modem", "sysfs"], registry.Names);
        Assert.Throws<InvalidOperationException>(() => registry.Add(new LibGpiodLineDriver()));
    }
}
