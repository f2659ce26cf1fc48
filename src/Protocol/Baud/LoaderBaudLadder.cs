using Fixture.Protocol.Loader;

namespace Fixture.Protocol.Baud;

/// <summary>
/// The loader rates to try on one adapter, highest first (issue 14 §2): only rates the eflash_loader's auto-baud
/// keeps (<see cref="LoaderBaudRate.IsSupported"/>: 3 000 000, 2 000 000, 1 500 000, 1 000 000, then measured
/// rates such as 921 600, 500 000, 230 400, 115 200), none above the socket's configured rate, none the adapter
/// cannot produce; the first try is the highest rate that completed before on this adapter, if any.
/// </summary>
public sealed class LoaderBaudLadder
{
    /// <summary>Every rate the station may try, highest first.</summary>
    public static IReadOnlyList<int> Rates { get; } = [3_000_000, 2_000_000, 1_500_000, 1_000_000, 921_600, 500_000, 230_400, 115_200];

    private readonly List<int> _rates;
    private int _index;
    private int _stepDowns;

    private LoaderBaudLadder(List<int> rates)
    {
        _rates = rates;
    }

    /// <summary>The rate to use now.</summary>
    public int Current => _rates[_index];

    /// <summary>How many times this attempt stepped down (the report's <c>baud_stepdowns</c>).</summary>
    public int StepDowns => _stepDowns;

    /// <summary>The rates left to try, from the current one.</summary>
    public IReadOnlyList<int> Remaining => _rates.GetRange(_index, _rates.Count - _index);

    /// <param name="configured">The socket's loader baud (a rate the loader keeps).</param>
    /// <param name="adapter">The adapter's documented limit, or null when unknown.</param>
    /// <param name="learned">The highest rate that completed on this adapter before, or null.</param>
    /// <exception cref="UnsupportedBaudRateException">The configured rate is one the loader would snap.</exception>
    public static LoaderBaudLadder For(int configured, AdapterLimit? adapter = null, int? learned = null)
    {
        LoaderBaudRate.EnsureSupported(configured);
        var top = learned is { } l && l < configured ? l : configured;
        var rates = new List<int> { top };
        rates.AddRange(Rates.Where(r => r < top));
        if (adapter is not null)
        {
            var producible = rates.Where(adapter.CanProduce).ToList();
            rates = producible.Count > 0 ? producible : [rates[^1]];
        }

        return new LoaderBaudLadder(rates);
    }

    /// <summary>Moves to the next lower rate after a handshake or frame failure; false when none is left.</summary>
    public bool TryStepDown()
    {
        if (_index + 1 >= _rates.Count)
        {
            return false;
        }

        _index++;
        _stepDowns++;
        return true;
    }

    /// <summary>
    /// Moves, as one step down, to the highest rate left that is about half the current one or lower (2 000 000 → 1 000 000 →
    /// 500 000 → 230 400 → 115 200), or to the next lower one when none is that low: a rate an adapter cannot clock
    /// usually fails a few rungs below it too, and each failed rung costs a full set of handshake tries.
    /// False when no lower rate is left.
    /// </summary>
    public bool TryHalve()
    {
        if (_index + 1 >= _rates.Count)
        {
            return false;
        }

        // "About half": within 10 % of it, so 921 600 steps to 500 000 and 3 000 000 to 1 500 000.
        var limit = _rates[_index] * 0.55;
        var next = _rates.FindIndex(_index + 1, r => r <= limit);
        _index = next >= 0 ? next : _index + 1;
        _stepDowns++;
        return true;
    }
}
