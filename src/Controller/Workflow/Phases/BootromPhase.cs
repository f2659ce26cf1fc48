using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Hal.Lines;
using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Wire;
using Polly;
using Polly.Retry;

namespace Fixture.Controller.Workflow.Phases;

/// <summary>
/// The bootrom: its handshake, each try after the first power-cycling the unit (Polly retries within the
/// handshake step's timeout), then the boot info and, from its chip id, whether the unit is flashed at all.
/// </summary>
internal sealed class BootromPhase
{
    private readonly PowerPhase _power;
    private readonly int _powerCycles;
    private readonly ResiliencePipeline _handshake;

    public BootromPhase(WorkflowSettings settings, TimeProvider time, PowerPhase power)
    {
        _power = power;
        _powerCycles = settings.Config.HandshakePowerCycles;
        _handshake = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(settings.HandshakeTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _powerCycles - 1,
                Delay = TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder().Handle<HandshakeFailedException>(),
                OnRetry = args =>
                {
                    UnitResilience.UnitOf(args.Context).Attempt.TotalRetries++;
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// Each try after the first power-cycles the unit: off for a time that grows from try to try (TX held
    /// low by a break, the rail confirmed low where a monitor exists), then BOOT asserted and CHIP_EN
    /// pulsed; the port is drained and synced. Every try is shown with its off-time. A restart (a lost
    /// helper or loader) power-cycles before its first try too. Then the boot info: a locked chip is
    /// refused, and a unit its history sends to rework is not flashed.
    /// </summary>
    /// <exception cref="UnitFailureException">No answer on any power cycle (NO_HANDSHAKE, or WEAK_SUPPLY when the unit drew too much).</exception>
    /// <exception cref="UnitReworkException">The unit's history sends it to rework.</exception>
    /// <exception cref="ChipLockedException">Sign or encrypt eFuses are set.</exception>
    public async Task HandshakeAsync(UnitContext unit, CancellationToken cancellationToken)
    {
        var socket = unit.Socket;
        var attempt = unit.Attempt;
        var bootrom = unit.Bootrom = new BootromClient(unit.Channel!, unit.Time, unit.Settings.Profile.Bootrom);
        var baud = unit.Settings.BootromBaud(socket.Serial);
        if (socket.Link.BaudRate != baud)
        {
            // A restart after a lost loader: the port still runs at the loader's rate.
            socket.Link.SetBaudRate(baud);
        }

        var tries = new HandshakeTries(this, bootrom, baud, restart: unit.Restarting);
        unit.Restarting = false;
        try
        {
            await UnitResilience.RunAsync(_handshake, unit, tries, static (context, tries) => tries.TryAsync(context), cancellationToken);
        }
        catch (HandshakeFailedException e)
        {
            attempt.HandshakeAttempts = tries.Cycle;
            var detail = $"no answer to the bootrom handshake on {tries.Cycle} power cycle(s) (off-times: {(tries.OffTimes.Count == 0 ? "none" : string.Join(", ", tries.OffTimes))}): {(tries.First ?? e).Message}";
            var code = attempt.WeakSupply ? FailureCode.WeakSupply : FailureCode.NoHandshake;
            throw new UnitFailureException(code, attempt.WeakSupply ? $"{attempt.WeakSupplyReason}; {detail}" : detail, e);
        }

        attempt.HandshakeAttempts = tries.Cycle;
        attempt.PowerOffThatWorked = tries.LastOff;

        // The bootrom answered: BOOT has done its work (manual: the operator may let go of the pad).
        await socket.Sequences.ReleaseBootAsync(cancellationToken);

        // A late answer says something about the supply only where the tries before it were real power cycles.
        if (tries.Cycle >= unit.Settings.Config.WeakSupplyFromCycle && !tries.Restart && socket.Wiring.SwitchesPower())
        {
            attempt.MarkWeakSupply($"answered only on power cycle {tries.Cycle} of {_powerCycles}, after {tries.LastOff?.TotalMilliseconds:0} ms off (off-times: {string.Join(", ", tries.OffTimes)})");
        }

        var info = unit.BootInfo = await bootrom.GetBootInfoAsync(cancellationToken);
        attempt.Boot2LogDisabled = info.SwConfig0.UartLogDisable;
        if (!info.MacCheckPasses)
        {
            attempt.Note($"boot info: chip id {info.ChipId} fails its zero-bit check ({info.MacZeroBitCount} stored)");
        }

        // The chip id (eFuse slot 0) is the unit's key for retests and rework: known before any helper runs.
        UnitRecognition.Recognise(unit, info.ChipId);

        if (info.IsLocked)
        {
            throw new ChipLockedException(unit.Channel!.Name, info);
        }
    }

    /// <summary>One handshake step's tries: what each try did, for the report's detail.</summary>
    private sealed class HandshakeTries(BootromPhase phase, BootromClient bootrom, int baud, bool restart)
    {
        public bool Restart { get; } = restart;

        /// <summary>Tries so far (power cycles, the first counted although it is no cycle).</summary>
        public int Cycle { get; private set; }

        public List<string> OffTimes { get; } = [];

        public TimeSpan? LastOff { get; private set; }

        /// <summary>The first try's failure, the one the detail names.</summary>
        public HandshakeFailedException? First { get; private set; }

        public async ValueTask<bool> TryAsync(ResilienceContext context)
        {
            var unit = UnitResilience.UnitOf(context);
            var ct = context.CancellationToken;
            Cycle++;
            if (Cycle > 1 || Restart)
            {
                var cycles = phase._powerCycles;
                var off = unit.Settings.Timings.PowerOffFor(Restart ? Cycle : Cycle - 1);
                unit.Observer.Show($"power-cycle {Cycle} of {cycles}: off {off.TotalMilliseconds:0} ms", force: true, retry: $"power-cycle {Cycle} of {cycles}, off {off.TotalMilliseconds:0} ms");
                var result = await phase._power.PowerCycleAsync(unit, off, ct);
                LastOff = result.OffTime;
                OffTimes.Add(string.Create(CultureInfo.InvariantCulture, $"{result.OffTime.TotalMilliseconds:0} ms{(result.Discharged == false ? " (rail did not discharge)" : "")}"));
            }

            try
            {
                await bootrom.HandshakeAsync(baud, ct);
            }
            catch (HandshakeFailedException e)
            {
                First ??= e;
                throw;
            }

            return true;
        }
    }
}
