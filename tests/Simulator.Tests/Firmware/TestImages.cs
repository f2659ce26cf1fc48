using Fixture.Protocol.Images;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Firmware;

namespace Fixture.Simulator.Tests.Firmware;

/// <summary>Small but valid images for boot tests (the full-size synthetic set is tested under Assets).</summary>
internal static class TestImages
{
    public static byte[] Code(int length, params string[] strings)
    {
        var code = new byte[length];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = (byte)(i * 31 % 251);
        }

        var offset = 64;
        foreach (var s in strings)
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes("\0" + s + "\0");
            bytes.CopyTo(code, offset);
            offset += bytes.Length;
        }

        return code;
    }

    public static byte[] Boot2() => FlashImage.Build(Code(4096, "BLSP_Boot2"), FlashImageKind.Boot2);

    public static byte[] OpenBl602(string version = "1.17.366", params string[] extra) =>
        FlashImage.Build(Code(16384, [.. SyntheticAssets.OpenBl602Strings(version), .. extra]), FlashImageKind.Firmware);

    public static byte[] Stock(params string[] extra) =>
        FlashImage.Build(Code(16384, ["AliOS Things", "-Welcome to AliOS Things-", .. extra]), FlashImageKind.Firmware);

    public static byte[] FactoryParameters(int baud = 2_000_000) => FactoryParametersTree.Write(baud, SyntheticAssets.TreeMac);

    public static ImageSet Set(byte[]? firmware = null, int baud = 2_000_000, PartitionTable? table = null) =>
        new(Boot2(), (table ?? PartitionLayouts.Classic2M).ToBytes(), firmware ?? OpenBl602(), FactoryParameters(baud));

    /// <summary>A unit freshly flashed by the fixture: image set written, PSM erased.</summary>
    public static FakeChip FreshlyFlashed(FlashBootOptions? options = null, ImageSet? set = null, FakeEfuse? efuse = null)
    {
        var boot = new FlashBoot(options);
        var chip = new FakeChip(boot.Start, efuse: efuse);
        UnitFlashSetup.WriteImageSet(chip.Flash, set ?? Set());
        return chip;
    }
}
