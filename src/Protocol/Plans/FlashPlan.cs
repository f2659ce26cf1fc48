namespace Fixture.Protocol.Plans;

/// <summary>
/// The ordered regions a recipe puts on a unit. Built once per recipe (images compressed once),
/// then run by the flasher on every unit.
/// </summary>
/// <param name="RecipeName">Recipe the plan came from.</param>
/// <param name="Regions">Regions in the order they are flashed; no two overlap.</param>
public sealed record FlashPlan(string RecipeName, IReadOnlyList<FlashRegion> Regions)
{
    /// <summary>Uncompressed bytes the plan writes (erase-only regions count zero).</summary>
    public long DataBytes => Regions.Sum(r => (long)r.Data.Length);

    /// <summary>Bytes that cross the wire as payload: compressed where compressed, raw otherwise.</summary>
    public long WireBytes => Regions.Sum(r => (long)(r.Compressed?.Length ?? r.Data.Length));
}
