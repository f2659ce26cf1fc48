using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Fixture.Protocol.Plans;

namespace Fixture.Protocol.Flashing;

/// <summary>
/// SHA-256 values the flasher compares the chip's answers with, computed once per plan region or
/// length rather than per unit: the plan is shared by every socket, and host CPU per unit must
/// stay small (fixture-design §8).
/// </summary>
internal static class HostDigests
{
    private static readonly ConcurrentDictionary<uint, byte[]> ErasedByLength = new();
    private static readonly ConditionalWeakTable<FlashRegion, ConcurrentDictionary<uint, byte[]>> Prefixes = new();
    private static readonly byte[] ErasedSector = CreateErasedSector();

    /// <summary>SHA-256 of <paramref name="length"/> bytes of erased flash (0xFF).</summary>
    public static byte[] Erased(uint length) => ErasedByLength.GetOrAdd(length, HashErased);

    /// <summary>SHA-256 of the first <paramref name="length"/> bytes the region puts in flash (erased flash for an erase-only region).</summary>
    public static byte[] ImagePrefix(FlashRegion region, uint length)
    {
        if (region.IsEraseOnly)
            return Erased(length);
        var byLength = Prefixes.GetValue(region, _ => new ConcurrentDictionary<uint, byte[]>());
        return byLength.GetOrAdd(length, n => SHA256.HashData(region.Data.Span[..(int)Math.Min(n, (uint)region.Data.Length)]));
    }

    private static byte[] HashErased(uint length)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var left = (long)length; left > 0; left -= ErasedSector.Length)
            sha.AppendData(ErasedSector.AsSpan(0, (int)Math.Min(left, ErasedSector.Length)));
        return sha.GetHashAndReset();
    }

    private static byte[] CreateErasedSector()
    {
        var sector = new byte[4096];
        sector.AsSpan().Fill(0xFF);
        return sector;
    }
}
