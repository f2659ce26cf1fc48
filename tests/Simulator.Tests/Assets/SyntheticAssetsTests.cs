using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using Fixture.Protocol.Images;
using Fixture.Protocol.Images.DeviceTree;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Firmware;

namespace Fixture.Simulator.Tests.Assets;

public class SyntheticAssetsTests
{
    private static SyntheticAssets Assets => SyntheticAssets.Get(1);

    [Fact]
    public void Bundle_files_have_the_real_sizes()
    {
        var files = Assets.BundleFiles.ToDictionary(f => f.Name, f => f.Bytes.Length);

        Assert.Equal(47_504, files["whole_img_boot2.bin"]);
        Assert.Equal(39_312, files["blsp_boot2.bin"]);
        Assert.Equal(272, files["partition.bin"]);
        Assert.Equal(758_240, files["OpenBL602_1.17.366.bin"]);
        Assert.Equal(762_336, files["whole_img.bin"]);
        Assert.Equal(5_930, files["ro_params.dtb"]);
        Assert.Equal(176 + 16 + 30_192, files["eflash_loader_40m.bin"]);
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_another_seed_different_ones()
    {
        var regenerated = Generate(1);
        var other = Generate(2);

        Assert.Equal(Hashes(Assets.BundleFiles), Hashes(regenerated));
        Assert.NotEqual(Hash(Assets.FirmwareCode), Hash(other.Single(f => f.Name == "OpenBL602_1.17.366.bin").Bytes));
    }

    [Fact]
    public void Boot2_and_firmware_images_have_valid_headers_hashes_and_CRCs()
    {
        var boot2 = FlashImage.Parse(Assets.Boot2Image, FlashImageKind.Boot2, "whole_img_boot2.bin");
        var firmware = FlashImage.Parse(Assets.FirmwareImage, FlashImageKind.Firmware, "whole_img.bin");

        Assert.Equal(0x2000u, boot2.Header.ImageStart);
        Assert.Equal(Assets.Boot2Code, boot2.Code.ToArray());
        Assert.Equal(Assets.FirmwareCode, firmware.Code.ToArray());
        Assert.True(firmware.Header.IsHeaderCrcValid && firmware.Header.IsFlashConfigCrcValid && firmware.Header.IsClockConfigCrcValid);
        Assert.Equal(BootConfig.FlashImage, firmware.Header.BootConfig);
    }

    [Fact]
    public void Helper_is_a_current_variant_RAM_image_with_one_30192_byte_segment()
    {
        var helper = HelperImage.Parse(Assets.Helper, "eflash_loader_40m.bin");

        Assert.Equal(BootConfig.CurrentHelper, helper.BootHeader.BootConfig);
        Assert.Equal(BootHeader.IgnoredMarker, helper.BootHeader.HeaderCrc);
        var segment = Assert.Single(helper.Segments);
        Assert.Equal(0x22010000u, segment.Header.Destination);
        Assert.Equal(30_192u, segment.Header.Length);
        Assert.True(segment.IsDataCrcValid);
        Assert.True(segment.Data.Span.IndexOf("xz fail"u8) >= 0, "a 0x3F-capable loader carries the xz strings");
    }

    [Fact]
    public void Partition_table_is_the_classic_2M_table_in_binary_and_TOML()
    {
        Assert.Equal(0x12DF9A26u, BinaryPrimitives.ReadUInt32LittleEndian(Assets.PartitionBinary.AsSpan(12)));
        Assert.Equal(0x8B5001CEu, BinaryPrimitives.ReadUInt32LittleEndian(Assets.PartitionBinary.AsSpan(268)));
        var toml = Assets.PartitionToml;
        Assert.Contains("address0 = 0xE000", toml, StringComparison.Ordinal);
        Assert.Equal(7, OpenBl602BootTestsCount(toml, "[[pt_entry]]"));
        Assert.Contains("name = \"PSM\"\naddress0 = 0x1E9000", toml.Replace("device = 0\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_parameters_are_a_valid_tree_with_the_console_at_2_Mbaud_on_rx_7_tx_16_and_MBF()
    {
        var parameters = FactoryParameters.Parse(Assets.FactoryParameters, "ro_params.dtb");

        Assert.Equal(2_000_000, parameters.ConsoleBaudRate);
        Assert.Equal(7, parameters.ConsoleRxPin);
        Assert.Equal(16, parameters.ConsoleTxPin);
        Assert.Equal("/dev/ttyS0", parameters.ConsoleUart!.GetString("path"));
        Assert.Equal("uart@4000A000", parameters.ConsoleUart.Name);
        Assert.Equal("MBF", parameters.MacMode);
        Assert.Equal(SyntheticAssets.TreeMac, parameters.StationMac);
    }

    [Fact]
    public void Firmware_carries_the_OpenBL602_identity_and_the_old_image_an_older_version()
    {
        Assert.Equal(new FirmwareIdentity(FirmwareKind.OpenBl602, "OpenBL602", "1.17.366", null, null), FirmwareIdentity.Read(Assets.FirmwareCode));
        var old = FlashImage.Parse(Assets.OldFirmwareImage, FlashImageKind.Firmware);
        Assert.Equal("1.17.205", FirmwareIdentity.Read(old.Code.Span).Version);
        var stock = FlashImage.Parse(Assets.StockSet(921_600).FirmwareImage, FlashImageKind.Firmware);
        Assert.Equal(FirmwareKind.StockTg7100c, FirmwareIdentity.Read(stock.Code.Span).Kind);
        Assert.Equal(921_600, FirmwareIdentity.Read(stock.Code.Span).ConsoleBaud);
    }

    [SkippableTheory]
    [InlineData("whole_img.bin", 405_536)]
    [InlineData("whole_img_boot2.bin", 22_164)]
    [InlineData("ro_params.dtb", 1_640)]
    public void Compressibility_is_within_3_percent_of_the_real_images_with_the_0x3F_xz_settings(string name, int realXzSize)
    {
        var size = XzSize(Assets.BundleFiles.Single(f => f.Name == name).Bytes);
        Skip.If(size is null, "the xz command is not installed");

        Assert.InRange(size!.Value, realXzSize * 0.97, realXzSize * 1.03);
    }

    private static int OpenBl602BootTestsCount(string text, string part) => Firmware.OpenBl602BootTests.CountOf(text, part);

    private static IReadOnlyList<AssetFile> Generate(long seed)
    {
        // Bypass the per-process cache: build the bundle from scratch.
        var constructor = typeof(SyntheticAssets).GetConstructor(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, [typeof(long)])!;
        return ((SyntheticAssets)constructor.Invoke([seed])).BundleFiles;
    }

    private static string[] Hashes(IEnumerable<AssetFile> files) => [.. files.Select(f => f.Name + ":" + Hash(f.Bytes))];

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static int? XzSize(byte[] data)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("xz", "--format=xz --check=crc32 --lzma2=preset=6,dict=32KiB -c")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            var writer = Task.Run(async () =>
            {
                await process.StandardInput.BaseStream.WriteAsync(data);
                process.StandardInput.Close();
            });
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            writer.Wait();
            process.WaitForExit();
            return process.ExitCode == 0 ? (int)output.Length : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
