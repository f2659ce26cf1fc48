using System.Device.I2c;
using Fixture.Hal.Configuration;
using Fixture.Hal.Lines;
using Fixture.Hal.Supply;
using Fixture.Simulator.Hardware;
using Iot.Device.Adc;
using Microsoft.Extensions.Time.Testing;
using UnitsNet;

namespace Fixture.Hal.Tests;

public sealed class SupplyMonitorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero));

    private static SimulatedIna219Chip Ina219Chip(ISimulatedSupplyLoad load, double shuntOhms = 0.1) =>
        new(new I2cConnectionSettings(1, 0x40), shuntOhms, () => load);

    private void Step(int milliseconds)
    {
        for (var i = 0; i < milliseconds; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]       // unit off
    [InlineData(3.3, 0.006)]     // bootrom: 5–7 mA
    [InlineData(3.29, 0.075)]    // firmware with its AP up: tens of mA
    [InlineData(2.1, 2.5)]       // a short
    public void The_unchanged_INA219_binding_reads_the_simulated_rail_through_the_register_map(double volts, double amps)
    {
        var load = new SettableLoad { RailVolts = volts, CurrentAmps = amps };
        var chip = Ina219Chip(load);
        using var ina = new Ina219(chip);
        ina.Reset();
        // 0.1 Ω, 3.2 A full scale: LSB = 3.2 A / 32768 ≈ 97.7 µA, CAL = 0.04096 / (LSB · R) = 4194.
        var lsb = 0.04096 / (4194 * 0.1);
        ina.SetCalibration(4194, (float)lsb);

        var current = ina.ReadCurrent();
        var bus = ina.ReadBusVoltage();

        Assert.Equal(amps, current.Amperes, lsb * 1.5);
        Assert.Equal(volts, bus.Volts, 0.004);
        Assert.Equal(amps * 0.1, ina.ReadShuntVoltage().Volts, 1e-5);
        Assert.True(chip.Transfers > 0);
    }

    [Fact]
    public void The_INA219_monitor_calibrates_from_config_and_reports_UnitsNet_quantities()
    {
        var load = new SettableLoad { RailVolts = 3.3, CurrentAmps = 0.0062 };
        var chip = Ina219Chip(load);
        using var monitor = new Ina219SupplyMonitor(chip, "INA219 @0x40", ElectricResistance.FromOhms(0.1), ElectricCurrent.FromAmperes(2));

        var reading = monitor.Read();

        Assert.Equal(Ina219SupplyMonitor.Calibration(ElectricResistance.FromOhms(0.1), ElectricCurrent.FromAmperes(2)), chip.CalibrationValue);
        Assert.Equal(6.2, reading.Current.Milliamperes, monitor.CurrentLsb.Milliamperes);
        Assert.Equal(3.3, reading.BusVoltage.Volts, 0.004);
        load.CurrentAmps = 0.045;
        Assert.Equal(45, monitor.Read().Current.Milliamperes, monitor.CurrentLsb.Milliamperes);
    }

    [Fact]
    public void Resetting_the_simulated_INA219_clears_its_calibration_so_current_reads_zero_until_recalibrated()
    {
        var load = new SettableLoad { RailVolts = 3.3, CurrentAmps = 0.05 };
        var chip = Ina219Chip(load);
        using var ina = new Ina219(chip);
        ina.SetCalibration(4096, 0.0001f);
        Assert.NotEqual(0, ina.ReadCurrent().Amperes);

        ina.Reset();

        Assert.Equal(0, chip.CalibrationValue);
        Assert.Equal(Ina219BusVoltageRange.Range32v, ina.BusVoltageRange);
    }

    [Fact]
    public void The_unchanged_INA236_binding_identifies_and_reads_the_simulated_chip()
    {
        var load = new SettableLoad { RailVolts = 3.3, CurrentAmps = 0.030 };
        var chip = new SimulatedIna236Chip(new I2cConnectionSettings(1, 0x41), 0.1, () => load);
        using var monitor = new Ina236SupplyMonitor(chip, "INA236 @0x41", ElectricResistance.FromOhms(0.1), ElectricCurrent.FromAmperes(0.8));

        var reading = monitor.Read();

        Assert.Equal(30, reading.Current.Milliamperes, 0.1);
        Assert.Equal(3.3, reading.BusVoltage.Volts, 0.002);
    }

    [Fact]
    public void An_INA219_that_is_not_there_is_a_fixture_fault_naming_the_monitor()
    {
        var error = Assert.Throws<HardwareFaultException>(() =>
            new Ina219SupplyMonitor(new AbsentI2cDevice(), "INA219 @0x40 on i2c-1 (socket 2)", ElectricResistance.FromOhms(0.1), ElectricCurrent.FromAmperes(2)));

        Assert.Contains("INA219 @0x40 on i2c-1 (socket 2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("I2C wiring", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_tell_live_discharged_bootrom_short_and_sag()
    {
        var thresholds = SupplyThresholds.From(new SupplyMonitorConfig());
        SupplyReading At(double volts, double milliamps) => new(ElectricPotential.FromVolts(volts), ElectricCurrent.FromMilliamperes(milliamps));

        Assert.True(thresholds.IsLive(At(3.3, 0)));
        Assert.False(thresholds.IsLive(At(0.2, 0)));
        Assert.True(thresholds.IsDischarged(At(0.1, 0)));
        Assert.False(thresholds.IsDischarged(At(0.8, 0)));
        Assert.True(thresholds.IsBootromCurrent(At(3.3, 6)));
        Assert.False(thresholds.IsBootromCurrent(At(3.3, 60)));
        Assert.True(thresholds.IsShort(At(1.2, 2500)));
        Assert.True(thresholds.IsSag(At(2.7, 40)));
        Assert.False(thresholds.IsSag(At(1.2, 2500)));
    }

    [Fact]
    public void A_station_monitor_on_the_sim_bus_follows_the_unit_in_its_socket()
    {
        SimStation.RunContinuationsInline();
        var load = new SettableLoad { RailVolts = 0, CurrentAmps = 0 };
        var config = SimStation.Config(monitor: new SupplyMonitorConfig { Chip = "ina219", Bus = "sim", Address = 0x40 });
        var (station, sim, _) = SimStation.Open(config, _time, load);
        using var _s = station;
        var monitor = station.Sockets[0].SupplyMonitor!;

        Assert.Equal(0, monitor.Read().Current.Milliamperes, 0.1);
        load.RailVolts = 3.3;
        load.CurrentAmps = 0.006;

        Assert.Equal(6, monitor.Read().Current.Milliamperes, 0.1);
        Assert.IsType<SimulatedIna219Chip>(sim.SupplyChip(0));
    }

    [Fact]
    public async Task A_live_rail_refuses_the_unit_before_power_closes()
    {
        SimStation.RunContinuationsInline();
        var load = new SettableLoad { RailVolts = 3.3, CurrentAmps = 0.002 };
        var config = SimStation.Config(monitor: new SupplyMonitorConfig { Chip = "ina219", Bus = "sim", Address = 0x40 });
        var (station, _, unit) = SimStation.Open(config, _time, load);
        using var _s = station;

        var error = await Assert.ThrowsAsync<LiveRailException>(() => station.Sockets[0].Sequences.EnterDownloadModeAsync(CancellationToken.None));

        Assert.Contains("unplug the plug from mains", error.Message, StringComparison.Ordinal);
        Assert.Equal(3.3, error.Reading.BusVoltage.Volts, 0.004);
        Assert.Empty(unit.Calls);
    }

    [Fact]
    public async Task Power_off_waits_for_the_rail_to_fall_below_the_discharged_threshold()
    {
        SimStation.RunContinuationsInline();
        var load = new DischargingLoad(_time);
        var config = SimStation.Config(monitor: new SupplyMonitorConfig { Chip = "ina219", Bus = "sim", Address = 0x40 }, timing: new TimingConfig { BreakLeadMs = 1 });
        var (station, _, unit) = SimStation.Open(config, _time, load);
        using var _s = station;
        var socket = station.Sockets[0];
        load.Track(unit);
        var entering = socket.Sequences.EnterDownloadModeAsync(CancellationToken.None);
        Step(150);
        Assert.True(entering.IsCompletedSuccessfully);

        var off = socket.Sequences.PowerOffAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Step(301);
        Assert.False(off.IsCompleted);
        Step(700);

        Assert.True(off.IsCompletedSuccessfully);
        var result = await off;
        Assert.True(result.Discharged);
        Assert.InRange(result.OffTime.TotalMilliseconds, 600, 620);
        Assert.True(result.RailAtEnd!.Value.BusVoltage.Volts < 0.3);
    }

    [Fact]
    public async Task Power_off_reports_a_rail_that_never_discharged()
    {
        SimStation.RunContinuationsInline();
        var load = new SettableLoad { RailVolts = 0, CurrentAmps = 0 };
        var config = SimStation.Config(monitor: new SupplyMonitorConfig { Chip = "ina219", Bus = "sim", Address = 0x40 }, timing: new TimingConfig { DischargeTimeoutMs = 200 });
        var (station, _, _) = SimStation.Open(config, _time, load);
        using var _s = station;
        load.RailVolts = 2.9; // back-fed through the UART or a second supply

        var off = station.Sockets[0].Sequences.PowerOffAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Step(520);

        Assert.True(off.IsCompletedSuccessfully);
        var result = await off;
        Assert.False(result.Discharged);
    }

    /// <summary>A unit whose rail decays (bulk capacitor) after power is cut: 3.3 V falling 1 V per 200 ms to 0; 0 V before it was ever powered.</summary>
    private sealed class DischargingLoad(TimeProvider time) : ISimulatedSupplyLoad
    {
        private bool _powered;
        private DateTimeOffset? _cutAt;

        public double RailVolts =>
            _powered ? 3.3
            : _cutAt is { } cut ? Math.Max(0, 3.3 - ((time.GetUtcNow() - cut).TotalMilliseconds / 200.0))
            : 0;

        public double CurrentAmps => _powered ? 0.006 : 0;

        public void Track(RecordingUnitPins unit) => unit.PowerChanged += on =>
        {
            _cutAt = !on && _powered ? time.GetUtcNow() : _cutAt;
            _powered = on;
        };
    }

    private sealed class AbsentI2cDevice : I2cDevice
    {
        public override I2cConnectionSettings ConnectionSettings { get; } = new(1, 0x40);

        public override void Read(Span<byte> buffer) => throw new IOException("Error 121 performing I2C data transfer.");

        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("Error 121 performing I2C data transfer.");

        public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => throw new IOException("Error 121 performing I2C data transfer.");
    }
}
