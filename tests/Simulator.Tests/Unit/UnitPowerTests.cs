using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Uart;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests.Unit;

/// <summary>Power, straps, reset, back-powering (fixture-design §3) and the unit's own record.</summary>
public class UnitPowerTests
{
    [Fact]
    public void Power_off_loses_the_loader_but_flash_and_efuse_persist()
    {
        var bench = new Bench().EnterLoader();
        bench.Exchange(Bench.Frame(0x31, Bench.Concat(Bench.Words(0x1000), [0x12])));
        bench.Link.SetBreak(true);
        bench.Unit.SetPower(false);
        bench.Step(300);
        bench.Link.SetBreak(false);
        Assert.Equal(UnitActivity.Off, bench.Unit.Activity);
        bench.Link.SetBaudRate(500_000);
        bench.PowerUpInBootrom();
        Assert.Equal(UnitActivity.Bootrom, bench.Unit.Activity);
        Assert.Equal(0x12, bench.Unit.Flash.View(0x1000, 1)[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(300), bench.Unit.LastOffTime);
    }

    [Fact]
    public void A_back_powered_unit_keeps_its_loader_and_its_off_time_does_not_count()
    {
        var bench = new Bench().EnterLoader();
        bench.Unit.SetPower(false); // port open, no break: TX idles high and feeds the rail
        bench.Step(1000);
        Assert.Equal(UnitActivity.Loader, bench.Unit.Activity);
        Assert.Equal(2.1, bench.Unit.RailVolts, 1);
        bench.Unit.SetPower(true);
        Assert.Equal(TimeSpan.Zero, bench.Unit.LastOffTime);
        Assert.Equal(8, bench.Exchange(Bench.Frame(0x36, [])).Length);
    }

    [Fact]
    public void Holding_a_break_lets_the_rail_discharge_and_only_that_time_counts()
    {
        var bench = new Bench().EnterLoader();
        bench.Unit.SetPower(false);
        bench.Step(500); // back-powered
        bench.Link.SetBreak(true);
        bench.Step(200); // discharging
        Assert.Equal(UnitActivity.Off, bench.Unit.Activity);
        Assert.True(bench.Unit.RailVolts < 0.1);
        bench.Unit.SetPower(true);
        Assert.Equal(TimeSpan.FromMilliseconds(200), bench.Unit.LastOffTime);
    }

    [Fact]
    public void Chip_enable_low_holds_reset_and_the_boot_strap_picks_bootrom_or_flash()
    {
        var flashBoots = 0;
        var bench = new Bench(options: new SimulatedUnitOptions { FirmwareStarter = _ => { flashBoots++; return new NoRun(); } });
        bench.Link.Open(500_000);
        bench.Unit.SetChipEnable(false);
        bench.Unit.SetPower(true);
        bench.Step(10);
        Assert.Equal(UnitActivity.HeldInReset, bench.Unit.Activity);
        bench.Unit.SetBootStrap(false);
        bench.Unit.SetChipEnable(true);
        bench.Step(10);
        Assert.Equal(UnitActivity.Firmware, bench.Unit.Activity);
        Assert.Equal(1, flashBoots);
        bench.Unit.SetChipEnable(false);
        bench.Unit.SetBootStrap(true);
        bench.Unit.SetChipEnable(true);
        bench.Step(10);
        Assert.Equal(UnitActivity.Bootrom, bench.Unit.Activity);
        var boots = bench.Unit.Record.Boots;
        Assert.Equal([BootTarget.Flash, BootTarget.Bootrom], boots.Select(b => b.Target));
        Assert.Equal("CHIP_EN pulled low", boots[0].EndReason);
        Assert.Equal("CHIP_EN released", boots[1].Reason);
    }

    [Fact]
    public void Load_current_follows_what_runs()
    {
        var bench = new Bench();
        Assert.Equal(0, bench.Unit.CurrentAmps);
        bench.PowerUpInBootrom();
        Assert.InRange(bench.Unit.CurrentAmps, 0.005, 0.007);
        Assert.InRange(bench.Unit.RailVolts, 3.2, 3.4);
    }

    [Fact]
    public void Weak_supply_fails_the_first_n_handshakes_and_records_each()
    {
        var bench = new Bench(new UnitFaults { WeakSupplyFailedHandshakes = 2 }).PowerUpInBootrom();
        Assert.Empty(bench.Sync());
        bench.Step(50);
        Assert.Empty(bench.Sync());
        bench.Step(50);
        Assert.Equal(Bench.Ok, bench.Sync());
        Assert.Equal(2, bench.Unit.Record.Fired.Count(f => f.Kind == FaultKind.WeakSupply));
        Assert.Contains(FaultKind.WeakSupply, bench.Unit.Record.Configured);
    }

    [Fact]
    public void Weak_supply_with_a_minimum_off_time_answers_only_after_a_long_enough_real_power_cut()
    {
        var bench = new Bench(new UnitFaults { WeakSupplyMinimumOffTime = TimeSpan.FromMilliseconds(800) }).PowerUpInBootrom();
        Assert.Empty(bench.Sync());
        foreach (var (offMs, answers) in new[] { (300, false), (1000, true) })
        {
            bench.Link.SetBreak(true);
            bench.Unit.SetPower(false);
            bench.Step(offMs);
            bench.Link.SetBreak(false);
            bench.PowerUpInBootrom();
            Assert.Equal(answers, bench.Sync().SequenceEqual(Bench.Ok));
        }
    }

    [Fact]
    public void A_dead_unit_never_answers_and_draws_nothing()
    {
        var bench = new Bench(new UnitFaults { Dead = true }).PowerUpInBootrom();
        Assert.Empty(bench.Sync());
        Assert.Equal(0, bench.Unit.CurrentAmps);
    }

    [Fact]
    public void A_short_draws_amperes_and_collapses_the_rail()
    {
        var bench = new Bench(new UnitFaults { Short = true }).PowerUpInBootrom();
        Assert.Empty(bench.Sync());
        Assert.True(bench.Unit.CurrentAmps > 1);
        Assert.True(bench.Unit.RailVolts < 0.5);
        Assert.Contains(bench.Unit.Record.Fired, f => f.Kind == FaultKind.Short);
    }

    [Fact]
    public void A_live_rail_is_present_while_the_fixture_power_is_off()
    {
        var bench = new Bench(new UnitFaults { LiveRail = true });
        Assert.InRange(bench.Unit.RailVolts, 3.2, 3.4);
        bench.Step(10);
        Assert.Equal(UnitActivity.Firmware, bench.Unit.Activity); // mains runs it: it booted its flash on its own
    }

    [Fact]
    public void A_dtr_rts_bench_resets_the_unit_into_the_bootrom_with_inverted_levels()
    {
        var clock = new Fixture.Simulator.Timing.SimulationClock();
        var unit = new SimulatedUnit(clock);
        using var link = new SimulatedSerialLink("sim:dtr", clock, wiring: ModemLineWiring.Blflash);
        link.Attach(unit);
        link.Open(500_000);
        unit.SetPower(true);
        link.RequestToSend = true;      // BOOT high through the board's transistor
        link.DataTerminalReady = true;  // CHIP_EN low
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(UnitActivity.HeldInReset, unit.Activity);
        link.DataTerminalReady = false;
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(UnitActivity.Bootrom, unit.Activity);
    }

    [Fact]
    public void A_crossed_port_talks_to_the_other_socket_unit()
    {
        var clock = new Fixture.Simulator.Timing.SimulationClock();
        var unitA = new SimulatedUnit(clock, new SimulatedUnitOptions { Name = "A", Identity = UnitIdentity.WithOnlyChipMac([0x70, 0, 0, 0, 0, 0xA]) });
        var unitB = new SimulatedUnit(clock, new SimulatedUnitOptions { Name = "B", Identity = UnitIdentity.WithOnlyChipMac([0x70, 0, 0, 0, 0, 0xB]) });
        using var linkA = new SimulatedSerialLink("sim:socket-A", clock);
        linkA.Attach(unitB);
        linkA.Open(500_000);
        foreach (var unit in new[] { unitA, unitB })
        {
            unit.SetBootStrap(true);
            unit.SetPower(true);
        }

        clock.Advance(TimeSpan.FromMilliseconds(10));
        linkA.Stream.Write(Enumerable.Repeat((byte)0x55, 300).ToArray());
        clock.Advance(TimeSpan.FromMilliseconds(20));
        linkA.Stream.Write(Bench.Frame(0x10, []));
        clock.Advance(TimeSpan.FromMilliseconds(20));
        var reply = new byte[linkA.BytesToRead];
        linkA.Stream.ReadExactly(reply);
        Assert.Equal(0x0B, reply[^24..][16]); // after the handshake's OK; MAC reversed: first byte is B's last
    }

    [Fact]
    public void Line_noise_is_deterministic_per_seed()
    {
        byte[] Run()
        {
            var bench = new Bench(new UnitFaults { LineCorruptionRate = 0.05 }, new SimulatedUnitOptions { Seed = 42 }).PowerUpInBootrom();
            bench.Sync();
            return bench.Exchange(Bench.Frame(0x10, []));
        }

        Assert.Equal(Run(), Run());
    }

    private sealed class NoRun : IFirmwareRun
    {
        public void Stop()
        {
        }
    }
}
