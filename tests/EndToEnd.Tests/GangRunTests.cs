using System.Text.RegularExpressions;
using Fixture.Controller.Reports;
using Fixture.Lab.Soak;
using Fixture.Controller.Simulation;
using Fixture.Protocol.BootLog;
using Fixture.Simulator.Faults;
using static Fixture.Simulator.Hardware.SimulatedStationHardware;

namespace Fixture.EndToEnd.Tests;

/// <summary>fixture-design §3/§8 gang mode: four sockets in parallel, each with its own faults per unit.</summary>
public sealed partial class GangRunTests
{
    private const int Sockets = 4;
    private const int UnitsPerSocket = 3;

    // Different faults per socket and per unit; station faults on one socket only (it must not stop the others).
    private static readonly SimulatedUnitSetup[][] Plan =
    [
        [Healthy(0, 0), Unit(0, 1, new UnitFaults { WeakSupplyFailedHandshakes = 2 }), Unit(0, 2, new UnitFaults { FirmwareCrashAfter = TimeSpan.FromSeconds(2) })],
        [Unit(1, 0, new UnitFaults { UsedUnit = new UsedUnitState { StationSsid = "HomeNetwork", Gpio16AsButton = true } }), Unit(1, 1, new UnitFaults { SecureBootFusesSet = true }), Unit(1, 2, new UnitFaults { AlreadyFlashed = true })],
        [Unit(2, 0, new UnitFaults { AckMode = LoaderAckMode.BeforeProgrammingDeaf }), Unit(2, 1, new UnitFaults { EraseErrorAt = 0x20000 }), Unit(2, 2, new UnitFaults { LineCorruptionRate = 3e-5 })],
        [new SimulatedUnitSetup(UnitFaults.None, new StationFaults { SaggingSupply = true }, Mac(3, 0)), Healthy(3, 1), Unit(3, 2, new UnitFaults { WriteProtected = true })],
    ];

    [Fact]
    public void Four_sockets_with_mixed_faults_get_every_row_right_with_separate_logs_a_sound_report_and_every_socket_off()
    {
        using var run = SimulatedStationRun.Open(Sockets, (socket, unit) => Plan[socket][unit]);
        run.Run(UnitsPerSocket);

        // The report parses back whole: header once, one whole line per row, nothing torn or interleaved.
        var audit = ReportFileAudit.Check(run.ReportDirectory, run.Station.StationId);
        Assert.True(audit.IsSound, string.Join(Environment.NewLine, audit.Problems));
        Assert.Equal(Sockets * UnitsPerSocket, audit.Rows.Count);

        // Attempt numbers: unique across the station, rising on each socket in the order its units ran.
        Assert.Equal(audit.Rows.Count, audit.Rows.Select(r => r.AttemptNumber).Distinct().Count());
        for (var socket = 0; socket < Sockets; socket++)
        {
            var rows = audit.Rows.Where(r => r.Socket == socket + 1).ToList();
            Assert.Equal(UnitsPerSocket, rows.Count);
            Assert.Equal(rows.OrderBy(r => r.TimestampUtc).Select(r => r.AttemptNumber), rows.Select(r => r.AttemptNumber).Order());
            var ordered = rows.OrderBy(r => r.AttemptNumber).ToList();
            for (var unit = 0; unit < UnitsPerSocket; unit++)
            {
                AssertRow(run, socket, unit, ordered[unit]);
            }

            run.AssertDeenergised(socket, wasPowered: true);
        }

        // Each socket's outcomes reached the operator once per unit.
        Assert.Equal(Sockets * UnitsPerSocket, run.Observer.Outcomes.Count);
    }

    private static void AssertRow(SimulatedStationRun run, int socket, int unit, UnitReportRow row)
    {
        var setup = Plan[socket][unit];
        var expected = run.Expect(setup.Faults, setup.Station);
        var differences = expected.Differences(row);
        var where = $"socket {socket + 1} unit {unit + 1}";
        Assert.True(differences.Count == 0, $"{where}: {string.Join("; ", differences)}; row: {row.FailureCode} in {row.FailedStep}: {row.Detail}");
        Assert.Equal(socket + 1, row.Socket);
        Assert.Equal(expected.ChipIdRead ? Fixture.Protocol.Identity.MacAddress.FromBytes(setup.Mac).ToString() : null, row.ChipId);

        // Every attempt has its raw log (issue 13 §6), and it is this unit's alone: the only SSID in it is the one its own MAC gives.
        Assert.NotNull(row.RawLogFile);
        if (row.RawLogFile is { } file)
        {
            var log = File.ReadAllText(Path.Combine(run.ReportDirectory, file));
            var own = OpenBl602Ssid.Prefix + Convert.ToHexString(setup.Mac.AsSpan(2));
            Assert.All(SsidPattern().Matches(log).Select(m => m.Value), ssid => Assert.True(ssid == own, $"{where}'s log {file} holds {ssid}, not its own {own}"));
            Assert.EndsWith($"_s{socket + 1}_{(row.Mac is null ? "nomac" : Convert.ToHexString(setup.Mac!))}.log", file, StringComparison.Ordinal);
        }
    }

    private static byte[] Mac(int socket, int unit) => [0x70, 0x3E, 0x97, 0x00, (byte)(socket + 1), (byte)(unit + 1)];

    private static SimulatedUnitSetup Healthy(int socket, int unit) => Unit(socket, unit, UnitFaults.None);

    private static SimulatedUnitSetup Unit(int socket, int unit, UnitFaults faults) => new(faults, StationFaults.None, Mac(socket, unit));

    [GeneratedRegex("OpenBL602_[0-9A-F]{8}")]
    private static partial Regex SsidPattern();
}
