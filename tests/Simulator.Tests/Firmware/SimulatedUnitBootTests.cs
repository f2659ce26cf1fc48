using System.Text;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Timing;
using Fixture.Simulator.Uart;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests.Firmware;

/// <summary>The boot models on the real unit model (power, CHIP_EN, BOOT strap, virtual clock).</summary>
public class SimulatedUnitBootTests
{
    [Fact]
    public void A_unit_holding_the_recipe_images_boots_OpenBL602_with_its_MAC_when_BOOT_is_low()
    {
        var (clock, unit, host) = Unit(UnitFaults.None);
        UnitFlashSetup.WriteImageSet(unit.Flash, SyntheticAssets.Get(1).OpenBl602Set);

        PowerUpFromFlash(unit);
        clock.Advance(TimeSpan.FromSeconds(7));

        var log = host.Text;
        Assert.Contains("OpenBL602, version 1.17.366", log, StringComparison.Ordinal);
        Assert.Contains("[WF][SM] start AP with ssid OpenBL602_971E9666;", log, StringComparison.Ordinal);
        Assert.True(log.IndexOf("Boot complete time reached", StringComparison.Ordinal) > log.IndexOf("Info:MAIN:Time 6,", StringComparison.Ordinal));
        Assert.All(host.Chunks, c => Assert.Equal(2_000_000, c.Baud));
        Assert.InRange(unit.CurrentAmps, 0.05, 0.2);
    }

    [Fact]
    public void Power_cuts_on_the_real_unit_count_failed_boots_into_safe_mode()
    {
        var (clock, unit, host) = Unit(UnitFaults.None);
        UnitFlashSetup.WriteImageSet(unit.Flash, SyntheticAssets.Get(1).OpenBl602Set);

        for (var i = 0; i < 4; i++)
        {
            PowerUpFromFlash(unit);
            clock.Advance(TimeSpan.FromSeconds(2));
            unit.SetPower(false);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        host.Clear();
        PowerUpFromFlash(unit);
        clock.Advance(TimeSpan.FromSeconds(7));

        Assert.Contains("###### safe mode activated - boot failures 5", host.Text, StringComparison.Ordinal);
        Assert.Contains("[SAFE] Time 6", host.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_used_unit_set_up_from_its_faults_boots_its_old_firmware_in_station_mode()
    {
        var faults = new UnitFaults { UsedUnit = new UsedUnitState() };
        var (clock, unit, host) = Unit(faults);
        UnitFlashSetup.Apply(unit, SyntheticAssets.Get(1).OpenBl602Set, SyntheticAssets.Get(1));

        PowerUpFromFlash(unit);
        clock.Advance(TimeSpan.FromSeconds(7));

        Assert.Contains("OpenBL602, version 1.17.205", host.Text, StringComparison.Ordinal);
        Assert.Contains("Connecting to SSID [HomeNetwork]", host.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("start AP", host.Text, StringComparison.Ordinal);
        var recorded = Assert.Single(unit.Record.Fired);
        Assert.Equal(FaultKind.UsedUnit, recorded.Kind);
        Assert.Contains("HomeNetwork", recorded.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_crashing_unit_ends_each_boot_with_the_watchdog_reason_on_its_record()
    {
        var faults = new UnitFaults { FirmwareCrashAfter = TimeSpan.FromSeconds(2) };
        var (clock, unit, host) = Unit(faults);
        UnitFlashSetup.WriteImageSet(unit.Flash, SyntheticAssets.Get(1).OpenBl602Set);

        PowerUpFromFlash(unit);
        clock.Advance(TimeSpan.FromSeconds(12));

        Assert.True(OpenBl602BootTests.CountOf(host.Text, "Starting bl602 now....") >= 3);
        Assert.Contains(unit.Record.Boots, b => b.EndReason?.Contains("watchdog", StringComparison.Ordinal) == true);
    }

    private static (SimulationClock Clock, SimulatedUnit Unit, CapturingHost Host) Unit(UnitFaults faults)
    {
        var clock = new SimulationClock();
        var unit = new SimulatedUnit(clock, new SimulatedUnitOptions { Faults = faults, FirmwareStarter = FlashBoot.Starter(faults) });
        var host = new CapturingHost();
        unit.ConnectHost(host);
        return (clock, unit, host);
    }

    private static void PowerUpFromFlash(SimulatedUnit unit)
    {
        unit.SetBootStrap(false);
        unit.SetChipEnable(true);
        unit.SetPower(true);
    }

    private sealed class CapturingHost : IUartHostEnd
    {
        private readonly List<(int Baud, byte[] Bytes)> _chunks = [];

        public IReadOnlyList<(int Baud, byte[] Bytes)> Chunks => _chunks;

        public string Text => string.Concat(_chunks.Select(c => Encoding.ASCII.GetString(c.Bytes)));

        public void TransmitToHost(ReadOnlySpan<byte> bytes, int deviceBaud) => _chunks.Add((deviceBaud, bytes.ToArray()));

        public void Clear() => _chunks.Clear();
    }
}
