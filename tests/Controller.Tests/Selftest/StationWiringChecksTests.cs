using Fixture.Controller.Selftest;
using Fixture.Hal.Lines;
using Fixture.Hal.Supply;
using Fixture.Simulator.Timing;
using Fixture.Simulator.Uart;
using Fixture.Simulator.Unit;
using UnitsNet;

namespace Fixture.Controller.Tests.Selftest;

/// <summary>
/// The selftest's checks that move the station's own wiring (the bootrom port probe and the relay toggle),
/// run against simulated units behind simulated links and relays on one modelled clock, so a crossed cable,
/// an empty socket, a relay that does not switch and a contact stuck closed are real conditions, not flags.
/// </summary>
public sealed class StationWiringChecksTests
{
    private static readonly SocketTimings Timings = new(
        ResetHold: TimeSpan.FromMilliseconds(20),
        Settle: TimeSpan.FromMilliseconds(50),
        PowerOff: TimeSpan.FromMilliseconds(500),
        PowerOffGrowth: 1.5,
        PowerOffMax: TimeSpan.FromSeconds(2),
        DischargeTimeout: TimeSpan.FromSeconds(2),
        BreakLead: TimeSpan.FromMilliseconds(2));

    private static readonly SupplyThresholds Limits = new(
        ElectricPotential.FromVolts(1.0),
        ElectricPotential.FromVolts(0.3),
        ElectricCurrent.FromMilliamperes(3),
        ElectricCurrent.FromMilliamperes(15),
        ElectricCurrent.FromMilliamperes(400),
        ElectricPotential.FromVolts(3.0));

    [Fact]
    public void With_straight_cables_each_socket_s_unit_answers_on_its_own_port_only()
    {
        var bench = new Bench(2);
        bench.Cable(1, toUnitOf: 1);
        bench.Cable(2, toUnitOf: 2);

        var findings = bench.RunPortOwnership();

        Assert.All(findings, f => Assert.Equal(SelftestLevel.Ok, f.Level));
        Assert.Equal([1, 2], findings.Select(f => f.Socket));
    }

    [Fact]
    public void Swapped_cables_of_sockets_1_and_2_are_found_by_powering_one_unit_at_a_time_and_name_both_sockets()
    {
        var bench = new Bench(3);
        bench.Cable(1, toUnitOf: 2);
        bench.Cable(2, toUnitOf: 1);
        bench.Cable(3, toUnitOf: 3);

        var findings = bench.RunPortOwnership();

        var swap = findings.Where(f => f.Level == SelftestLevel.Problem).ToList();
        Assert.Equal([1, 2], swap.Select(f => f.Socket));
        Assert.All(swap, f => Assert.Contains("the ports of sockets 1 and 2 are swapped", f.Text, StringComparison.Ordinal));
        Assert.Equal(SelftestLevel.Ok, findings.Single(f => f.Socket == 3).Level);
        // Every unit was switched off again after its turn.
        Assert.All(bench.PowerClosed, Assert.False);
    }

    [Fact]
    public void A_socket_without_a_unit_answers_on_no_port_and_the_finding_says_to_put_one_in()
    {
        var bench = new Bench(2);
        bench.Cable(1, toUnitOf: 1);
        bench.Cable(2, toUnitOf: null);

        var findings = bench.RunPortOwnership();

        var empty = findings.Single(f => f.Socket == 2);
        Assert.Equal(SelftestLevel.Problem, empty.Level);
        Assert.Contains("no port answered", empty.Text, StringComparison.Ordinal);
        Assert.Equal(SelftestLevel.Ok, findings.Single(f => f.Socket == 1).Level);
    }

    [Fact]
    public void A_relay_that_switches_the_rail_is_seen_on_off_and_off_again()
    {
        var bench = new Bench(1);

        var finding = Assert.Single(bench.RunRelayToggle(monitor: true));

        Assert.Equal(SelftestLevel.Ok, finding.Level);
        Assert.Contains("POWER relay switches the rail", finding.Text, StringComparison.Ordinal);
        Assert.Equal([false], bench.PowerClosed);
    }

