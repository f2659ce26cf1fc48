using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Wire;
using Polly;
using Polly.Retry;

namespace Fixture.Controller.Workflow;

/// <summary>The bootrom: handshake with power-cycle retries (Polly), boot info, rework decision, helper load.</summary>
internal sealed partial class UnitWorkflow
{
    private BootromClient _bootrom = null!;
    private bool _restarting;

    /// <summary>
    /// Each try after the first power-cycles the unit: off for a time that grows from try to try (TX held
    /// low by a break, the rail confirmed low where a monitor exists), then BOOT asserted and CHIP_EN
    /// pulsed; the port is drained and synced. Every try is logged with its off-time.
    /// </summary>
    private async Task<UnitTrigger> HandshakeAsync(CancellationToken cancellationToken)
    {
        _bootrom = new BootromClient(_channel, _socket.Time, _settings.Profile.Bootrom);
        var baud = _settings.BootromBaud(SerialConfig);
        if (_socket.Link.BaudRate != baud)
        {
            // A restart after a lost loader: the port still runs at the loader's rate.
            _socket.Link.SetBaudRate(baud);
        }

        var cycles = _settings.Config.HandshakePowerCycles;
        var restart = _restarting;
        _restarting = false;
        var cycle = 0;
        var offTimes = new List<string>();
        TimeSpan? lastOff = null;
        HandshakeFailedException? first = null;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _socket.Time }
            .AddTimeout(_settings.HandshakeTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = cycles - 1,
                Delay = TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder().Handle<HandshakeFailedException>(),
                OnRetry = args =>
                {
                    _attempt.TotalRetries++;
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        try
        {
            await pipeline.ExecuteAsync(
                async ctx =>
                {
                    cycle++;
                    var ct = ctx.CancellationToken;
                    if (cycle > 1 || restart)
                    {
                        var off = _settings.Timings.PowerOffFor(restart ? cycle : cycle - 1);
                        Show($"power-cycle {cycle} of {cycles}: off {off.TotalMilliseconds:0} ms", force: true, attempt: $"power-cycle {cycle} of {cycles}, off {off.TotalMilliseconds:0} ms");
                        var result = await _socket.Sequences.PowerOffAsync(off, ct);
                        lastOff = result.OffTime;
                        offTimes.Add(string.Create(CultureInfo.InvariantCulture, $"{result.OffTime.TotalMilliseconds:0} ms{(result.Discharged == false ? " (rail did not discharge)" : "")}"));
                        CheckInterlocks();
                        await _gate.WaitTurnAsync(_socket.Number - 1, _socket.Time, ct);
                        await _socket.Sequences.EnterDownloadModeAsync(ct);
                        CheckSupplyAfterPowerOn();
                    }

                    try
                    {
                        await _bootrom.HandshakeAsync(baud, ct);
                    }
                    catch (HandshakeFailedException e)
                    {
                        first ??= e;
                        throw;
                    }
                },
                context);
        }
        catch (HandshakeFailedException e)
        {
            _attempt.HandshakeAttempts = cycle;
            var detail = $"no answer to the bootrom handshake on {cycle} power cycle(s) (off-times: {(offTimes.Count == 0 ? "none" : string.Join(", ", offTimes))}): {(first ?? e).Message}";
            var code = _attempt.WeakSupply ? FailureCode.WeakSupply : FailureCode.NoHandshake;
            throw new UnitFailureException(code, _attempt.WeakSupply ? $"{_attempt.WeakSupplyReason}; {detail}" : detail, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        _attempt.HandshakeAttempts = cycle;
        _attempt.PowerOffThatWorked = lastOff;
        if (cycle >= _settings.Config.WeakSupplyFromCycle && !restart)
        {
            _attempt.MarkWeakSupply($"answered only on power cycle {cycle} of {cycles}, after {lastOff?.TotalMilliseconds:0} ms off (off-times: {string.Join(", ", offTimes)})");
        }

        var info = await _bootrom.GetBootInfoAsync(cancellationToken);
        _attempt.Boot2LogDisabled = info.SwConfig0.UartLogDisable;
        if (!info.MacCheckPasses)
        {
            _attempt.Note($"boot info: chip id {info.ChipId} fails its zero-bit check ({info.MacZeroBitCount} stored)");
        }

        // The chip id (eFuse slot 0) is the unit's key for retests and rework: known before any helper runs.
        RecogniseUnit(info.ChipId);

        if (info.IsLocked)
        {
            throw new ChipLockedException(_channel.Name, info);
        }

        return UnitTrigger.BootromAnswered;
    }

    private async Task<UnitTrigger> LoadHelperAsync(CancellationToken cancellationToken)
    {
        var progress = new Inline<HelperLoadProgress>(p => Show("loading the flash helper", bytesDone: p.BytesSent, bytesTotal: p.BytesTotal));
        try
        {
            var result = await WithTimeoutAsync(_settings.HelperTimeout, ct => _bootrom.LoadHelperAsync(_settings.Recipe.HelperImage, progress, ct), cancellationToken);
            if (result.AlreadyRunning)
            {
                _attempt.Note("an eflash_loader was already running: not loaded again");
            }
        }
        catch (Exception e) when (e is IspException and not ChipLockedException and not IspLinkException)
        {
            var reason = $"loading the flash helper ({_settings.Recipe.Helper.FileName}) failed: {e.Message}";
            if (_attempt.UnitRestarts < _settings.Config.UnitRestarts)
            {
                // The bootrom has no command to start a load over: a lost or garbled frame leaves it
                // mid-image, so the unit is power-cycled and the handshake starts again.
                _attempt.UnitRestarts++;
                _attempt.TotalRetries++;
                _attempt.RecordProblem(FailureCode.HelperLoad, nameof(UnitState.LoadingHelper), reason);
                _attempt.Note($"unit restart {_attempt.UnitRestarts} of {_settings.Config.UnitRestarts}: the helper load failed");
                _restarting = true;
                return UnitTrigger.Restart;
            }

            throw new UnitFailureException(FailureCode.HelperLoad, reason, e);
        }

        return UnitTrigger.HelperRunning;
    }

    /// <summary>Runs <paramref name="step"/> under a Polly timeout on the station's clock, continuing on the socket's loop.</summary>
    private async Task<T> WithTimeoutAsync<T>(TimeSpan timeout, Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _socket.Time }.AddTimeout(timeout).Build();
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(async (ctx, body) => await body(ctx.CancellationToken), context, step);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>A progress sink that runs on the reporting thread (the socket's loop), unlike Progress&lt;T&gt;, which posts.</summary>
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
