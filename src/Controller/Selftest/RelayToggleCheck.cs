using System.Globalization;
using Fixture.Hal.Lines;
using Fixture.Hal.Supply;

namespace Fixture.Controller.Selftest;

/// <summary>One socket's POWER relay and, where the socket has one, the supply monitor that sees its rail.</summary>
public sealed record RelaySocket(int Number, IControlLine Power, ISupplyMonitor? Monitor, SupplyThresholds? Thresholds);

/// <summary>
/// Each socket's POWER relay toggles (issue 12 §1), seen by its supply monitor: the rail reads discharged
/// with the relay open, live a moment after it closes, and discharged again after it opens. A rail that is
/// live before the relay closes is a stuck contact or a back-powered unit; one that never comes up is a
/// relay (or its driver) that does not switch; one that stays up is a contact welded shut. A socket without
/// a monitor is a warning: its relay cannot be seen from here. Only POWER moves: the unit in the socket (if
/// any) starts its own firmware for a moment and is switched off again.
/// </summary>
public sealed class RelayToggleCheck(IReadOnlyList<RelaySocket> sockets, TimeProvider time, TimeSpan onTime, TimeSpan dischargeTimeout) : ISelftestCheck
{
    public string Name => "relay-toggle";

    public async Task<IReadOnlyList<SelftestFinding>> RunAsync(CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        ArgumentNullException.ThrowIfNull(time);
        var findings = new List<SelftestFinding>();
        foreach (var socket in sockets)
        {
            findings.Add(await ToggleAsync(socket, ct));
        }

        return findings;
    }

    private async Task<SelftestFinding> ToggleAsync(RelaySocket socket, CancellationToken ct)
    {
        if (socket.Monitor is not { } monitor || socket.Thresholds is not { } limits)
        {
            return Finding(socket, SelftestLevel.Warning, $"socket {socket.Number} has no supply monitor, so its POWER relay cannot be seen switching: watch it (its click, the unit's LED) at the first unit.");
        }

        var before = monitor.Read();
        if (limits.IsLive(before))
        {
            return Finding(socket, SelftestLevel.Problem, $"the rail of socket {socket.Number} is live ({Volts(before)}) with its POWER relay open: a contact stuck closed, or the unit powered from elsewhere (its UART adapter, a second supply). Do not produce on socket {socket.Number}: check the relay and the wiring.");
        }

        SupplyReading on;
        try
        {
            socket.Power.Set(true);
            on = await ReadAfterAsync(monitor, onTime, ct);
        }
        finally
        {
            socket.Power.Set(false);
        }

        var off = await WaitDischargedAsync(monitor, limits, ct);
        if (!limits.IsLive(on))
        {
            return Finding(socket, SelftestLevel.Problem, $"socket {socket.Number}'s POWER relay was closed but its rail read only {Volts(on)} (needs {limits.LiveRail.Volts.ToString("0.0##", CultureInfo.InvariantCulture)} V): the relay, its driver or the 3.3 V supply does not switch. Check them before producing on socket {socket.Number}.");
        }

        if (!limits.IsDischarged(off))
        {
            return Finding(socket, SelftestLevel.Problem, $"socket {socket.Number}'s rail stayed at {Volts(off)} after its POWER relay opened: a contact welded shut or a unit powered from elsewhere. Do not produce on socket {socket.Number}: replace the relay or find the second supply.");
        }

        return Finding(socket, SelftestLevel.Ok, $"POWER relay switches the rail: {Volts(before)} open, {Volts(on)} closed, {Volts(off)} open again.");
    }

    private async Task<SupplyReading> ReadAfterAsync(ISupplyMonitor monitor, TimeSpan wait, CancellationToken ct)
    {
        await Task.Delay(wait, time, ct);
        return monitor.Read();
    }

    private async Task<SupplyReading> WaitDischargedAsync(ISupplyMonitor monitor, SupplyThresholds limits, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var reading = monitor.Read();
        while (!limits.IsDischarged(reading) && time.GetElapsedTime(started) < dischargeTimeout)
        {
            reading = await ReadAfterAsync(monitor, SocketTimings.DischargePollInterval, ct);
        }

        return reading;
    }

    private static string Volts(SupplyReading reading) => reading.BusVoltage.Volts.ToString("0.00", CultureInfo.InvariantCulture) + " V";

    private SelftestFinding Finding(RelaySocket socket, SelftestLevel level, string text) => new(Name, socket.Number, level, text);
}
