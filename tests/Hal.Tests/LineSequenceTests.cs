using System.Device.Gpio;
using Fixture.Hal.Lines;
using Fixture.Simulator.Hardware;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Hal.Tests;

public sealed class LineSequenceTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    /// <summary>Advances the fake clock a millisecond at a time, so chained delays fire at their own times.</summary>
    private void Step(int milliseconds)
    {
        for (var i = 0; i < milliseconds; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    /// <summary>Level writes of the socket's three pins since <paramref name="since"/>, as "t+ms name=level".</summary>
    private static List<string> SocketWrites(SimulatedGpioDriver chip, DateTimeOffset since, int socket = 0)
    {
        var names = new Dictionary<int, string> { [3 * socket] = "POWER", [(3 * socket) + 1] = "BOOT", [(3 * socket) + 2] = "RESET" };
        return [.. chip.Transitions
            .Where(t => t.At >= since && t.Kind == PinTransitionKind.Written && names.ContainsKey(t.Pin))
            .Select(t => $"{(t.At - since).TotalMilliseconds:0} {names[t.Pin]}={(t.Level == PinValue.High ? 1 : 0)}")];
    }

    [Fact]
    public void Entering_download_mode_sets_straps_then_power_releases_chip_en_after_the_hold_and_then_settles()
    {
        SimStation.RunContinuationsInline();
        var (station, sim, unit) = SimStation.Open(SimStation.Config(timing: new() { ResetHoldMs = 50, SettleMs = 100 }), _time);
        using var _ = station;
        var since = _time.GetUtcNow();

        var entering = station.Sockets[0].Sequences.EnterDownloadModeAsync(CancellationToken.None);
        Step(49);
        Assert.True(station.Sockets[0].Lines.Reset.IsAsserted);
        Step(1);
        Assert.False(station.Sockets[0].Lines.Reset.IsAsserted);
        Step(99);
        Assert.False(entering.IsCompleted);
        Step(1);

        Assert.True(entering.IsCompletedSuccessfully);
        Assert.Equal(["0 RESET=1", "0 BOOT=1", "0 POWER=1", "50 RESET=0"], SocketWrites(sim.Chip(0), since));
        // The unit saw its straps before its supply, and left reset in download mode.
        Assert.Equal(["chip_en low", "boot high", "power on", "chip_en high"], unit.Calls);
    }

    [Fact]
    public void Active_low_relays_follow_the_same_sequence_with_inverted_levels()
    {
        SimStation.RunContinuationsInline();
        var (station, sim, unit) = SimStation.Open(SimStation.Config(polarity: LinePolarity.ActiveLow, timing: new() { ResetHoldMs = 50, SettleMs = 100 }), _time);
        using var _ = station;
        var since = _time.GetUtcNow();

        var entering = station.Sockets[0].Sequences.EnterDownloadModeAsync(CancellationToken.None);
        Step(150);

        Assert.True(entering.IsCompletedSuccessfully);
        Assert.Equal(["0 RESET=0", "0 BOOT=0", "0 POWER=0", "50 RESET=1"], SocketWrites(sim.Chip(0), since));
        Assert.True(unit.Powered);
        Assert.True(unit.BootHigh);
        Assert.True(unit.ChipEnableHigh);
    }

    [Fact]
    public void Default_hold_and_settle_follow_the_isp_reference_at_its_short_end_and_the_sequence_uses_them()
    {
        // ISP reference: CHIP_EN low for at least 5 ms, then about 50-100 ms before the 0x55 burst.
        var timing = new Fixture.Hal.Configuration.TimingConfig();
        Assert.InRange(timing.ResetHoldMs, 5, 50);
        Assert.InRange(timing.SettleMs, 50, 100);

        SimStation.RunContinuationsInline();
        var (station, sim, _) = SimStation.Open(SimStation.Config(), _time);
        using var _ = station;
        var since = _time.GetUtcNow();
        var entering = station.Sockets[0].Sequences.EnterDownloadModeAsync(CancellationToken.None);
        Step((int)(timing.ResetHoldMs + timing.SettleMs) - 1);
        Assert.False(entering.IsCompleted);
        Step(1);

        Assert.True(entering.IsCompletedSuccessfully);
        Assert.Equal(["0 RESET=1", "0 BOOT=1", "0 POWER=1", $"{timing.ResetHoldMs:0} RESET=0"], SocketWrites(sim.Chip(0), since));
    }

    [Fact]
    public void Opening_the_station_drives_every_output_to_its_released_level_without_a_glitch()
    {
        SimStation.RunContinuationsInline();
        var (station, sim, unit) = SimStation.Open(SimStation.Config(polarity: LinePolarity.ActiveLow), _time);
        using var _ = station;

        var socketPins = sim.Chip(0).Transitions.Where(t => t.Pin < 3).ToList();
        // Each pin became an output already high (= released for active-low) and was never driven low.
        Assert.All(socketPins.Where(t => t.IsDriving), t => Assert.Equal(PinValue.High, t.Level));
        Assert.Equal(3, socketPins.Count(t => t.Kind == PinTransitionKind.ModeChanged && t.Mode == PinMode.Output));
        Assert.False(unit.Powered);
        Assert.DoesNotContain("power on", unit.Calls);
    }

    [Fact]
    public void Booting_the_firmware_releases_boot_and_pulses_chip_en_with_power_kept_on()
    {
        SimStation.RunContinuationsInline();
        var (station, sim, unit) = SimStation.Open(SimStation.Config(timing: new() { ResetHoldMs = 20 }), _time);
        using var _ = station;
        var sequences = station.Sockets[0].Sequences;
        var entering = sequences.EnterDownloadModeAsync(CancellationToken.None);
        Step(120);
        Assert.True(entering.IsCompletedSuccessfully);
        var since = _time.GetUtcNow();
        unit.Calls.Clear();

        var booting = sequences.BootFirmwareAsync(CancellationToken.None);
        Step(19);
        Assert.False(booting.IsCompleted);
        Step(1);

        Assert.True(booting.IsCompletedSuccessfully);
        Assert.Equal(["0 BOOT=0", "0 RESET=1", "20 RESET=0"], SocketWrites(sim.Chip(0), since));
        Assert.Equal(["boot low", "chip_en low", "chip_en high"], unit.Calls);
        Assert.True(unit.Powered);
    }

    [Fact]
    public async Task Power_off_holds_tx_low_before_the_cut_and_keeps_the_unit_off_for_the_off_time()
    {
        SimStation.RunContinuationsInline();
        var (station, sim, unit) = SimStation.Open(SimStation.Config(timing: new() { BreakLeadMs = 2 }), _time);
        using var _ = station;
        var socket = station.Sockets[0];
        socket.Link.Open(500_000);
        var entering = socket.Sequences.EnterDownloadModeAsync(CancellationToken.None);
        Step(150);
        Assert.True(entering.IsCompletedSuccessfully);
        var since = _time.GetUtcNow();
        unit.Calls.Clear();

        var off = socket.Sequences.PowerOffAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.Equal(["break on"], unit.Calls);
        Step(2);
        Assert.False(unit.Powered);
        Step(299);
        Assert.False(off.IsCompleted);
        Step(1);

        Assert.True(off.IsCompletedSuccessfully);
        var result = await off;
        Assert.Equal(TimeSpan.FromMilliseconds(300), result.OffTime);
        Assert.True(result.TxHeldLow);
        Assert.Null(result.Discharged);
        Assert.Equal(["2 POWER=0", "2 BOOT=0"], SocketWrites(sim.Chip(0), since));
        Assert.Equal(["break on", "power off", "boot low"], unit.Calls);
        Assert.True(unit.TxBreak);
    }

    [Fact]
    public void Power_off_time_grows_per_retry_up_to_its_maximum()
    {
        SimStation.RunContinuationsInline();
        var timings = SocketTimings.From(new() { PowerOffMs = 300, PowerOffGrowth = 2, PowerOffMaxMs = 1000 });

        Assert.Equal(TimeSpan.FromMilliseconds(300), timings.PowerOffFor(1));
        Assert.Equal(TimeSpan.FromMilliseconds(600), timings.PowerOffFor(2));
        Assert.Equal(TimeSpan.FromMilliseconds(1000), timings.PowerOffFor(3));
        Assert.Equal(TimeSpan.FromMilliseconds(1000), timings.PowerOffFor(9));
    }
}
