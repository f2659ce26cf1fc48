using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Loader;

/// <summary>
/// The eflash_loader's auto-baud rule (§2.3): it measures the 0x55 pattern with a 40 MHz counter,
/// and a measured rate above 970 000 is snapped to the nearest multiple of 500 000. A host rate the
/// snap moves (e.g. 1 152 000 → 1 000 000) gives garbage, so such a configuration is refused.
/// </summary>
public static class LoaderBaudRate
{
    public const int SnapThreshold = 970_000;
    public const int SnapStep = 500_000;
    private const int CounterClock = 40_000_000;

    /// <summary>Largest relative difference between host and loader rates that a UART still tolerates.</summary>
    public const double Tolerance = 0.02;

    /// <summary>The rate the loader will use after a handshake at <paramref name="requested"/> baud.</summary>
    public static int Effective(int requested)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requested, 1200);
        var divisor = Math.Max(1, (int)Math.Round((double)CounterClock / requested));
        var measured = CounterClock / divisor;
        return measured > SnapThreshold
            ? (int)Math.Round((double)measured / SnapStep, MidpointRounding.AwayFromZero) * SnapStep
            : measured;
    }

    /// <summary>True when the loader's rate stays within <see cref="Tolerance"/> of <paramref name="requested"/>.</summary>
    public static bool IsSupported(int requested) =>
        requested >= 1200 && Math.Abs(Effective(requested) - requested) <= requested * Tolerance;

    /// <exception cref="UnsupportedBaudRateException">The loader would run at a different rate.</exception>
    public static void EnsureSupported(int requested)
    {
        if (!IsSupported(requested))
            throw new UnsupportedBaudRateException(requested, requested >= 1200 ? Effective(requested) : 0);
    }
}

/// <summary>A configured loader baud that the eflash_loader would snap to another rate.</summary>
public sealed class UnsupportedBaudRateException : IspException
{
    public UnsupportedBaudRateException(int requested, int effective)
        : base($"Loader baud {requested} cannot work: the eflash_loader would run at {effective} baud (above {LoaderBaudRate.SnapThreshold} it rounds to a multiple of {LoaderBaudRate.SnapStep}). " +
               "Configure 1000000, 1500000, 2000000, 2500000 or 3000000, or a rate of at most 921600.")
    {
        Requested = requested;
        Effective = effective;
    }

    public int Requested { get; }

    public int Effective { get; }
}
