namespace Fixture.Protocol.Loader;

/// <summary>An eflash_loader build the station knows by the SHA-256 of its file.</summary>
/// <param name="Sha256">SHA-256 of the whole helper file as a recipe pins it, lower-case hex.</param>
/// <param name="Name">Where it comes from.</param>
/// <param name="MaxWriteChunk">Largest data block per 0x31/0x3F frame its receive buffer takes.</param>
/// <param name="Evidence">Why that size.</param>
public sealed record KnownHelper(string Sha256, string Name, int MaxWriteChunk, string Evidence);

/// <summary>
/// The largest write frame a helper takes belongs to the helper, not to the recipe: its receive
/// buffer is compiled in, and a frame longer than the buffer never completes (the loader waits two
/// 2 s timeouts and drops to handshake mode). Known helpers by SHA-256; an unknown helper starts at
/// <see cref="UnknownHelperWriteChunk"/>, which every loader seen takes (protocol reference §3.3).
/// Hashes only: the binaries are public (blflash, bl60x-flash, BLOpenFlasher, pio-bflb-iot-tool,
/// BK7231GUIFlashTool) and never enter this repository. docs/recipes.md lists the table.
/// </summary>
public static class KnownHelpers
{
    /// <summary>Data bytes per write frame for a helper not in the table.</summary>
    public const int UnknownHelperWriteChunk = 4096;

    public static IReadOnlyList<KnownHelper> All { get; } =
    [
        new("fe27c9c4baf4d4958cb9708e41e5fa72ad6a3679f10278761af73b9939fd544b",
            "eflash_loader_40m.bin, 29 264 bytes (29 072-byte segment, 2020; shipped by blflash and BLOpenFlasher; no 0x3F)",
            8192,
            "the vendor's BLOpenFlasher writes 8192-byte frames with this file; its map gives eflash_loader_readbuf 0x4810 bytes; the vendor documents 8 KiB for older loaders"),
        new("865b2b9d565e015f5f5f66204d14214f605b4aa9ef87f24c7d4427902fc2a144",
            "eflash_loader_40m.bin, 22 064 bytes (21 872-byte segment; shipped by bl60x-flash; no 0x3F)",
            4096,
            "no evidence of a larger buffer (bl60x-flash itself writes 2048-byte frames)"),
        new("18d9783786ae6313b2e825064755753db7a0b5c8ad57912f9aa01db56e387d1e",
            "eflash_loader_40m.bin, 36 912 bytes (36 720-byte segment, Jan 2022; bflb-iot-tool as mirrored by pio-bflb-iot-tool; 0x3F)",
            16_384,
            "its map gives eflash_loader_readbuf 0x8010 bytes; the decompiled Jan-2022 loader takes frames up to 0x4004 payload bytes"),
        new("2aa46589cabb9b9abda0ade8116ce72584946061c8847a54364e8aba04d99176",
            "BL602Floader_40m.bin, 38 784 bytes once gunzipped (38 592-byte segment; embedded in BK7231GUIFlashTool; 0x3F)",
            4096,
            "buffer size not established (the tool writes 2048-byte frames)"),
        new("007a48b73be18133c87d8eaf93936504617d99661a1901dbf5e976b20d9f0a6c",
            "eflash_loader_40m.bin, 30 384 bytes, synthetic (config/recipes/openbl602-sim, seed 1): the simulator's stand-in for the 2022 loader",
            16_384,
            "the simulator models it as the 2022 loader (16 KiB + 8 receive buffer)"),
    ];

    /// <summary>The helper with this SHA-256 (any case), or null.</summary>
    public static KnownHelper? Find(string sha256) =>
        All.FirstOrDefault(h => string.Equals(h.Sha256, sha256, StringComparison.OrdinalIgnoreCase));

    /// <summary>Data bytes per write frame the helper with this SHA-256 takes (<see cref="UnknownHelperWriteChunk"/> when unknown).</summary>
    public static int MaxWriteChunk(string sha256) => Find(sha256)?.MaxWriteChunk ?? UnknownHelperWriteChunk;
}
