using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Hal.Lines;
using Fixture.Hal.Supply;
using Fixture.Protocol.Wire;
using Polly;

namespace Fixture.Controller.Workflow.Phases;

/// <summary>
/// Powering the unit up with the straps for download mode (BOOT high, CHIP_EN held, then released),
/// power-cycling it between handshake tries, and powering it down — with the safety checks that come
/// first: the lid/guard and ESD interlocks, a live rail before power-on, a port that answers while the
/// unit is unpowered, a short, a sagging station supply.
/// </summary>
internal sealed class PowerPhase
{
    private readonly PowerOnGate _gate;
    private readonly ResiliencePipeline _powerDown;

    public PowerPhase(WorkflowSettings settings, TimeProvider time, PowerOnGate gate)
    {
        _gate = gate;
        _powerDown = UnitResilience.Timeout(time, settings.PowerDownTimeout);
    }

    /// <summary>
    /// Opens the port (TX held low), checks the interlocks, the rail and the port, waits for this socket's
    /// turn to power on, and powers the unit up in download mode (hold and settle as the station's timing says).
    /// </summary>
    public async Task PowerUpAsync(UnitContext unit, CancellationToken cancellationToken)
    {
        var socket = unit.Socket;
        var attempt = unit.Attempt;
        var channel = unit.Channel = socket.OpenChannel(unit.Settings.BootromBaud(socket.Serial));
        attempt.BytesSentBefore = channel.BytesSent;
        attempt.AdapterIdentity = socket.Link.AdapterIdentity;
        CheckConsoleReadable(unit);
        CheckInterlocks(unit);
        if (socket.Monitor is { } monitor)
        {
            // TX is held low (break) since the port opened: an idle-high TX would read as a live rail.
            var before = monitor.Read();
            attempt.RailBeforePowerOn = before.BusVoltage;
            attempt.RailLimit = socket.Thresholds!.LiveRail;
            if (socket.Thresholds.IsLive(before))
            {
                throw new LiveRailException(before, socket.Thresholds.LiveRail);
            }
        }

        // Only a socket that switches POWER has an unpowered unit to probe past: elsewhere the unit is powered already.
        if (unit.Settings.Config.ProbePortBeforePower && socket.Wiring.SwitchesPower())
        {
            await ProbePortAsync(unit, channel, cancellationToken);
        }

        await _gate.WaitTurnAsync(socket.Number - 1, socket.Time, cancellationToken);
        CheckInterlocks(unit);
        await socket.Sequences.EnterDownloadModeAsync(cancellationToken);
        ReleaseBreak(socket);
    }

    /// <summary>The firmware's console rate, which the boot check reads whatever the loader ran at.</summary>
    public static int ConsoleBaud(UnitContext unit) => unit.Settings.Recipe.ConsoleBaudRate;

    /// <summary>
    /// The words for an adapter that cannot receive the firmware's console (issue 14 §2): it can flash, but the boot
    /// check is impossible, so that is said once as a FIXTURE_FAULT, not as a BOOT_SILENT on every unit.
    /// </summary>
    public static string ConsoleUnreadableText(int consoleBaud) => consoleBaud == 2_000_000
        ? "this adapter cannot read OpenBL602's 2 Mbaud console: the boot check is impossible; use a CP2102N, CH340 or FT232R"
        : string.Create(CultureInfo.InvariantCulture, $"this adapter cannot read the firmware's {consoleBaud} baud console: the boot check is impossible; use a CP2102N, CH340 or FT232R");

    /// <summary>
    /// Before anything is powered: an adapter known not to receive the console rate (the original CP2102's fixed table,
    /// or a link that says so) makes this unit a FIXTURE_FAULT and the socket refuses further starts, said once.
    /// </summary>
    private static void CheckConsoleReadable(UnitContext unit)
    {
        var socket = unit.Socket;
        var console = ConsoleBaud(unit);
        if (socket.CanReceive(console))
        {
            return;
        }

        var adapter = socket.AdapterLimit is { } limit ? $"{limit.Name} on {socket.Link.PortName}" : $"the adapter on {socket.Link.PortName}";
        var text = $"{socket.Label}: {ConsoleUnreadableText(console)} ({adapter}; nothing was powered or flashed)";
        socket.ConsoleUnreadable = $"{socket.Label}: {ConsoleUnreadableText(console)} ({adapter}); replace the adapter, then restart the station";
        throw new StationFaultException(text);
    }

    /// <summary>TX back to idle-high for the bootrom: wirings whose sequences do not touch the port (manual, none) leave the break of the open port on.</summary>
    private static void ReleaseBreak(SocketEnvironment socket)
    {
        if (socket.Link.IsOpen)
        {
            socket.Link.SetBreak(false);
        }
    }

    /// <summary>
    /// One try's power cycle: off for <paramref name="offTime"/> (TX held low, the rail confirmed low where
    /// a monitor exists), then, interlocks and power-on turn permitting, on again in download mode.
    /// </summary>
    public async Task<PowerOffResult> PowerCycleAsync(UnitContext unit, TimeSpan offTime, CancellationToken cancellationToken)
    {
        var socket = unit.Socket;
        if (!socket.Wiring.DrivesStraps())
        {
            // Nobody to cycle it (none), or the operator, whom a handshake's deadline must not hurry (manual): the
            // next try is the same unit in the same state after the same pause.
            await Task.Delay(offTime, socket.Time, cancellationToken);
            return new PowerOffResult(TimeSpan.Zero, TxHeldLow: false, RailAtEnd: null, Discharged: null);
        }

        var result = await socket.Sequences.PowerOffAsync(offTime, cancellationToken);
        CheckInterlocks(unit);
        await _gate.WaitTurnAsync(socket.Number - 1, socket.Time, cancellationToken);
        await socket.Sequences.EnterDownloadModeAsync(cancellationToken);
        ReleaseBreak(socket);
        CheckSupplyAfterPowerOn(unit);
        return result;
    }

