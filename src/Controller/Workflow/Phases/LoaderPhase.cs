using Fixture.Controller.Reports;
using Fixture.Protocol.Baud;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Wire;
using Polly;
using Polly.Retry;

namespace Fixture.Controller.Workflow.Phases;

/// <summary>
/// The eflash_loader at the working baud: the port switched to it (never reopened), the loader's
/// handshake, and the work done through the loader (identification), all retried together within the
/// identify step's timeout: a try that fails is retried from a handshake after the loader's idle drop
/// while it never answered, or from a re-sync once it has.
/// </summary>
internal sealed class LoaderPhase
{
    private readonly int _attempts;
    private readonly ResiliencePipeline _pipeline;

    public LoaderPhase(WorkflowSettings settings, TimeProvider time)
    {
        _attempts = settings.Config.LoaderHandshakeAttempts;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(settings.IdentifyTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _attempts - 1,
                Delay = TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder().Handle<IspException>(e => e is not IspLinkException),
                OnRetry = args =>
                {
                    var attempt = UnitResilience.UnitOf(args.Context).Attempt;
                    attempt.TotalRetries++;
                    if (args.Outcome.Exception is { } e)
                    {
                        attempt.Note($"loader try {args.AttemptNumber + 1}: {e.Message}");
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// Connects to the loader and runs <paramref name="work"/> through it, retrying both together; when no try succeeds
    /// at a rate, steps down to about half of it within the same attempt (issue 14 §2). The first rate is the socket's
    /// loader baud, capped by the adapter's documented limit and by the highest rate a unit completed at on this adapter
    /// before; the rate that completed is remembered for the next unit.
    /// </summary>
    /// <exception cref="UnitFailureException">LOADER_HANDSHAKE: no try succeeded at any rate.</exception>
    public async Task<T> RunAsync<T>(UnitContext unit, Func<LoaderClient, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var adapter = unit.Socket.Link.AdapterIdentity;
        var ladder = LoaderBaudLadder.For(unit.Settings.LoaderBaud(unit.Socket.Serial), unit.Socket.AdapterLimit, unit.Recorder.AdapterBauds.Learned(adapter));
        var tried = new List<int>();
        unit.Attempt.BaudStepDowns = 0;
        while (true)
        {
            var baud = ladder.Current;
            tried.Add(baud);
            unit.Socket.Link.SetBaudRate(baud);
            var loader = unit.Loader = new LoaderClient(unit.Channel!, unit.Time, unit.Settings.Profile.Loader);
            try
            {
                var result = await UnitResilience.RunAsync(_pipeline, unit, new LoaderTries<T>(loader, baud, work, afterFailedRate: tried.Count > 1), static (context, tries) => tries.TryAsync(context), cancellationToken);
                unit.Attempt.LoaderBaud = baud;
                if (unit.Recorder.AdapterBauds.Completed(adapter, baud, unit.Time.GetUtcNow()) is { } warning)
                {
                    unit.Attempt.Note(warning);
                }

                return result;
            }
            catch (Exception e) when (e is IspException and not IspLinkException && ladder.TryHalve())
            {
                unit.Attempt.BaudStepDowns = ladder.StepDowns;
                unit.Attempt.TotalRetries++;
                unit.Attempt.Note($"loader at {baud} baud: {e.Message}; stepping down to {ladder.Current} baud");
                unit.Observer.Show($"loader: stepping down to {ladder.Current} baud", force: true, retry: $"{baud} baud failed");
            }
            catch (Exception e) when (e is IspException and not IspLinkException)
            {
                var rates = string.Join(", ", tried.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                throw new UnitFailureException(FailureCode.LoaderHandshake,
                    $"the flash helper did not answer properly at {rates} baud ({_attempts} tries each): {e.Message}", e);
            }
        }
    }

    /// <param name="afterFailedRate">A higher rate failed before: the loader may sit in command mode on garbage, so even the first handshake waits for its idle drop.</param>
    private sealed class LoaderTries<T>(LoaderClient loader, int baud, Func<LoaderClient, CancellationToken, Task<T>> work, bool afterFailedRate)
    {
        private int _tries;

        public async ValueTask<T> TryAsync(ResilienceContext context)
        {
            var unit = UnitResilience.UnitOf(context);
            var ct = context.CancellationToken;
            var first = _tries++ == 0;
            if (loader.BaudRate == 0 && first && !afterFailedRate)
            {
                unit.LoaderBursts = await loader.HandshakeAsync(baud, ct);
            }
            else if (loader.BaudRate == 0)
            {
                // Never answered: a loader whose OK went unheard drops further bursts as frames until it has been idle.
                unit.LoaderBursts = await loader.HandshakeAfterIdleDropAsync(baud, ct);
            }
            else
            {
                // It answered once: after a lost reply it may have dropped back to handshake mode.
                await loader.ResyncAsync(ct);
            }

            unit.LoaderAnsweredAt = unit.Time.GetTimestamp();
            return await work(loader, ct);
        }
    }
}
