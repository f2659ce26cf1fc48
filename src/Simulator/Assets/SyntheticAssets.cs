using System.Collections.Concurrent;
using System.Globalization;
using Fixture.Protocol.Images;
using Fixture.Simulator.Firmware;

namespace Fixture.Simulator.Assets;

/// <summary>One file of a recipe bundle.</summary>
public sealed record AssetFile(string Name, byte[] Bytes, string Description);

/// <summary>
/// A deterministic, seeded stand-in for the real OpenBL602 recipe inputs (there is no licensed
/// vendor binary in this repository): the flash helper, boot2, the classic 2 MB partition table,
/// an OpenBL602-like firmware with the real sizes and about the real xz compressibility
/// (fixture-design.md §7), the factory parameters; plus what used and factory-fresh units carry
/// (stock TG7100C boot2/table/firmware/factory parameters, an older OpenBL602 for second slots).
/// Same seed → same bytes, on every machine.
/// </summary>
public sealed class SyntheticAssets
{
    public const string FirmwareVersion = "1.17.366";
    public const string OldFirmwareVersion = "1.17.205";

    /// <summary>The Dev Cube's helper segment (`4080/30192` in the calibration log).</summary>
    public const int HelperSegmentLength = 30192;
    public const uint HelperLoadAddress = 0x22010000;

    /// <summary>whole_img_boot2.bin is 47 504 bytes: 0x2000 of header and padding, then the code.</summary>
    public const int Boot2CodeLength = 47504 - FlashImage.Boot2CodeOffset;

    /// <summary>whole_img.bin is 762 336 bytes: 0x1000 of header and padding, then the code.</summary>
    public const int FirmwareCodeLength = 758240;

    /// <summary>
    /// An older, smaller build: used units keep it in the FW entry's second slot (0x88000 bytes in the
    /// classic 2 MB table), so it must fit there with its 0x1000 header, or boot2 could never roll back to it.
    /// </summary>
    public const int OldFirmwareCodeLength = 540_672;
    public const int StockFirmwareCodeLength = 868_352;
    public const int StockBoot2CodeLength = 36_864;

    public const int ConsoleBaud = 2_000_000;

    /// <summary>The MAC in the device tree's wifi/mac node (used only when the eFuse has none).</summary>
    public static readonly byte[] TreeMac = [0xC8, 0x43, 0x57, 0x82, 0x73, 0x40];

    private static readonly ConcurrentDictionary<long, Lazy<SyntheticAssets>> Cache = new();

    private SyntheticAssets(long seed)
    {
        Seed = seed;
        var random = new SeededRandom(seed);

        var helperCode = Code(random, HelperSegmentLength, CodeProfile.Helper, ["eflash_loader", "CW", "xz fail", "PD"]);
        Helper = HelperImage.Build(helperCode, HelperLoadAddress, HelperHeaderVariant.Current);

        Boot2Code = Code(random, Boot2CodeLength, CodeProfile.Boot2, ["BLSP_Boot2", "BLSP boot2 fail", "blsp_boot2_release"]);
        Boot2Image = FlashImage.Build(Boot2Code, FlashImageKind.Boot2);

        PartitionTable = PartitionLayouts.Classic2M;
        PartitionBinary = PartitionTable.ToBytes();
        PartitionToml = PartitionLayouts.ToToml(PartitionTable, "BL602 partition_cfg_2M.toml (synthetic recipe bundle; layout of protocol reference §7.4)");

        FirmwareCode = Code(random, FirmwareCodeLength, CodeProfile.Application, OpenBl602Strings(FirmwareVersion));
        FirmwareImage = FlashImage.Build(FirmwareCode, FlashImageKind.Firmware);

        FactoryParameters = FactoryParametersTree.Write(ConsoleBaud, TreeMac);

        OldFirmwareImage = FlashImage.Build(Code(random, OldFirmwareCodeLength, CodeProfile.Application, OpenBl602Strings(OldFirmwareVersion)), FlashImageKind.Firmware);
        StockBoot2Image = FlashImage.Build(Code(random, StockBoot2CodeLength, CodeProfile.Boot2, ["BLSP_Boot2", "BLSP boot2 fail", "tg7100c"]), FlashImageKind.Boot2);
        StockFactoryParameters = FactoryParametersTree.Write(StockTg7100cFirmware.DefaultConsoleBaud, TreeMac, 0x4000);

        // The 1 MB variant (issue 14 §4) from its own generator, so the files above stay what seed N always gave.
        var oneMegabyte = new SeededRandom(seed ^ 0x1B602);
        PartitionToml1M = PartitionLayouts.ToToml(PartitionLayouts.OpenBl6021M, "BL602 partition_cfg_1M.toml (synthetic recipe bundle; layout of OpenBL602 tools/flash_tool/chips/bl602/partition/partition_cfg_1M.toml)");
        FirmwareCode1M = Code(oneMegabyte, FirmwareCodeLength, CodeProfile.Application, OpenBl602Strings(FirmwareVersion));
    }