    [Fact]
    public void A_relay_that_never_closes_is_a_problem_naming_the_socket()
    {
        var bench = new Bench(1) { RelayWorks = false };

        var finding = Assert.Single(bench.RunRelayToggle(monitor: true));

        Assert.Equal(SelftestLevel.Problem, finding.Level);
        Assert.Contains("socket 1's POWER relay was closed but its rail read only 0.00 V", finding.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rail_live_before_the_relay_closes_is_a_problem_and_the_relay_is_not_toggled()
    {
        var bench = new Bench(1);
        bench.Units[0].SetPower(true); // powered from elsewhere: a contact stuck closed or a second supply

        var finding = Assert.Single(bench.RunRelayToggle(monitor: true));

        Assert.Equal(SelftestLevel.Problem, finding.Level);
        Assert.Contains("is live", finding.Text, StringComparison.Ordinal);
        Assert.Equal(0, bench.PowerOperations);
    }

    [Fact]
    public void A_socket_without_a_supply_monitor_is_a_warning_not_a_pass()
    {
        var bench = new Bench(1);

        var finding = Assert.Single(bench.RunRelayToggle(monitor: false));

        Assert.Equal(SelftestLevel.Warning, finding.Level);
        Assert.Contains("no supply monitor", finding.Text, StringComparison.Ordinal);
    }

    /// <summary>Sockets of simulated units, their relays driving the units' pins, their links cabled as a test says.</summary>
    private sealed class Bench
    {
        private readonly SimulationClock _clock = new();
        private readonly List<SimulatedSerialLink> _links = [];

        public Bench(int sockets)
        {
            for (var i = 0; i < sockets; i++)
            {
                Units.Add(new SimulatedUnit(_clock, new SimulatedUnitOptions { Name = $"unit {i + 1}" }));
                _links.Add(new SimulatedSerialLink($"sim:probe-{i + 1}", _clock));
                PowerClosed.Add(false);
            }
        }

        public List<SimulatedUnit> Units { get; } = [];

        /// <summary>False: the POWER relay's contacts never close (a dead coil or driver).</summary>
        public bool RelayWorks { get; init; } = true;

        public int PowerOperations { get; private set; }

        /// <summary>The last state each socket's POWER relay was driven to.</summary>
        public List<bool> PowerClosed { get; } = [];

        public void Cable(int socket, int? toUnitOf)
        {
            if (toUnitOf is { } unit)
            {
                _links[socket - 1].Attach(Units[unit - 1], Units[unit - 1]);
            }
        }

        public IReadOnlyList<SelftestFinding> RunPortOwnership()
        {
            var sockets = Enumerable.Range(1, Units.Count).ToList();
            using var probe = new BootromPortProbe(
                [.. sockets.Select(n => new ProbedSocket(n, new SocketSequences(Lines(n), Timings, _clock, _links[n - 1]), _links[n - 1], 500_000))],
                _clock,
                Timings.PowerOffMax);
            var check = new PortOwnershipCheck([.. sockets.Select(n => new SelftestSocket(n, _links[n - 1].PortName))], probe);
            return VirtualTime.Run(_clock, () => check.RunAsync(CancellationToken.None));
        }

        public IReadOnlyList<SelftestFinding> RunRelayToggle(bool monitor)
        {
            var sockets = Enumerable.Range(1, Units.Count).ToList();
            var check = new RelayToggleCheck(
                [.. sockets.Select(n => new RelaySocket(n, Lines(n).Power, monitor ? new RailMonitor(Units[n - 1]) : null, monitor ? Limits : null))],
                _clock,
                TimeSpan.FromMilliseconds(200),
                Timings.DischargeTimeout);
            return VirtualTime.Run(_clock, () => check.RunAsync(CancellationToken.None));
        }

        private SocketLines Lines(int socket)
        {
            var unit = Units[socket - 1];
            return new SocketLines(
                new Line($"socket {socket} POWER", on =>
                {
                    PowerOperations++;
                    PowerClosed[socket - 1] = on;
                    if (RelayWorks)
                    {
                        unit.SetPower(on);
                    }
                }),
                new Line($"socket {socket} BOOT", unit.SetBootStrap),
                new Line($"socket {socket} CHIP_EN", held => unit.SetChipEnable(!held)));
        }
    }

    private sealed class Line(string name, Action<bool> drive) : IControlLine
    {
        public string Name => name;

        public bool IsAsserted { get; private set; }

        public void Set(bool asserted)
        {
            IsAsserted = asserted;
            drive(asserted);
        }
    }

    /// <summary>An INA-like monitor reading the simulated unit's rail as the chip would.</summary>
    private sealed class RailMonitor(SimulatedUnit unit) : ISupplyMonitor
    {
        public string Name => "rail monitor";

        public SupplyReading Read() => new(ElectricPotential.FromVolts(unit.RailVolts), ElectricCurrent.FromAmperes(unit.CurrentAmps));

        public void Dispose()
        {
        }
    }
}
