using System.Security.Cryptography;
using Fixture.Protocol.Images;
using Fixture.Protocol.Tests.Images;
using Fixture.Protocol.Tests.Recipes;

namespace Fixture.Controller.Tests.Cli;

public class ImageCommandsTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => FixtureCli.Run(args);

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void AssertOneLineError((int Exit, string Out, string Err) result, string expected)
    {
        Assert.Equal(2, result.Exit);
        var line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_writes_every_region_image_and_prints_the_plan()
    {
        using var bundle = new RecipeBundle();
        var outDir = Path.Combine(bundle.Folder, "out");

        var (exit, output, error) = Run("image", "build", "--recipe", bundle.RecipePath, "--out", outDir);

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var firmware = File.ReadAllBytes(Path.Combine(outDir, "firmware.bin"));
        Assert.Equal(FlashImage.Build(RecipeBundle.Firmware(20_000), FlashImageKind.Firmware), firmware);
        Assert.True(File.Exists(Path.Combine(outDir, "firmware.bin.xz")));
        Assert.True(File.Exists(Path.Combine(outDir, "boot2.bin.xz")));
        Assert.Equal(272, new FileInfo(Path.Combine(outDir, "partition@0xE000.bin")).Length);
        Assert.Equal(File.ReadAllBytes(Path.Combine(outDir, "partition@0xE000.bin")), File.ReadAllBytes(Path.Combine(outDir, "partition@0xF000.bin")));
        Assert.False(File.Exists(Path.Combine(outDir, "partition@0xE000.bin.xz")));
        Assert.Equal(File.ReadAllBytes(bundle.InputPath("ro_params.dtb")), File.ReadAllBytes(Path.Combine(outDir, "factory.bin")));
        Assert.Equal(5, Directory.GetFiles(outDir, "*.bin").Length);

        var firmwareXz = new FileInfo(Path.Combine(outDir, "firmware.bin.xz")).Length;
        Assert.Contains($"firmware                0x010000      24096  {firmwareXz,10}  {Sha(firmware)}", output, StringComparison.Ordinal);
        Assert.Contains("erase PSM               0x1E9000      32768  erase only", output, StringComparison.Ordinal);
        Assert.Contains("partition@0xF000        0x00F000        272           -", output, StringComparison.Ordinal);
        Assert.Contains("firmware OpenBL602_1.17.366.bin, expected version 1.17.366; clean slate on", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_writes_a_plan_manifest_that_names_each_region_file_with_its_address_size_and_hashes()
    {
        using var bundle = new RecipeBundle();
        var outDir = Path.Combine(bundle.Folder, "out");

        Assert.Equal(0, Run("image", "build", "--recipe", bundle.RecipePath, "--out", outDir).Exit);

        using var plan = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "plan.json")));
        var regions = plan.RootElement.GetProperty("regions").EnumerateArray().ToList();
        var written = regions.Where(r => r.GetProperty("file").ValueKind == System.Text.Json.JsonValueKind.String).ToList();
        Assert.Equal(5, written.Count);
        foreach (var region in written)
        {
            var bytes = File.ReadAllBytes(Path.Combine(outDir, region.GetProperty("file").GetString()!));
            Assert.Equal(bytes.Length, region.GetProperty("size").GetInt32());
            Assert.Equal(Sha(bytes), region.GetProperty("sha256").GetString());
            var xz = Path.Combine(outDir, region.GetProperty("file").GetString()! + ".xz");
            long? expectedXz = File.Exists(xz) ? new FileInfo(xz).Length : null;
            long? manifestXz = region.GetProperty("compressedSize").ValueKind == System.Text.Json.JsonValueKind.Null ? null : region.GetProperty("compressedSize").GetInt64();
            Assert.Equal(expectedXz, manifestXz);
        }

        var firmware = regions.Single(r => r.GetProperty("region").GetString() == "firmware");
        Assert.Equal("0x010000", firmware.GetProperty("address").GetString());
        var psm = regions.Single(r => r.GetProperty("region").GetString() == "erase PSM");
        Assert.Equal(32768, psm.GetProperty("eraseLength").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, psm.GetProperty("file").ValueKind);
    }

    [Fact]
    public void Build_refuses_a_changed_file_in_one_line_and_writes_nothing()
    {
        using var bundle = new RecipeBundle();
        bundle.WriteInput(RecipeBundle.FirmwareFile, RecipeBundle.Firmware(21_000));
        var outDir = Path.Combine(bundle.Folder, "out");

        var result = Run("image", "build", "--recipe", bundle.RecipePath, "--out", outDir);

        AssertOneLineError(result, $"recipe {bundle.RecipePath}: firmware OpenBL602_1.17.366.bin: SHA-256 is ");
        Assert.Contains("the file changed since the recipe was approved", result.Err, StringComparison.Ordinal);
        Assert.Empty(result.Out);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Build_refuses_a_plan_that_does_not_fit()
    {
        using var bundle = new RecipeBundle(toml: VendorToml.Classic2M.Replace("size0 = 0xC8000", "size0 = 0x2000", StringComparison.Ordinal));

        var result = Run("image", "build", "--recipe", bundle.RecipePath, "--out", Path.Combine(bundle.Folder, "out"));

        AssertOneLineError(result, "firmware (0x10000..0x15E1F, 24,096 bytes) from OpenBL602_1.17.366.bin does not fit the FW slot 0");
    }

    [Theory]
    [InlineData("build", "--out", "x", "missing --recipe FILE")]
    [InlineData("partition", "--toml", "x.toml", "missing --out FILE")]
    [InlineData("pin", "--recipe", "", "missing --recipe FILE")]
    public void Missing_options_are_bad_input(string command, string option, string value, string message)
    {
        AssertOneLineError(Run("image", command, option, value), message);
    }

    [Fact]
    public void Build_with_a_missing_recipe_names_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "nope-" + Guid.NewGuid().ToString("N") + ".json");

        AssertOneLineError(Run("image", "build", "--recipe", missing, "--out", "x"), $"recipe {missing}: file not found");
    }

    [Fact]
    public void Partition_converts_the_vendor_TOML_to_the_reference_table()
    {
        using var bundle = new RecipeBundle();
        var outPath = Path.Combine(bundle.Folder, "partition.bin");

        var (exit, output, _) = Run("image", "partition", "--toml", bundle.InputPath("partition_cfg_2M.toml"), "--out", outPath);

        Assert.Equal(0, exit);
        var bytes = File.ReadAllBytes(outPath);
        Assert.Equal(272, bytes.Length);
        Assert.Equal(new byte[] { 0x26, 0x9A, 0xDF, 0x12 }, bytes[12..16]);
        Assert.Equal(new byte[] { 0xCE, 0x01, 0x50, 0x8B }, bytes[268..]);
        Assert.Contains($"{outPath}: 272 bytes, SHA-256 {Sha(bytes)}", output, StringComparison.Ordinal);
        Assert.Contains("7 entries; write it at 0xE000 and again at 0xF000", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Partition_refuses_malformed_TOML_with_its_line_and_writes_nothing()
    {
        using var bundle = new RecipeBundle();
        var toml = Path.Combine(bundle.Folder, "bad.toml");
        File.WriteAllText(toml, "[pt_table]\naddress0 = 0xE000\naddress1 = \n");
        var outPath = Path.Combine(bundle.Folder, "partition.bin");

        var result = Run("image", "partition", "--toml", toml, "--out", outPath);

        AssertOneLineError(result, $"{toml} line 3, column");
        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public void Partition_checks_the_layout_against_the_flash_size()
    {
        using var bundle = new RecipeBundle();

        var result = Run("image", "partition", "--toml", bundle.InputPath("partition_cfg_2M.toml"), "--out", Path.Combine(bundle.Folder, "p.bin"), "--flash-size", "1M");

        AssertOneLineError(result, "ends beyond the 1024 KiB flash");
    }

    [Fact]
    public void Partition_with_a_missing_TOML_names_it()
    {
        AssertOneLineError(Run("image", "partition", "--toml", "/nonexistent/p.toml", "--out", "/tmp/p.bin"), "/nonexistent/p.toml: partition TOML not found");
    }

    [Fact]
    public void Inspect_decodes_every_built_image_kind()
    {
        using var bundle = new RecipeBundle();
        var outDir = Path.Combine(bundle.Folder, "out");
        Assert.Equal(0, Run("image", "build", "--recipe", bundle.RecipePath, "--out", outDir).Exit);

        var firmware = Run("image", "inspect", Path.Combine(outDir, "firmware.bin"));
        var boot2 = Run("image", "inspect", Path.Combine(outDir, "boot2.bin"));
        var table = Run("image", "inspect", Path.Combine(outDir, "partition@0xE000.bin"));
        var dtb = Run("image", "inspect", Path.Combine(outDir, "factory.bin"));
        var helper = Run("image", "inspect", bundle.InputPath("eflash_loader_40m.bin"));

        Assert.All(new[] { firmware, boot2, table, dtb, helper }, r => Assert.Equal((0, string.Empty), (r.Exit, r.Err)));
        Assert.Contains("whole_img (firmware flash image, code at 0x1000)", firmware.Out, StringComparison.Ordinal);
        Assert.Contains("code: 20000 bytes at 0x1000, hash valid", firmware.Out, StringComparison.Ordinal);
        Assert.Contains("header CRC 0x", firmware.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("INVALID", firmware.Out, StringComparison.Ordinal);
        Assert.Contains("whole_img_boot2 (boot2 flash image, code at 0x2000)", boot2.Out, StringComparison.Ordinal);
        Assert.Contains("partition table: version 0, 7 entries, age 0, header CRC valid, entry CRC valid", table.Out, StringComparison.Ordinal);
        Assert.Contains("  6     7  factory       0  0x1F8000  0x007000", table.Out, StringComparison.Ordinal);
        Assert.Contains("console UART baud 2000000, tx pin 16, rx pin 7, MAC mode MBF", dtb.Out, StringComparison.Ordinal);
        Assert.Contains("helper (RAM) image", helper.Out, StringComparison.Ordinal);
        Assert.Contains("segment 0: dest 0x22010000, 6000 bytes", helper.Out, StringComparison.Ordinal);
        Assert.Contains("header CRC 0xDEADBEEF ignored (crc_ignore, 0xDEADBEEF)", helper.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_decodes_a_bare_boot_header()
    {
        using var bundle = new RecipeBundle();
        var path = Path.Combine(bundle.Folder, "bootinfo.bin");
        File.WriteAllBytes(path, FlashImage.Build(RecipeBundle.Code(1_000, 5), FlashImageKind.Firmware)[..BootHeader.Size]);

        var (exit, output, error) = Run("image", "inspect", path);

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.Contains($"{path}: 176 bytes", output, StringComparison.Ordinal);
        Assert.Contains("boot header\n  magic 0x504E4642 (BFNP), revision 1", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("image length 1008", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_prints_the_fields_of_a_damaged_image_then_the_error()
    {
        using var bundle = new RecipeBundle();
        var path = Path.Combine(bundle.Folder, "whole_img.bin");
        var image = FlashImage.Build(RecipeBundle.Firmware(20_000), FlashImageKind.Firmware);
        image[0x1000 + 77] ^= 0x40;
        File.WriteAllBytes(path, image);

        var result = Run("image", "inspect", path);

        AssertOneLineError(result, $"{path}: SHA-256 of the code is ");
        Assert.Contains("hash INVALID", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_refuses_a_boot_header_with_a_bad_CRC()
    {
        using var bundle = new RecipeBundle();
        var path = Path.Combine(bundle.Folder, "boot2.bin");
        var image = FlashImage.Build(RecipeBundle.Code(5_000, 4), FlashImageKind.Boot2);
        image[120] ^= 0x10;
        File.WriteAllBytes(path, image);

        var result = Run("image", "inspect", path);

        AssertOneLineError(result, $"{path}: boot header: header CRC32 is ");
        Assert.Contains("INVALID", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_refuses_a_partition_table_with_a_bad_entry_CRC()
    {
        using var bundle = new RecipeBundle();
        var path = Path.Combine(bundle.Folder, "partition.bin");
        var bytes = PartitionTableToml.Parse(VendorToml.Classic2M, "t").Table.ToBytes();
        bytes[40] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        AssertOneLineError(Run("image", "inspect", path), $"{path}: entry CRC32 is ");
    }

    [Fact]
    public void Inspect_describes_a_raw_firmware_a_recipe_takes_with_its_version_strings()
    {
        using var bundle = new RecipeBundle();

        var (exit, output, error) = Run("image", "inspect", bundle.InputPath(RecipeBundle.FirmwareFile));

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.Contains("raw code or data: no boot header", output, StringComparison.Ordinal);
        Assert.Contains("the flash plan adds the boot header", output, StringComparison.Ordinal);
        Assert.Contains("version strings: 1.17.366", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_describes_unknown_bytes_as_raw_and_refuses_a_missing_file()
    {
        using var bundle = new RecipeBundle();
        var path = Path.Combine(bundle.Folder, "random.bin");
        File.WriteAllBytes(path, [0x12, 0x34, 0x56, 0x78, 0x9A]);

        var raw = Run("image", "inspect", path);
        Assert.Equal((0, string.Empty), (raw.Exit, raw.Err));
        Assert.Contains("starts with 12345678", raw.Out, StringComparison.Ordinal);
        Assert.Contains("no version string", raw.Out, StringComparison.Ordinal);
        AssertOneLineError(Run("image", "inspect", Path.Combine(bundle.Folder, "missing.bin")), "missing.bin: file not found");
    }

    [Fact]
    public void Pin_reports_what_changed_and_the_recipe_then_builds()
    {
        using var bundle = new RecipeBundle();
        var oldSha = Sha(File.ReadAllBytes(bundle.InputPath(RecipeBundle.FirmwareFile)));
        var newFirmware = RecipeBundle.Firmware(22_000);
        bundle.WriteInput(RecipeBundle.FirmwareFile, newFirmware);

        var (exit, output, error) = Run("image", "pin", "--recipe", bundle.RecipePath);

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.Contains($"firmware images/OpenBL602_1.17.366.bin: CHANGED: was {oldSha}, now {Sha(newFirmware)}", output, StringComparison.Ordinal);
        Assert.Contains("boot2 images/blsp_boot2.bin: unchanged", output, StringComparison.Ordinal);
        Assert.Contains($"{bundle.RecipePath} rewritten; its SHA-256 is now {Sha(File.ReadAllBytes(bundle.RecipePath))}", output, StringComparison.Ordinal);
        Assert.Equal(0, Run("image", "build", "--recipe", bundle.RecipePath, "--out", Path.Combine(bundle.Folder, "out")).Exit);
    }

    [Fact]
    public void Pin_of_an_unusable_file_is_refused_and_changes_nothing()
    {
        using var bundle = new RecipeBundle();
        var before = File.ReadAllBytes(bundle.RecipePath);
        bundle.WriteInput("ro_params.dtb", [1, 2, 3, 4]);

        var result = Run("image", "pin", "--recipe", bundle.RecipePath);

        AssertOneLineError(result, "factoryParameters ro_params.dtb: 4 bytes is too short for an FDT header");
        Assert.Equal(before, File.ReadAllBytes(bundle.RecipePath));
    }

    [Fact]
    public void Pin_refuses_a_recipe_that_build_refuses_and_changes_nothing()
    {
        // The firmware does not fit its slot: pinning it would approve a recipe no station can use.
        using var bundle = new RecipeBundle(toml: VendorToml.Classic2M.Replace("size0 = 0xC8000", "size0 = 0x2000", StringComparison.Ordinal));
        bundle.WriteInput(RecipeBundle.FirmwareFile, RecipeBundle.Firmware(22_000));
        var before = File.ReadAllBytes(bundle.RecipePath);

        var pin = Run("image", "pin", "--recipe", bundle.RecipePath);
        var build = Run("image", "build", "--recipe", bundle.RecipePath, "--out", Path.Combine(bundle.Folder, "out"));

        AssertOneLineError(pin, "does not fit the FW slot 0");
        Assert.Equal(before, File.ReadAllBytes(bundle.RecipePath));
        Assert.Equal(2, build.Exit);
    }

    [Fact]
    public void Pin_and_build_refuse_a_100_MB_firmware_in_one_line()
    {
        using var bundle = new RecipeBundle();
        using (var huge = new FileStream(bundle.InputPath(RecipeBundle.FirmwareFile), FileMode.Create))
        {
            huge.SetLength(100L * 1024 * 1024);
        }

        var before = File.ReadAllBytes(bundle.RecipePath);

        AssertOneLineError(Run("image", "pin", "--recipe", bundle.RecipePath), "firmware images/OpenBL602_1.17.366.bin: is 104,857,600 bytes, larger than 2,097,152");
        AssertOneLineError(Run("image", "build", "--recipe", bundle.RecipePath, "--out", Path.Combine(bundle.Folder, "out")), "is 104,857,600 bytes");
        Assert.Equal(before, File.ReadAllBytes(bundle.RecipePath));
    }

    [Fact]
    public void Build_refuses_a_device_named_by_the_recipe_naming_the_key()
    {
        using var bundle = new RecipeBundle();
        var text = File.ReadAllText(bundle.RecipePath).Replace("\"images/eflash_loader_40m.bin\"", "\"/dev/zero\"", StringComparison.Ordinal);
        File.WriteAllText(bundle.RecipePath, text);

        AssertOneLineError(Run("image", "build", "--recipe", bundle.RecipePath, "--out", Path.Combine(bundle.Folder, "out")), "\"helper.file\" \"/dev/zero\" is an absolute path: a recipe names files inside its own folder only");
    }

    [Fact]
    public void Several_problems_of_a_recipe_are_listed_one_per_line()
    {
        using var bundle = new RecipeBundle();
        var text = File.ReadAllText(bundle.RecipePath)
            .Replace("\"baud\": 2000000", "\"baud\": \"fast\"", StringComparison.Ordinal)
            .Replace("\"images/OpenBL602_1.17.366.bin\"", "\"../OpenBL602_1.17.366.bin\"", StringComparison.Ordinal);
        File.WriteAllText(bundle.RecipePath, text);

        var (exit, output, error) = Run("image", "build", "--recipe", bundle.RecipePath, "--out", Path.Combine(bundle.Folder, "out"));

        Assert.Equal((2, string.Empty), (exit, output));
        Assert.Equal(
            [
                $"fixture image build: recipe {bundle.RecipePath}: 2 problems:",
                "  \"loader.baud\" must be a whole number, found the text \"fast\"",
                "  \"firmware.file\" \"../OpenBL602_1.17.366.bin\" leaves the recipe's folder: a recipe names files inside its own folder only; copy the file beside the recipe",
            ],
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [SkippableFact]
    public void Inspect_and_partition_refuse_a_device_in_one_line_without_reading_it()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/dev/zero"), "needs Linux's /dev/zero");
        using var bundle = new RecipeBundle();

        AssertOneLineError(Run("image", "inspect", "/dev/zero"), "/dev/zero: file is not a regular file but a character device");
        AssertOneLineError(Run("image", "partition", "--toml", "/dev/zero", "--out", Path.Combine(bundle.Folder, "p.bin")), "/dev/zero: partition TOML is not a regular file");
        Assert.False(File.Exists(Path.Combine(bundle.Folder, "p.bin")));
    }

    [Fact]
    public void Inspect_refuses_a_file_larger_than_any_BL602_flash()
    {
        using var bundle = new RecipeBundle();
        var huge = Path.Combine(bundle.Folder, "huge.bin");
        using (var file = new FileStream(huge, FileMode.Create))
        {
            file.SetLength(40L * 1024 * 1024);
        }

        AssertOneLineError(Run("image", "inspect", huge), "is 41,943,040 bytes, larger than 33,554,432 (the largest BL602 flash, 32 MiB)");
    }
}