    /// <summary>A short is cut at once (this socket only); a sagging rail at normal current is the station's supply; high current is a weak unit.</summary>
    public static void CheckSupplyAfterPowerOn(UnitContext unit)
    {
        var socket = unit.Socket;
        if (socket.Monitor is not { } monitor)
        {
            return;
        }

        var attempt = unit.Attempt;
        var thresholds = socket.Thresholds!;
        var reading = monitor.Read();
        attempt.BootromCurrent = reading.Current;
        attempt.BootromCurrentMin = thresholds.BootromMin;
        attempt.BootromCurrentMax = thresholds.BootromMax;
        if (thresholds.IsShort(reading))
        {
            ReleaseLines(unit);
            throw new UnitFailureException(FailureCode.Short, string.Create(CultureInfo.InvariantCulture,
                $"{socket.Label}: the unit drew {reading.Current.Milliamperes:0} mA at power-on (short limit {thresholds.Short.Milliamperes:0} mA) with the rail at {reading.BusVoltage.Volts:0.00} V; its power was cut."));
        }

        if (thresholds.IsSag(reading))
        {
            throw new StationFaultException(string.Create(CultureInfo.InvariantCulture,
                $"{socket.Label}: the powered rail reads {reading.BusVoltage.Volts:0.00} V at a normal {reading.Current.Milliamperes:0.0} mA (below {thresholds.Sag.Volts:0.00} V): the station's 3.3 V supply sags. Check the bench supply and its wiring; the unit is not to blame."));
        }

        if (reading.Current > thresholds.BootromMax)
        {
            attempt.MarkWeakSupply(string.Create(CultureInfo.InvariantCulture,
                $"draws {reading.Current.Milliamperes:0.0} mA in the bootrom (expected {thresholds.BootromMin.Milliamperes:0}–{thresholds.BootromMax.Milliamperes:0} mA)"));
        }
    }

    /// <summary>
    /// Power, BOOT and CHIP_EN de-energised with TX held low, and where a monitor exists the rail
    /// confirmed discharged. Runs on every path, also after an abort (with its own deadline, not the
    /// attempt's token); a failure here is the station's, recorded on the attempt; never throws.
    /// </summary>
    public async Task PowerDownAsync(UnitContext unit)
    {
        try
        {
            var result = await UnitResilience.RunAsync(
                _powerDown,
                unit,
                unit.Socket.Sequences,
                static async (context, sequences) => await sequences.PowerOffAsync(TimeSpan.Zero, context.CancellationToken),
                CancellationToken.None);
            if (result.Discharged == false)
            {
                unit.Attempt.Note(string.Create(CultureInfo.InvariantCulture, $"rail still {result.RailAtEnd?.BusVoltage.Volts:0.00} V after power-off"));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ReleaseLines(unit);
            unit.Attempt.Fail(FailureCode.FixtureFault, nameof(UnitState.PoweringDown), $"{unit.Socket.Label}: powering the unit down failed: {e.Message}");
        }
    }

    /// <summary>Every line of the socket released; a line that cannot be is told to the technician at once.</summary>
    public static void ReleaseLines(UnitContext unit)
    {
        try
        {
            unit.Socket.Lines.ReleaseAll();
        }
        catch (AggregateException e)
        {
            unit.Observer.Error($"{unit.Socket.Label}: {e.InnerExceptions[0].Message} Switch the station's supply off by hand.");
        }
    }

    /// <summary>The lid/guard and ESD inputs gate POWER: an open lid stops the attempt before anything is powered.</summary>
    private static void CheckInterlocks(UnitContext unit)
    {
        if (unit.Socket.Guard is { IsActive: false } guard)
        {
            throw new UnitAbortedException($"{guard.Name} is open: close the lid/guard, then start again.");
        }

        if (unit.Socket.Esd is { IsActive: false } esd)
        {
            throw new UnitAbortedException($"{esd.Name} reports the operator is not grounded: put on the wrist strap, then start again.");
        }
    }

    /// <summary>
    /// One 0x55 burst while this socket's unit is still unpowered: whatever answers is another socket's
    /// powered unit (a crossed port) or a back-fed unit, and flashing through it would flash the wrong unit.
    /// </summary>
    private static async Task ProbePortAsync(UnitContext unit, ByteChannel channel, CancellationToken cancellationToken)
    {
        var socket = unit.Socket;
        socket.Link.SetBreak(false);
        try
        {
            await AutoBaudHandshake.RunAsync(channel, unit.Settings.BootromBaud(socket.Serial), unit.Settings.Profile.PortProbe, "probe", cancellationToken);
        }
        catch (HandshakeFailedException)
        {
            return; // silence: the port reaches nothing powered, as it should
        }
        finally
        {
            socket.Link.SetBreak(true);
        }

        throw new StationFaultException(
            $"{socket.Label}: port {socket.Link.PortName} answered a bootrom handshake while this socket's unit was unpowered: "
            + "the port belongs to another socket's unit (crossed cables) or the unit is back-fed. Check which adapter is wired to which socket.");
    }
}
