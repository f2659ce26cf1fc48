using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Hal.Supply;
using Fixture.Protocol.Wire;
using Polly;

namespace Fixture.Controller.Workflow;

/// <summary>Powering the unit up and down, with the safety checks that come first.</summary>
internal sealed partial class UnitWorkflow
{
    private Protocol.Wire.ByteChannel _channel = null!;

    private async Task<UnitTrigger> PowerUpAsync(CancellationToken cancellationToken)
    {
        _channel = _socket.OpenChannel(_settings.BootromBaud(SerialConfig));
        _attempt.BytesSentBefore = _channel.BytesSent;
        _attempt.AdapterIdentity = _socket.Link.AdapterIdentity;
        CheckInterlocks();
        if (_socket.Monitor is { } monitor)
        {
            // TX is held low (break) since the port opened: an idle-high TX would read as a live rail.
            var before = monitor.Read();
            _attempt.RailBeforePowerOn = before.BusVoltage;
            _attempt.RailLimit = _socket.Thresholds!.LiveRail;
            if (_socket.Thresholds.IsLive(before))
            {
                throw new LiveRailException(before, _socket.Thresholds.LiveRail);
            }
        }

        if (_settings.Config.ProbePortBeforePower)
        {
            await ProbePortAsync(cancellationToken);
        }

        await _gate.WaitTurnAsync(_socket.Number - 1, _socket.Time, cancellationToken);
        CheckInterlocks();
        await _socket.Sequences.EnterDownloadModeAsync(cancellationToken);
        return UnitTrigger.Powered;
    }

    /// <summary>
    /// One 0x55 burst while this socket's unit is still unpowered: whatever answers is another socket's
    /// powered unit (a crossed port) or a back-fed unit, and flashing through it would flash the wrong unit.
    /// </summary>
    private async Task ProbePortAsync(CancellationToken cancellationToken)
    {
        _socket.Link.SetBreak(false);
        try
        {
            var probe = new HandshakeOptions { Attempts = 1, ReplyTimeout = TimeSpan.FromMilliseconds(60), SettleAfterOk = TimeSpan.Zero };
            await AutoBaudHandshake.RunAsync(_channel, _settings.BootromBaud(SerialConfig), probe, "probe", cancellationToken);
        }
        catch (HandshakeFailedException)
        {
            return; // silence: the port reaches nothing powered, as it should
        }
        finally
        {
            _socket.Link.SetBreak(true);
        }

        throw new StationFaultException(
            $"{_socket.Label}: port {_socket.Link.PortName} answered a bootrom handshake while this socket's unit was unpowered: "
            + "the port belongs to another socket's unit (crossed cables) or the unit is back-fed. Check which adapter is wired to which socket.");
    }

    /// <summary>The lid/guard and ESD inputs gate POWER: an open lid stops the attempt before anything is powered.</summary>
    private void CheckInterlocks()
    {
        if (_socket.Guard is { IsActive: false } guard)
        {
            throw new UnitAbortedException($"{guard.Name} is open: close the lid/guard, then start again.");
        }

        if (_socket.Esd is { IsActive: false } esd)
        {
            throw new UnitAbortedException($"{esd.Name} reports the operator is not grounded: put on the wrist strap, then start again.");
        }
    }

    private Task<UnitTrigger> EnterBootloaderAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CheckSupplyAfterPowerOn();
        return Task.FromResult(UnitTrigger.InDownloadMode);
    }

    /// <summary>A short is cut at once (this socket only); a sagging rail at normal current is the station's supply; high current is a weak unit.</summary>
    private void CheckSupplyAfterPowerOn()
    {
        if (_socket.Monitor is not { } monitor)
        {
            return;
        }

        var thresholds = _socket.Thresholds!;
        var reading = monitor.Read();
        _attempt.BootromCurrent = reading.Current;
        _attempt.BootromCurrentMin = thresholds.BootromMin;
        _attempt.BootromCurrentMax = thresholds.BootromMax;
        if (thresholds.IsShort(reading))
        {
            ReleaseLines();
            throw new UnitFailureException(FailureCode.Short, string.Create(CultureInfo.InvariantCulture,
                $"{_socket.Label}: the unit drew {reading.Current.Milliamperes:0} mA at power-on (short limit {thresholds.Short.Milliamperes:0} mA) with the rail at {reading.BusVoltage.Volts:0.00} V; its power was cut."));
        }

        if (thresholds.IsSag(reading))
        {
            throw new StationFaultException(string.Create(CultureInfo.InvariantCulture,
                $"{_socket.Label}: the powered rail reads {reading.BusVoltage.Volts:0.00} V at a normal {reading.Current.Milliamperes:0.0} mA (below {thresholds.Sag.Volts:0.00} V): the station's 3.3 V supply sags. Check the bench supply and its wiring; the unit is not to blame."));
        }

        if (reading.Current > thresholds.BootromMax)
        {
            _attempt.MarkWeakSupply(string.Create(CultureInfo.InvariantCulture,
                $"draws {reading.Current.Milliamperes:0.0} mA in the bootrom (expected {thresholds.BootromMin.Milliamperes:0}–{thresholds.BootromMax.Milliamperes:0} mA)"));
        }
    }

    /// <summary>
    /// Power, BOOT and CHIP_EN de-energised with TX held low, and where a monitor exists the rail
    /// confirmed discharged. Runs on every path, also after an abort (with its own deadline, not the
    /// attempt's token); a failure here is the station's.
    /// </summary>
    private async Task PowerDownAsync()
    {
        try
        {
            var pipeline = new ResiliencePipelineBuilder { TimeProvider = _socket.Time }.AddTimeout(_settings.PowerDownTimeout).Build();
            var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, CancellationToken.None);
            try
            {
                var result = await pipeline.ExecuteAsync(
                    async (ctx, workflow) => await workflow._socket.Sequences.PowerOffAsync(TimeSpan.Zero, ctx.CancellationToken),
                    context,
                    this);
                if (result.Discharged == false)
                {
                    _attempt.Note(string.Create(CultureInfo.InvariantCulture, $"rail still {result.RailAtEnd?.BusVoltage.Volts:0.00} V after power-off"));
                }
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ReleaseLines();
            _attempt.Fail(FailureCode.FixtureFault, nameof(UnitState.PoweringDown), $"{_socket.Label}: powering the unit down failed: {e.Message}");
        }

        _next = UnitTrigger.PoweredDown;
    }

    private Hal.Configuration.SerialConfig SerialConfig => _socket.Serial;
}