    /// <summary>File name of the 1 MB build of the application in the bundle.</summary>
    public const string Firmware1MFileName = $"OpenBL602_{FirmwareVersion}_1MB.bin";

    /// <summary>partition_cfg_1M.toml: OpenBL602's 1 MB layout (<see cref="PartitionLayouts.OpenBl6021M"/>).</summary>
    public string PartitionToml1M { get; }

    /// <summary>The 1 MB build of the application, raw (758 240 bytes: it fits the 924 KiB slot of the 1 MB layout).</summary>
    public byte[] FirmwareCode1M { get; }

    public long Seed { get; }

    /// <summary>eflash_loader_40m.bin: a current-variant RAM image (0x3F supported), one 30 192-byte segment.</summary>
    public byte[] Helper { get; }

    /// <summary>blsp_boot2 raw code (39 312 bytes).</summary>
    public byte[] Boot2Code { get; }

    /// <summary>whole_img_boot2.bin (47 504 bytes).</summary>
    public byte[] Boot2Image { get; }

    public PartitionTable PartitionTable { get; }

    /// <summary>partition.bin (272 bytes).</summary>
    public byte[] PartitionBinary { get; }

    /// <summary>partition_cfg_2M.toml.</summary>
    public string PartitionToml { get; }

    /// <summary>OpenBL602_1.17.366.bin: the raw application (758 240 bytes).</summary>
    public byte[] FirmwareCode { get; }

    /// <summary>whole_img.bin (762 336 bytes).</summary>
    public byte[] FirmwareImage { get; }

    /// <summary>ro_params.dtb (5 930 bytes, console at 2 000 000 baud).</summary>
    public byte[] FactoryParameters { get; }

    /// <summary>An older OpenBL602 whole_img.bin, what a used unit keeps in its second slot.</summary>
    public byte[] OldFirmwareImage { get; }

    public byte[] StockBoot2Image { get; }

    public byte[] StockFactoryParameters { get; }

    /// <summary>The image set the recipe installs.</summary>
    public ImageSet OpenBl602Set => new(Boot2Image, PartitionBinary, FirmwareImage, FactoryParameters);

    /// <summary>A used unit's previous OpenBL602 installation.</summary>
    public ImageSet OldOpenBl602Set => new(Boot2Image, PartitionBinary, OldFirmwareImage, FactoryParameters);

    /// <summary>The bundle written by `fixture sim assets` and committed under config/recipes/openbl602-sim.</summary>
    public IReadOnlyList<AssetFile> BundleFiles =>
    [
        new("eflash_loader_40m.bin", Helper, "flash helper (RAM image, current header variant, one 30 192-byte segment)"),
        new("blsp_boot2.bin", Boot2Code, "boot2 raw code"),
        new("whole_img_boot2.bin", Boot2Image, "boot2 as written at 0x0 (header, padding, code at 0x2000)"),
        new("partition_cfg_2M.toml", System.Text.Encoding.ASCII.GetBytes(PartitionToml), "classic BL602 2 MB partition table (TOML)"),
        new("partition.bin", PartitionBinary, "the same table as binary, written at 0xE000 and 0xF000"),
        new($"OpenBL602_{FirmwareVersion}.bin", FirmwareCode, "OpenBL602-like application, raw"),
        new("whole_img.bin", FirmwareImage, "application as written at 0x10000 (header, padding, code at 0x1000)"),
        new("ro_params.dtb", FactoryParameters, "factory parameters device tree (console 2 000 000 baud, rx 7 / tx 16, wifi/mac mode MBF)"),
        new("partition_cfg_1M.toml", System.Text.Encoding.ASCII.GetBytes(PartitionToml1M), "OpenBL602's 1 MB partition table (TOML), the recipe's 1MB variant"),
        new(Firmware1MFileName, FirmwareCode1M, "OpenBL602-like application for the 1 MB layout, raw (the recipe's 1MB variant)"),
    ];

