using System.Device.Gpio;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Hal.Lines;
using Fixture.Simulator.Hardware;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Hal.Tests;

public sealed class InputAndWiringTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero));

    private void Step(int milliseconds)
    {
        for (var i = 0; i < milliseconds; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    [Fact]
    public void A_bouncing_start_button_activates_once_after_it_has_been_stable_for_the_debounce_time()
    {
        SimStation.RunContinuationsInline();
        var config = SimStation.Config(timing: new TimingConfig { DebounceMs = 30 });
        var (station, sim, _) = SimStation.Open(config, _time);
        using var _s = station;
        var button = config.Station!.StartButtons[0];
        var activations = new List<DateTimeOffset>();
        station.Panel.StartButtons[0].Activated += (_, _) => activations.Add(_time.GetUtcNow());
        var pressedAt = _time.GetUtcNow();

        sim.SetInput(button, active: true);
        Step(3);
        sim.SetInput(button, active: false);
        Step(2);
        sim.SetInput(button, active: true);
        Step(29);
        Assert.Empty(activations);
        Step(1);

        Assert.Equal([pressedAt + TimeSpan.FromMilliseconds(35)], activations);
        Assert.True(station.Panel.StartButtons[0].IsActive);
        Step(100);
        Assert.Single(activations);
    }

    [Fact]
    public void Releasing_and_pressing_again_activates_again_and_a_glitch_shorter_than_the_debounce_never_does()
    {
        SimStation.RunContinuationsInline();
        var config = SimStation.Config();
        var (station, sim, _) = SimStation.Open(config, _time);
        using var _s = station;
        var abort = config.Station!.Abort!;
        var count = 0;
        station.Panel.Abort!.Activated += (_, _) => count++;

        sim.SetInput(abort, active: true);
        Step(5);
        sim.SetInput(abort, active: false);
        Step(100);
        Assert.Equal(0, count);

        sim.SetInput(abort, active: true);
        Step(40);
        sim.SetInput(abort, active: false);
        Step(40);
        sim.SetInput(abort, active: true);
        Step(40);

        Assert.Equal(2, count);
    }

    [Fact]
    public void An_active_low_button_reads_inactive_while_its_pull_up_holds_the_pin_high()
    {
        SimStation.RunContinuationsInline();
        var (station, sim, _) = SimStation.Open(SimStation.Config(), _time);
        using var _s = station;

        Assert.False(station.Panel.StartButtons[0].IsActive);
        Assert.Equal(PinMode.InputPullUp, sim.Chip(0).Transitions.Last(t => t.Pin == 40 && t.Kind == PinTransitionKind.ModeChanged).Mode);
    }

    [Fact]
    public void The_wiring_drives_only_the_unit_in_the_socket_whose_relays_change()
    {
        SimStation.RunContinuationsInline();
        var config = SimStation.Config(sockets: 2);
        var (catalog, sim) = SimStation.Catalog(_time);
        sim.Wire(config);
        var first = new RecordingUnitPins();
        var second = new RecordingUnitPins();
        sim.ConnectUnit(0, first);
        sim.ConnectUnit(1, second);
        using var station = StationHardware.Open(config, catalog, _time);
        first.Calls.Clear();
        second.Calls.Clear();

        station.Sockets[1].Lines.Power.Set(true);

        Assert.Empty(first.Calls);
        Assert.Equal(["power on"], second.Calls);
        Assert.True(sim.IsEnergised(1, SimulatedStationHardware.SocketSignal.Power));
        Assert.False(sim.IsEnergised(0, SimulatedStationHardware.SocketSignal.Power));
    }

    [Fact]
    public void A_unit_put_into_a_socket_sees_the_relays_as_they_are()
    {
        SimStation.RunContinuationsInline();
        var config = SimStation.Config(polarity: LinePolarity.ActiveLow);
        var (catalog, sim) = SimStation.Catalog(_time);
        sim.Wire(config);
        using var station = StationHardware.Open(config, catalog, _time);
        station.Sockets[0].Lines.Power.Set(true);
        station.Sockets[0].Lines.Reset.Set(true);

        var unit = new RecordingUnitPins();
        sim.ConnectUnit(0, unit);

        Assert.True(unit.Powered);
        Assert.False(unit.BootHigh);
        Assert.False(unit.ChipEnableHigh);
    }

    [Fact]
    public void The_transition_log_stamps_each_change_with_the_station_clock()
    {
        var chip = new SimulatedGpioDriver("chipX", _time);
        using var controller = new GpioController(chip);
        controller.OpenPin(5, PinMode.Output, PinValue.Low);
        _time.Advance(TimeSpan.FromMilliseconds(7));
        controller.Write(5, PinValue.High);
        controller.Write(5, PinValue.High);
        _time.Advance(TimeSpan.FromMilliseconds(3));
        controller.ClosePin(5);

        var log = chip.Transitions.Where(t => t.Pin == 5).ToList();
        Assert.Equal([PinTransitionKind.Opened, PinTransitionKind.ModeChanged, PinTransitionKind.Written, PinTransitionKind.Closed], log.Select(t => t.Kind));
        Assert.Equal(TimeSpan.FromMilliseconds(7), log[2].At - log[1].At);
        Assert.Equal(TimeSpan.FromMilliseconds(3), log[3].At - log[2].At);
        Assert.False(log[3].IsDriving);
    }
}
