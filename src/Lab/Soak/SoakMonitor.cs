using System.Text.RegularExpressions;
using Fixture.Controller.Reports;
using Fixture.Controller.Simulation;
using Fixture.Controller.Station;
using Fixture.Hal.Lines;
using Fixture.Protocol.BootLog;
using Fixture.Protocol.Plans;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Hardware;
using Fixture.Simulator.Unit;

namespace Fixture.Lab.Soak;

/// <summary>One unit of the soak: what was injected, what the table expects, what the station did, what differs.</summary>
public sealed record SoakUnit(int Socket, int UnitIndex, int GlobalIndex, FaultKind? Kind, byte[] Mac, ExpectedOutcome Expected)
{
    /// <summary>The row the station wrote (null until the unit finished).</summary>
    public UnitReportRow? Row { get; set; }

    /// <summary>The fault kinds the simulated unit recorded acting on it (empty: none fired, or none that records events).</summary>
    public IReadOnlySet<FaultKind> Fired { get; set; } = new HashSet<FaultKind>();

    /// <summary>Bytes the unit's line noise corrupted or dropped, both directions.</summary>
    public int LineNoiseHits { get; set; }

    /// <summary>The row says PASS and the simulator agrees: the flash held the plan and the firmware booted (false for every other row).</summary>
    public bool PassConfirmed { get; set; }

    public List<string> Problems { get; } = [];

    public bool Matched => Row is not null && Problems.Count == 0;
}

/// <summary>
/// Watches a soak's station unit by unit, on the sockets' own threads: records what each socket's unit
/// was made with when it is put in, and when its row is on disk checks it against the expectation
/// table, checks that the socket's POWER, BOOT and CHIP_EN are all released (and that POWER was or was
/// never asserted, as the fault requires), that the row's MAC is the unit's own, and that its raw log
/// names no other unit. Every PASS is checked from the simulator's side (<see cref="PassCheck"/>): the flash
/// read as the unit booted from it, and the firmware's own record. What the unit's faults did comes from the
/// unit's record (fault events). Keeps no per-snapshot history, so thousands of units fit.
/// </summary>
internal sealed partial class SoakMonitor : IStationObserver
{
    private readonly Lock _gate = new();
    private readonly List<SoakUnit> _units = [];
    private readonly List<string> _stationProblems = [];
    private readonly Dictionary<int, SoakUnit> _current = [];
    private readonly List<string> _repairs = [];
    private readonly Dictionary<(string Chip, int Pin), int> _powerPins = [];
    private int[] _powerOns = [];
    private FixtureStation? _station;
    private SimulatedStationHardware? _hardware;
    private SimulatedStation? _simulation;
    private FlashPlan? _plan;
    private FlashBootSeen?[] _lastFlashBoot = [];
    private ExpectationContext? _context;

    public IReadOnlyList<SoakUnit> Units
    {
        get
        {
            lock (_gate)
            {
                return [.. _units];
            }
        }
    }

    public IReadOnlyList<string> StationProblems
    {
        get
        {
            lock (_gate)
            {
                return [.. _stationProblems];
            }
        }
    }

    /// <summary>Repairs the report writer made at start-up, as the station announced them.</summary>
    public IReadOnlyList<string> Repairs
    {
        get
        {
            lock (_gate)
            {
                return [.. _repairs];
            }
        }
    }

    /// <summary>Called on the socket's thread once a unit's row has been checked.</summary>
    public Action<SoakUnit>? UnitChecked { get; set; }

    /// <summary>The run ended: a socket that stopped, or a unit put in that never got its row, is a problem of the run.</summary>
    public void Complete(StationRunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        lock (_gate)
        {
            _stationProblems.AddRange(summary.SocketErrors.Select(e => "socket stopped: " + e));
            foreach (var unit in _units.Where(u => u.Row is null))
            {
                _stationProblems.Add($"socket {unit.Socket} unit {unit.UnitIndex + 1} (soak unit {unit.GlobalIndex}) ended without a row on disk");
            }

            if (summary.Outcomes.Count != _units.Count)
            {
                _stationProblems.Add($"{_units.Count} units were put in, but {summary.Outcomes.Count} outcomes were shown");
            }
        }
    }

    /// <summary>Follows <paramref name="station"/>'s POWER lines on its simulated GPIO chips (<paramref name="simulation"/>'s).</summary>
    public void Attach(FixtureStation station, SimulatedStation simulation)
    {
        _station = station;
        _hardware = simulation.Hardware;
        _simulation = simulation;
        _plan = station.Settings.Plan;
        _context = ExpectationContext.From(station.Settings);
        _powerOns = new int[station.SocketCount];
        _lastFlashBoot = new FlashBootSeen?[station.SocketCount];
        simulation.UnitInserted += OnUnitInserted;
        var hardware = _hardware;
        var chips = new HashSet<int>();
        for (var socket = 0; socket < station.SocketCount; socket++)
        {
            var power = station.Config.Sockets[socket].Lines!.Power!;
            var chip = hardware.Chip(power.Chip ?? 0);
            _powerPins[(chip.Name, power.Line!.Value)] = socket;
            if (chips.Add(power.Chip ?? 0))
            {
                chip.OutputChanged += OnOutputChanged;
            }
        }
    }

    /// <summary>The socket's next unit is being put in with these faults and this MAC.</summary>
    public void Inserted(int socketIndex, int unitIndex, int globalIndex, DrawnUnit drawn, byte[] mac)
    {
        var expected = FaultExpectations.For(drawn.Faults, drawn.Station, _context!);
        var unit = new SoakUnit(socketIndex + 1, unitIndex, globalIndex, drawn.Kind, mac, expected);
        lock (_gate)
        {
            _current[socketIndex] = unit;
            _units.Add(unit);
            _powerOns[socketIndex] = 0;
        }
    }

