using Polly;

namespace Fixture.Controller.Workflow;

/// <summary>
/// How the phases use Polly: each phase builds its pipelines once per socket (on the socket's clock) and
/// keeps them; what belongs to one execution — the unit, and with it its attempt — travels in the
/// <see cref="ResilienceContext"/>, which continues on the socket's loop.
/// </summary>
internal static class UnitResilience
{
    /// <summary>The unit a pipeline execution is for (its retry callbacks count retries on its attempt).</summary>
    public static readonly ResiliencePropertyKey<UnitContext> Unit = new("fixture.unit");

    /// <summary>A pipeline that gives a step <paramref name="timeout"/> on <paramref name="time"/>.</summary>
    public static ResiliencePipeline Timeout(TimeProvider time, TimeSpan timeout) =>
        new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(timeout).Build();

    /// <summary>Runs <paramref name="work"/> through <paramref name="pipeline"/> for <paramref name="unit"/>, continuing on the caller's loop.</summary>
    public static async Task<TResult> RunAsync<TResult, TState>(ResiliencePipeline pipeline, UnitContext unit, TState state, Func<ResilienceContext, TState, ValueTask<TResult>> work, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        context.Properties.Set(Unit, unit);
        try
        {
            return await pipeline.ExecuteAsync(work, context, state);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The unit of this execution.</summary>
    public static UnitContext UnitOf(ResilienceContext context) =>
        context.Properties.TryGetValue(Unit, out var unit) ? unit : throw new InvalidOperationException("A phase's pipeline ran without its unit in the resilience context.");
}
