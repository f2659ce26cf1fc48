namespace Fixture.Simulator.Loader;

/// <summary>How one eflash_loader build behaves where builds differ.</summary>
/// <param name="Name">Which build, for records and messages.</param>
/// <param name="ReceiveBuffer">Bytes of its UART receive buffer (frame header included): a frame longer than this never completes.</param>
/// <param name="SendsPending">Whether it sends "PD" before each erase unit and during chip erase.</param>
/// <param name="DecompressWrite">Whether command 0x3F (xz decompress-write) exists; without it 0x3F gets no reply.</param>
public sealed record HelperProfile(string Name, int ReceiveBuffer, bool SendsPending, bool DecompressWrite)
{
    /// <summary>The largest payload (address + data) a frame can carry.</summary>
    public int MaxPayload => ReceiveBuffer - 4;
}

/// <summary>
/// Known helper binaries (eflash_loader_40m.bin as each tool ships it), keyed by the SHA-256 of the whole
/// file as the bootrom receives it (boot header, segment header, segment data). Hashes, sizes and segment
/// lengths were computed from the public repositories (docs/simulator.md, "Helpers"); the binaries are
/// not in this repository. An unknown helper behaves as the 2022 loader.
/// </summary>
public static class HelperCatalog
{
    /// <summary>The decompiled Jan-2022 loader (lupyuen/bl602-eflash-loader): 0x4008-byte buffer, PD, 0x3F.</summary>
    public static HelperProfile Loader2022 { get; } = new("eflash_loader 2022 (0x4008-byte buffer, PD, 0x3F)", 0x4008, true, true);

    /// <summary>The 2020 loaders third-party flashers ship: no 0x3F, no PD (their hosts have no PD handling and work on hardware), 8 KiB frames.</summary>
    private static HelperProfile Loader2020(string name) => new(name, 0x2008, false, false);

    private static readonly Dictionary<string, HelperProfile> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        // stschake/bl60x-flash bl60x_flash/contrib/eflash_loader_40m.bin: 22 064 bytes, segment 21 872.
        ["865b2b9d565e015f5f5f66204d14214f605b4aa9ef87f24c7d4427902fc2a144"] = Loader2020("eflash_loader 2020 (bl60x-flash, 21 872-byte segment)"),

        // spacemeowx2/blflash blflash/src/chip/bl602/image/eflash_loader_40m.bin, identical to bouffalolab/BLOpenFlasher
        // bl602/eflash_loader/eflash_loader_40m.bin: 29 264 bytes, segment 29 072.
        ["fe27c9c4baf4d4958cb9708e41e5fa72ad6a3679f10278761af73b9939fd544b"] = Loader2020("eflash_loader 2020 (blflash / BLOpenFlasher, 29 072-byte segment)"),

        // Community-BL-IOT/pio-bflb-iot-tool chips/bl602/eflash_loader/eflash_loader_40m.bin (bflb-iot-tool, Jan 2022): 36 912 bytes, segment 36 720.
        ["18d9783786ae6313b2e825064755753db7a0b5c8ad57912f9aa01db56e387d1e"] = Loader2022 with { Name = "eflash_loader 2022 (bflb-iot-tool, 36 720-byte segment)" },

        // openshwprojects/BK7231GUIFlashTool BK7231Flasher/Floaders/BL602Floader_40m.bin, gunzipped as the tool does: 38 784 bytes, segment 38 592.
        ["2aa46589cabb9b9abda0ade8116ce72584946061c8847a54364e8aba04d99176"] = Loader2022 with { Name = "eflash_loader 2022 (BK7231GUIFlashTool, 38 592-byte segment)" },

        // The simulator's own stand-in: SyntheticAssets seed 1 (config/recipes/openbl602-sim/eflash_loader_40m.bin).
        [SyntheticHelperSha256] = Loader2022 with { Name = "synthetic helper (stand-in for the 2022 loader)" },
    };

    /// <summary>SHA-256 of SyntheticAssets.Get(1).Helper, the simulated recipe's helper.</summary>
    public const string SyntheticHelperSha256 = "007a48b73be18133c87d8eaf93936504617d99661a1901dbf5e976b20d9f0a6c";

    /// <summary>Every known helper by SHA-256 (lower-case hex).</summary>
    public static IReadOnlyDictionary<string, HelperProfile> All => Known;

    /// <summary>The profile of the helper whose file hashes to <paramref name="sha256"/>; unknown: <see cref="Loader2022"/>.</summary>
    public static HelperProfile Identify(ReadOnlySpan<byte> sha256) =>
        Known.TryGetValue(Convert.ToHexStringLower(sha256), out var profile) ? profile : Loader2022;
}