    public void OnUnitFinished(UnitOutcome outcome)
    {
        var row = outcome.Row;
        var socketIndex = row.Socket - 1;
        SoakUnit unit;
        int powerOns;
        lock (_gate)
        {
            if (!_current.TryGetValue(socketIndex, out unit!) || unit.Row is not null)
            {
                _stationProblems.Add($"socket {row.Socket}: a second row (attempt {row.AttemptNumber}) for one unit");
                return;
            }

            unit.Row = row;
            powerOns = _powerOns[socketIndex];
        }

        var simulated = _simulation?.UnitIn(socketIndex);
        var fired = simulated?.Record.Fired ?? [];
        var boots = simulated?.Record.Boots ?? [];
        unit.Fired = fired.Select(f => f.Kind).ToHashSet();
        unit.LineNoiseHits = fired.Count(f => f.Kind == FaultKind.LineNoise);
        unit.Problems.AddRange(unit.Expected.Differences(row, fired, boots));
        if (row.Verdict == UnitVerdict.Pass)
        {
            FlashBootSeen? lastFlashBoot;
            lock (_gate)
            {
                lastFlashBoot = _lastFlashBoot[socketIndex];
            }

            var falsePass = simulated is null ? ["false pass: no simulated unit in the socket to check"] : PassCheck.FalsePassProblems(lastFlashBoot, boots);
            unit.Problems.AddRange(falsePass);
            unit.PassConfirmed = falsePass.Count == 0;
        }

        CheckLines(unit, socketIndex, powerOns);
        CheckIdentity(unit, row);
        UnitChecked?.Invoke(unit);
    }

    public void OnSocketChanged(SocketSnapshot snapshot)
    {
    }

    public void OnStationMessage(StationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (message.Text.StartsWith("report repaired at start-up", StringComparison.Ordinal))
            {
                _repairs.Add(message.Text);
            }
            else if (message.Level == StationMessageLevel.Error)
            {
                _stationProblems.Add(message.Text);
            }
        }
    }

    public void OnCountsChanged(StationCounts counts)
    {
    }

    private void OnUnitInserted(int socketIndex, SimulatedUnit unit)
    {
        lock (_gate)
        {
            _lastFlashBoot[socketIndex] = null;
        }

        unit.FlashBootStarting += (chip, boot) =>
        {
            // On the unit's clock, under its lock, before boot2 reads anything: the flash as the firmware will find it.
            var seen = new FlashBootSeen(boot, PassCheck.PlanDifference(chip.Flash, _plan!));
            lock (_gate)
            {
                _lastFlashBoot[socketIndex] = seen;
            }
        };
    }

    private void CheckLines(SoakUnit unit, int socketIndex, int powerOns)
    {
        var hardware = _hardware!;
        foreach (var signal in Enum.GetValues<SimulatedStationHardware.SocketSignal>())
        {
            if (hardware.IsEnergised(socketIndex, signal))
            {
                unit.Problems.Add($"{signal} still energised after the row was written");
            }
        }

        if (unit.Expected.Powered && powerOns == 0)
        {
            unit.Problems.Add("POWER was never asserted, but the unit should have been powered");
        }
        else if (!unit.Expected.Powered && powerOns > 0)
        {
            unit.Problems.Add($"POWER was asserted {powerOns} time(s), but the unit must never be powered");
        }
    }

    private void CheckIdentity(SoakUnit unit, UnitReportRow row)
    {
        // A soak unit's only MAC is eFuse slot 0: its chip id and the MAC its firmware uses are the same bytes.
        var own = Fixture.Protocol.Identity.MacAddress.FromBytes(unit.Mac).ToString();
        if (row.ChipId is { } chipId && chipId != own)
        {
            unit.Problems.Add($"the row's chip id {chipId} is not this unit's {own}");
        }
        else if (unit.Expected.ChipIdRead && row.ChipId is null && !unit.Expected.IsExplainedFailure(row))
        {
            unit.Problems.Add("the row has no chip id, but the bootrom answered and its boot info should have given it");
        }

        if (row.Mac is { } mac && mac != own)
        {
            unit.Problems.Add($"the row's MAC {mac} is not this unit's {own}");
        }

        if (row.RawLogFile is not { } relative)
        {
            return;
        }

        var path = Path.Combine(_station!.ReportDirectory, relative);
        if (!File.Exists(path))
        {
            unit.Problems.Add($"raw log {relative} is missing");
            return;
        }

        var ownSsid = OpenBl602Ssid.Prefix + Convert.ToHexString(unit.Mac.AsSpan(2));
        foreach (var ssid in SsidPattern().Matches(File.ReadAllText(path)).Select(m => m.Value).Distinct())
        {
            if (ssid != ownSsid)
            {
                unit.Problems.Add($"raw log {relative} holds {ssid}, not only its own {ownSsid}");
            }
        }
    }

    private void OnOutputChanged(object? sender, PinTransition transition)
    {
        if (!_powerPins.TryGetValue((transition.Chip, transition.Pin), out var socket))
        {
            return;
        }

        var polarity = _station!.Config.Sockets[socket].Lines!.Power!.Polarity!.Value;
        if (transition.IsDriving && polarity.IsAsserted(transition.Level))
        {
            Interlocked.Increment(ref _powerOns[socket]);
        }
    }

    [GeneratedRegex("OpenBL602_[0-9A-F]{8}")]
    private static partial Regex SsidPattern();
}
