using System.Collections.Concurrent;
using Fixture.Protocol.Compression;

namespace Fixture.Protocol.Tests.Compression;

/// <summary>
/// Named inputs for the encoder tests, each made once and encoded once per test run (encoding a
/// few MiB takes a noticeable fraction of a second; many tests look at the same output).
/// </summary>
internal static class XzSamples
{
    private static readonly Dictionary<string, Func<byte[]>> Makers = new()
    {
        ["empty"] = () => [],
        ["one byte"] = () => [0x42],
        ["exactly 4096 bytes"] = () => FirmwareLikeData.Synthetic(4096, seed: 7),
        ["random 300 KiB"] = () => RandomBytes(300 * 1024, seed: 11),
        ["zeros and runs 5 MiB"] = () => Runs(5 * 1024 * 1024),
        ["random then firmware-like"] = () => [.. RandomBytes(100 * 1024, seed: 13), .. FirmwareLikeData.Synthetic(200 * 1024, seed: 17)],
        ["firmware-like 762 KiB"] = () => FirmwareLikeData.Synthetic(FirmwareLikeData.FirmwareImageSize, seed: 1),
        ["runtime library 762 KiB"] = () => FirmwareLikeData.RuntimeLibrarySlice(FirmwareLikeData.FirmwareImageSize),
        ["runtime library 2.5 MiB"] = () => FirmwareLikeData.RuntimeLibrarySlice(5 * 512 * 1024),
    };

    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Inputs = new();
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Outputs = new();

    public static TheoryData<string> All => [.. Makers.Keys];

    public static byte[] Input(string name) => Inputs.GetOrAdd(name, n => new Lazy<byte[]>(Makers[n])).Value;

    public static byte[] Encoded(string name) => Outputs.GetOrAdd(name, n => new Lazy<byte[]>(() => XzEncoder.Encode(Input(n)))).Value;

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    // Long runs of zeros and 0xFF (erased flash, zero-filled sections) with short markers between.
    private static byte[] Runs(int length)
    {
        var bytes = new byte[length];
        for (var offset = 0; offset < length; offset += 1 << 20)
        {
            bytes.AsSpan(offset + (1 << 19), Math.Min(1 << 18, length - offset - (1 << 19))).Fill(0xFF);
            bytes[offset] = (byte)(offset >> 20);
        }

        return bytes;
    }
}
