using System.Device.Gpio;
using System.Runtime.InteropServices;
using Fixture.Hal.Drivers;
using Fixture.Hal.Lines;
using Fixture.Hal.Safety;
using Fixture.Simulator.Hardware;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Hal.Tests;

public sealed class SafeStateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero));

    private void Step(int milliseconds)
    {
        for (var i = 0; i < milliseconds; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    /// <summary>Every output pin of the chip that is driving its asserted level (all socket and panel outputs are active-high here).</summary>
    private static int[] EnergisedPins(SimulatedGpioDriver chip) =>
        [.. Enumerable.Range(0, 64).Where(p => chip.DrivenLevel(p) == PinValue.High)];

    private (StationHardware Station, SimulatedStationHardware Sim, RecordingUnitPins Unit) PoweredUnit()
    {
        SimStation.RunContinuationsInline();
        // The timings these tests step through, whatever the defaults are.
        var opened = SimStation.Open(SimStation.Config(timing: new() { ResetHoldMs = 50, SettleMs = 100 }), _time);
        var lamps = opened.Station.Panel.Lamps;
        lamps.Busy!.Set(true);
        return opened;
    }

    [Fact]
    public async Task A_failed_unit_cycle_leaves_every_socket_line_de_energised()
    {
        var (station, sim, unit) = PoweredUnit();
        using var _ = station;
        var socket = station.Sockets[0];

        var cycle = SafeState.RunUnitAsync(socket.Lines, async ct =>
        {
            await socket.Sequences.EnterDownloadModeAsync(ct);
            throw new TimeoutException("no handshake");
        }, CancellationToken.None);
        Step(150);

        await Assert.ThrowsAsync<TimeoutException>(() => cycle);
        Assert.False(unit.Powered);
        Assert.False(unit.BootHigh);
        Assert.True(unit.ChipEnableHigh);
        Assert.DoesNotContain(0, EnergisedPins(sim.Chip(0)));
        Assert.DoesNotContain(1, EnergisedPins(sim.Chip(0)));
        Assert.DoesNotContain(2, EnergisedPins(sim.Chip(0)));
    }

    [Fact]
    public async Task An_exception_in_the_middle_of_a_sequence_still_releases_power_boot_and_reset()
    {
        var (station, sim, unit) = PoweredUnit();
        using var _ = station;
        var socket = station.Sockets[0];

        var cycle = SafeState.RunUnitAsync(socket.Lines, async ct =>
        {
            var entering = socket.Sequences.EnterDownloadModeAsync(ct);
            await Task.Yield();
            throw new InvalidOperationException("bug in the workflow");
        }, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => cycle);
        Assert.False(unit.Powered);
        Assert.False(socket.Lines.Power.IsAsserted || socket.Lines.Boot.IsAsserted || socket.Lines.Reset.IsAsserted);
        var last = sim.Chip(0).Transitions.Where(t => t.Pin < 3).GroupBy(t => t.Pin).Select(g => g.Last().Level);
        Assert.All(last, level => Assert.Equal(PinValue.Low, level));
    }

    [Fact]
    public async Task Cancelling_during_the_reset_hold_releases_every_line_at_that_instant()
    {
        var (station, sim, unit) = PoweredUnit();
        using var _ = station;
        var socket = station.Sockets[0];
        using var abort = new CancellationTokenSource();

        var cycle = SafeState.RunUnitAsync(socket.Lines, socket.Sequences.EnterDownloadModeAsync, abort.Token);
        Step(20);
        Assert.True(unit.Powered);
        var cancelledAt = _time.GetUtcNow();
        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cycle);
        Assert.False(unit.Powered);
        var releases = sim.Chip(0).Transitions.Where(t => t.Pin < 3 && t.At >= cancelledAt).ToList();
        Assert.Equal([0, 1, 2], releases.Select(t => t.Pin));
        Assert.All(releases, t => Assert.Equal(cancelledAt, t.At));
    }

    [Fact]
    public void Disposing_the_station_de_energises_and_releases_every_output()
    {
        var (station, sim, unit) = PoweredUnit();
        station.Sockets[0].Lines.Power.Set(true);
        station.Panel.Buzzer!.Set(true);
        Assert.NotEmpty(EnergisedPins(sim.Chip(0)));

        station.Dispose();

        Assert.Empty(EnergisedPins(sim.Chip(0)));
        Assert.False(unit.Powered);
        Assert.All(Enumerable.Range(0, 3), pin => Assert.False(sim.Chip(0).IsPinOpen(pin)));
    }

    [Fact]
    public void A_termination_signal_de_energises_everything_and_no_line_can_be_asserted_afterwards()
    {
        var (station, sim, unit) = PoweredUnit();
        using var _ = station;
        station.Sockets[0].Lines.Power.Set(true);
        station.Sockets[0].Lines.Boot.Set(true);

        station.SafeState.OnSignal(PosixSignal.SIGTERM);

        Assert.Empty(EnergisedPins(sim.Chip(0)));
        Assert.False(unit.Powered);
        var refused = Assert.Throws<HardwareFaultException>(() => station.Sockets[0].Lines.Power.Set(true));
        Assert.Contains("socket 1 POWER", refused.Message, StringComparison.Ordinal);
        Assert.Contains("SIGTERM", refused.Message, StringComparison.Ordinal);
        Assert.False(unit.Powered);
    }

    [Fact]
    public void Process_hooks_install_and_remove_cleanly()
    {
        var (station, _, _) = PoweredUnit();
        station.SafeState.InstallProcessHooks();
        station.SafeState.InstallProcessHooks();

        station.Dispose();

        Assert.True(station.SafeState.Interlock.IsTripped);
    }

    [Fact]
    public void Safe_state_tries_every_line_and_names_the_ones_that_failed()
    {
        var broken = new BrokenLine("socket 3 POWER");
        var fine = new RecordingLine("socket 3 BOOT");
        var safe = new SafeState([broken, fine], new OutputInterlock());

        var error = Assert.Throws<HardwareFaultException>(safe.Apply);

        Assert.Contains("socket 3 POWER", error.Message, StringComparison.Ordinal);
        Assert.Equal([false], fine.Writes);
    }

    private sealed class BrokenLine(string name) : IControlLine
    {
        public string Name => name;

        public bool IsAsserted => true;

        public void Set(bool asserted) => throw new HardwareFaultException($"{name}: I2C expander gone");
    }

    private sealed class RecordingLine(string name) : IControlLine
    {
        public List<bool> Writes { get; } = [];

        public string Name => name;

        public bool IsAsserted => Writes.LastOrDefault();

        public void Set(bool asserted) => Writes.Add(asserted);
    }
}