    /// <summary>The assets for a seed, generated once per process.</summary>
    public static SyntheticAssets Get(long seed = 1) => Cache.GetOrAdd(seed, s => new Lazy<SyntheticAssets>(() => new SyntheticAssets(s))).Value;

    /// <summary>
    /// A stock TG7100C image set (its own boot2, table, AliOS Things firmware, factory parameters); laid out with
    /// <paramref name="table"/> when given (a 1 MB unit: <see cref="PartitionLayouts.Sdk1M"/>), else the TG7100C 2 MB table.
    /// </summary>
    public ImageSet StockSet(int consoleBaud = StockTg7100cFirmware.DefaultConsoleBaud, PartitionTable? table = null)
    {
        var random = new SeededRandom(Seed ^ 0x5700C0DE ^ consoleBaud);
        string[] strings =
        [
            "AliOS Things", "-Welcome to AliOS Things-", "Starting tg7100c now....", "smart_outlet", "tg7100cevb",
            "--------Firmware info--------", FirmwareIdentity.ConsoleBaudMarkerPrefix + consoleBaud.ToString(CultureInfo.InvariantCulture),
        ];
        var image = FlashImage.Build(Code(random, StockFirmwareCodeLength, CodeProfile.Application, strings), FlashImageKind.Firmware);
        return new ImageSet(StockBoot2Image, (table ?? PartitionLayouts.Tg7100c2M).ToBytes(), image, StockFactoryParameters);
    }

    /// <summary>Code bytes of the vendor's production-test ("mfg") build of the stock firmware: it fits the classic table's 200 KiB mfg entry.</summary>
    public const int StockMfgCodeLength = 0x20000;

    /// <summary>
    /// The vendor's AliOS Things production-test build as a flash image (header + 4 KiB + code), what a unit
    /// with a boot2 start request keeps in its mfg area (<c>UnitIdentity.MfgStartRequest</c>). It prints the
    /// stock markers at <paramref name="consoleBaud"/>.
    /// </summary>
    public byte[] StockMfgImage(int consoleBaud = StockTg7100cFirmware.DefaultConsoleBaud)
    {
        var random = new SeededRandom(Seed ^ 0x3F6C0DE ^ consoleBaud);
        string[] strings =
        [
            "AliOS Things", "-Welcome to AliOS Things-", "Starting tg7100c now....", "smart_outlet_mfg", "tg7100cevb",
            "--------Firmware info--------", FirmwareIdentity.ConsoleBaudMarkerPrefix + consoleBaud.ToString(CultureInfo.InvariantCulture),
        ];
        return FlashImage.Build(Code(random, StockMfgCodeLength, CodeProfile.Application, strings), FlashImageKind.Firmware);
    }

    /// <summary>The strings OpenBeken's BL602 build carries next to each other in .rodata.</summary>
    public static string[] OpenBl602Strings(string version) =>
    [
        "OpenBL602", version, "%s, version %s\r\n", "obl", "bl602s", "BL602", "OpenBL602_%02X%02X%02X%02X",
        "Boot complete time reached (%i seconds)", "mY0bcFg", "OBK_FV", "Main_Init_Before_Delay",
    ];

    private static byte[] Code(SeededRandom random, int length, CodeProfile profile, IReadOnlyList<string> strings)
    {
        var code = new byte[length];
        CodeLikeData.Fill(code, random, profile, strings);
        return code;
    }
}
