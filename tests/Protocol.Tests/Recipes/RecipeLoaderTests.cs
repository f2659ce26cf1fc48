using System.Security.Cryptography;
using System.Text;
using Fixture.Protocol.Images;
using Fixture.Protocol.Recipes;

namespace Fixture.Protocol.Tests.Recipes;

public class RecipeLoaderTests
{
    private static RecipeException Refused(RecipeBundle bundle) =>
        Assert.Throws<RecipeException>(() => RecipeLoader.Load(bundle.RecipePath));

    private static void EditRecipe(RecipeBundle bundle, string from, string to)
    {
        var text = File.ReadAllText(bundle.RecipePath);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(bundle.RecipePath, text.Replace(from, to, StringComparison.Ordinal));
    }

    [Fact]
    public void Pinned_recipe_loads_with_every_input_read_and_parsed()
    {
        using var bundle = new RecipeBundle();

        var recipe = bundle.Load();

        Assert.Equal("OpenBL602 test bundle", recipe.Name);
        Assert.Equal("7", recipe.Version);
        Assert.Equal("1.17.366", recipe.FirmwareVersion);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(bundle.RecipePath))), recipe.Sha256);
        Assert.Equal(RecipeBundle.FirmwareFile, recipe.Firmware.FileName);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(bundle.InputPath(RecipeBundle.FirmwareFile)))), recipe.Firmware.Sha256);
        Assert.Equal(File.ReadAllBytes(bundle.InputPath("blsp_boot2.bin")), recipe.Boot2.Bytes.ToArray());
        Assert.Single(recipe.HelperImage.Segments);
        Assert.Equal(0x10000u, recipe.PartitionLayout.Table.Firmware!.Address0);
        Assert.Equal(2_000_000, recipe.ConsoleBaudRate);
        // The test bundle's helper is generated here, so the station does not know its buffer.
        Assert.Contains("not one the station knows", Assert.Single(recipe.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MBFX", "longer than 3 characters")]
    [InlineData("MXF", "other than M, B, F")]
    public void Factory_parameters_whose_MAC_mode_the_SDK_cannot_use_load_with_a_warning(string mode, string fragment)
    {
        using var bundle = new RecipeBundle();
        bundle.ReplaceInput("ro_params.dtb", RecipeBundle.FactoryParametersDtb(2_000_000, macMode: mode));

        Assert.Contains(bundle.Load().Warnings, w => w.Contains(fragment, StringComparison.Ordinal) && w.Contains("cannot be predicted", StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_left_out_take_their_defaults()
    {
        using var bundle = new RecipeBundle();

        var recipe = bundle.Load();

        Assert.True(recipe.CleanSlate.Enabled);
        Assert.Equal([new CleanSlateErase("PSM"), new CleanSlateErase("FW", PartitionSlotChoice.Inactive, HeaderOnly: true)], recipe.CleanSlate.Effective);
        Assert.Equal((500_000, 2_000_000, 16_384), (recipe.Loader.BootromBaud, recipe.Loader.Baud, recipe.Loader.WriteChunkSize));
        Assert.True(recipe.HashSkip);
        Assert.True(recipe.Flash.Accepts("EF4015"));
        Assert.False(recipe.Flash.Accepts("c84015"));
    }

    [Fact]
    public void Minimal_hand_written_recipe_gets_the_defaults_too()
    {
        using var bundle = new RecipeBundle();
        var pinned = bundle.Document;
        var text = $$"""
            {
              "name": "minimal",
              "version": "1",
              "helper": { "file": "images/eflash_loader_40m.bin" },
              "boot2": { "file": "images/blsp_boot2.bin" },
              "partitionTable": { "file": "images/partition_cfg_2M.toml" },
              "firmware": { "file": "images/{{RecipeBundle.FirmwareFile}}", "expectedVersion": "1.17.366" },
              "factoryParameters": { "file": "images/ro_params.dtb" },
              "flash": { "jedecIds": ["ef4015", "C84015"], "sizeBytes": 2097152 }
            }
            """;
        File.WriteAllText(bundle.RecipePath, text);
        RecipeWriter.Pin(bundle.RecipePath);

        var recipe = bundle.Load();

        Assert.Equal(string.Empty, recipe.Description);
        Assert.Equal(new BootCheckSettings(), recipe.BootCheck);
        Assert.Equal(new EflashLoaderSettings(), recipe.Loader);
        Assert.Equal(CleanSlateSettings.DefaultErase, recipe.CleanSlate.Erase);
        Assert.True(recipe.Flash.Accepts("c84015"));
        Assert.NotEqual(pinned.Name, recipe.Name);
    }

    [Fact]
    public void Written_recipe_reads_back_to_the_same_document()
    {
        using var bundle = new RecipeBundle();
        var document = bundle.Document with
        {
            Flash = new FlashExpectations { JedecIds = ["ef4015", "c84015"], SizeBytes = 2 * 1024 * 1024 },
            BootCheck = new BootCheckSettings { SilenceTimeout = TimeSpan.FromSeconds(2.5), ApStartTimeout = TimeSpan.FromSeconds(9), BootCompleteTimeout = TimeSpan.FromSeconds(11), RequireAp = false },
            CleanSlate = new CleanSlateSettings { Erase = [new("PSM"), new("DATA"), new("FW", PartitionSlotChoice.Slot1, HeaderOnly: true)] },
            Loader = new EflashLoaderSettings { BootromBaud = 460_800, Baud = 1_500_000, WriteChunkSize = 8192, ReadChunkSize = 2048 },
            HashSkip = false,
        };

        var reread = RecipeJson.Read(RecipeJson.Write(document), "x.json");

        Assert.Equal(document.Flash.JedecIds, reread.Flash.JedecIds);
        Assert.Equal(document.CleanSlate.Erase, reread.CleanSlate.Erase);
        Assert.Equal(document with { Flash = reread.Flash, CleanSlate = reread.CleanSlate }, reread);
    }

    [Fact]
    public void Missing_recipe_file_is_refused_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-recipe-" + Guid.NewGuid().ToString("N") + ".json");

        var error = Assert.Throws<RecipeException>(() => RecipeLoader.Load(path));

        Assert.Equal(RecipeProblem.RecipeFileMissing, error.Problem);
        Assert.Equal($"recipe {path}: file not found (check the path; recipes live in config/recipes/)", error.Message);
    }

    [Fact]
    public void Malformed_JSON_names_line_and_column()
    {
        using var bundle = new RecipeBundle();
        EditRecipe(bundle, "\"version\": \"7\",", "\"version\": \"7\"");

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.MalformedJson, error.Problem);
        Assert.StartsWith($"recipe {bundle.RecipePath}: not valid JSON at line 4, column 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JSON_that_is_not_an_object_is_refused()
    {
        using var bundle = new RecipeBundle();
        File.WriteAllText(bundle.RecipePath, "[1, 2]");

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.InvalidValue, error.Problem);
        Assert.Equal($"recipe {bundle.RecipePath}: the file must be a recipe, a JSON object {{ \"name\": ..., \"firmware\": ..., ... }}, found a list", error.Message);
    }

    [Fact]
    public void A_key_given_twice_is_refused_with_its_path_and_both_lines()
    {
        using var bundle = new RecipeBundle();
        EditRecipe(bundle, "\"version\": \"7\",", "\"version\": \"7\",\n  \"version\": \"8\",");

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.DuplicateKey, error.Problem);
        Assert.Equal($"recipe {bundle.RecipePath}: \"version\" is given twice (lines 3 and 4): write each key once", error.Message);
    }

    [Fact]
    public void Unknown_key_is_refused_with_its_path()
    {
        using var bundle = new RecipeBundle();
        EditRecipe(bundle, "\"baud\": 2000000", "\"baudrate\": 2000000");

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.UnknownKey, error.Problem);
        Assert.StartsWith($"recipe {bundle.RecipePath}: \"loader.baudrate\" is an unknown key (known here: bootromBaud, baud,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recipe_without_the_expected_firmware_version_is_refused()
    {
        using var bundle = new RecipeBundle();
        EditRecipe(bundle, ",\n    \"expectedVersion\": \"1.17.366\"", string.Empty);

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.MissingKey, error.Problem);
        Assert.Contains("\"firmware.expectedVersion\" is missing: every recipe must name the OpenBL602 version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recipe_without_flash_expectations_is_refused()
    {
        using var bundle = new RecipeBundle();
        var text = File.ReadAllText(bundle.RecipePath);
        var start = text.IndexOf("  \"flash\"", StringComparison.Ordinal);
        var end = text.IndexOf("  \"bootCheck\"", StringComparison.Ordinal);
        File.WriteAllText(bundle.RecipePath, text[..start] + text[end..]);

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.MissingKey, error.Problem);
        Assert.Contains("\"flash\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"baud\": 2000000", "\"baud\": \"2000000\"", "\"loader.baud\" must be a whole number, found the text \"2000000\"")]
    [InlineData("\"hashSkip\": true", "\"hashSkip\": 1", "\"hashSkip\" must be true or false")]
    [InlineData("\"sizeBytes\": 2097152", "\"sizeBytes\": 2000000", "\"flash.sizeBytes\" 2000000 is not a flash size")]
    [InlineData("\"ef4015\"", "\"ef40\"", "\"flash.jedecIds[0]\" must be a JEDEC id of 6 hex digits")]
    [InlineData("\"ef4015\"", "\"c84014\"", "\"c84014\" is a 1024 KiB part, smaller than the 2048 KiB layout")]
    [InlineData("\"bootCompleteTimeoutSeconds\": 10", "\"bootCompleteTimeoutSeconds\": 5", "would fail good units: OpenBL602 logs boot complete about 6 s after reset")]
    [InlineData("\"apStartTimeoutSeconds\": 8", "\"apStartTimeoutSeconds\": 4", "OpenBL602 opens its AP about 5 s after reset")]
    [InlineData("\"silenceTimeoutSeconds\": 3", "\"silenceTimeoutSeconds\": -1", "must be a number of seconds above 0")]
    [InlineData("\"writeChunkSize\": 16384", "\"writeChunkSize\": 32768", "\"loader.writeChunkSize\" 32768 is outside 16..16384")]
    [InlineData("\"slot\": \"inactive\"", "\"slot\": \"second\"", "must be 0, 1 or \"inactive\"")]
    public void Values_of_the_wrong_type_or_range_are_refused(string from, string to, string message)
    {
        using var bundle = new RecipeBundle();
        EditRecipe(bundle, from, to);

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.InvalidValue, error.Problem);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"recipe {bundle.RecipePath}: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"baud\": 2000000", "\"baud\": 1152000", "the eflash_loader would run at 1000000")]
    [InlineData("\"baud\": 2000000", "\"baud\": 980000", "the eflash_loader would run at 1000000")]
    [InlineData("\"baud\": 2000000", "\"baud\": 6000000", "outside 9600..3000000")]
    [InlineData("\"bootromBaud\": 500000", "\"bootromBaud\": 921600", "the bootrom does not answer above 500 000 baud")]
    public void Impossible_bauds_are_refused(string from, string to, string message)
    {
        using var bundle = new RecipeBundle();
        EditRecipe(bundle, from, to);

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.ImpossibleBaud, error.Problem);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(921_600)]
    [InlineData(1_000_000)]
    [InlineData(3_000_000)]
    public void Bauds_the_loader_keeps_are_accepted(int baud)
    {
        using var bundle = new RecipeBundle();
        bundle.Save(bundle.Document with { Loader = new EflashLoaderSettings { Baud = baud } });

        Assert.Equal(baud, bundle.Load().Loader.Baud);
    }

    [Fact]
    public void A_changed_input_is_refused_as_no_longer_matching_its_pin()
    {
        using var bundle = new RecipeBundle();
        var pinned = bundle.Load().Firmware.Sha256;
        var changed = RecipeBundle.Firmware(20_000);
        changed[100] ^= 0xFF;
        bundle.WriteInput(RecipeBundle.FirmwareFile, changed);

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.HashMismatch, error.Problem);
        Assert.Equal(
            $"recipe {bundle.RecipePath}: firmware OpenBL602_1.17.366.bin: SHA-256 is {Convert.ToHexStringLower(SHA256.HashData(changed))}, the recipe pins {pinned}; " +
            $"the file changed since the recipe was approved (restore the approved file, or re-approve with `fixture image pin --recipe {bundle.RecipePath}`)",
            error.Message);
    }

    [Fact]
    public void A_missing_input_file_is_refused_naming_where_it_was_looked_for()
    {
        using var bundle = new RecipeBundle();
        File.Delete(bundle.InputPath("ro_params.dtb"));

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.InputFileMissing, error.Problem);
        Assert.Contains($"factoryParameters images/ro_params.dtb: file not found (looked for {bundle.InputPath("ro_params.dtb")}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpinned_input_is_refused()
    {
        using var bundle = new RecipeBundle();
        bundle.Save(pin: false);

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.NotPinned, error.Problem);
        Assert.Contains("helper images/eflash_loader_40m.bin: no SHA-256 pinned; run `fixture image pin --recipe", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_helper_that_is_not_a_RAM_image_is_refused()
    {
        using var bundle = new RecipeBundle();
        var helper = File.ReadAllBytes(bundle.InputPath("eflash_loader_40m.bin"));
        helper[300] ^= 0x01; // segment data no longer matches its CRC
        bundle.ReplaceInput("eflash_loader_40m.bin", helper);

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.InvalidHelper, error.Problem);
        Assert.Contains("helper eflash_loader_40m.bin is not a valid eflash_loader RAM image: eflash_loader_40m.bin: segment 0 data CRC32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_legacy_helper_loads_with_a_warning()
    {
        using var bundle = new RecipeBundle();
        bundle.ReplaceInput("eflash_loader_40m.bin", HelperImage.Build(RecipeBundle.Code(4_000, 9), 0x22010000, HelperHeaderVariant.Legacy));

        Assert.Contains(bundle.Load().Warnings, w => w.Contains("lack xz decompress-write (0x3F)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_partition_TOML_that_does_not_parse_is_refused_with_its_own_error_inside()
    {
        using var bundle = new RecipeBundle();
        bundle.ReplaceInput("partition_cfg_2M.toml", Encoding.UTF8.GetBytes(RecipeBundle.Classic2MToml.Replace("len = 0", "len = zero", StringComparison.Ordinal)));

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.InvalidPartitionTable, error.Problem);
        var inner = Assert.IsType<PartitionTableTomlException>(error.InnerException);
        Assert.Equal(PartitionTomlProblem.Syntax, inner.Problem);
        Assert.Contains("partitionTable partition_cfg_2M.toml line 15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_parameters_without_a_console_baud_are_refused()
    {
        using var bundle = new RecipeBundle();
        bundle.ReplaceInput("ro_params.dtb", RecipeBundle.FactoryParametersDtb(consoleBaud: null));

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.InvalidFactoryParameters, error.Problem);
        Assert.Contains("factoryParameters ro_params.dtb: the console UART node has no valid baudrate property", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_img_given_where_raw_firmware_belongs_is_refused()
    {
        using var bundle = new RecipeBundle();
        bundle.ReplaceInput(RecipeBundle.FirmwareFile, FlashImage.Build(RecipeBundle.Firmware(20_000), FlashImageKind.Firmware));

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.InvalidImage, error.Problem);
        Assert.Contains("starts with a boot header (\"BFNP\"), like whole_img.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Firmware_without_the_expected_version_string_is_refused()
    {
        using var bundle = new RecipeBundle();
        bundle.ReplaceInput(RecipeBundle.FirmwareFile, RecipeBundle.Firmware(20_000, version: "1.17.365"));

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.FirmwareVersionNotFound, error.Problem);
        Assert.Contains("does not contain the version string \"1.17.366\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.17.3660")]
    [InlineData("21.17.366")]
    [InlineData("1.17.366-rc1")]
    public void Expected_version_that_is_only_part_of_the_images_version_is_refused_naming_the_whole(string imageVersion)
    {
        // The boot log would print the image's version and fail every unit with VERSION_MISMATCH.
        using var bundle = new RecipeBundle();
        bundle.ReplaceInput(RecipeBundle.FirmwareFile, RecipeBundle.Firmware(20_000, version: imageVersion));

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.FirmwareVersionNotFound, error.Problem);
        Assert.Contains($"appears only inside the longer string \"{imageVersion}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expected_version_stored_as_the_tail_of_a_longer_literal_is_accepted()
    {
        // A linker may merge "1.17.366" into the end of "... version 1.17.366": still the string the log prints.
        using var bundle = new RecipeBundle();
        var firmware = RecipeBundle.Firmware(20_000, version: "0.0.0");
        Encoding.ASCII.GetBytes("Built on Aug 14 2025 09:41:27 version 1.17.366\0").CopyTo(firmware, 100);
        bundle.ReplaceInput(RecipeBundle.FirmwareFile, firmware);

        Assert.Equal("1.17.366", RecipeLoader.Load(bundle.RecipePath).FirmwareVersion);
    }

    [Fact]
    public void A_clean_slate_partition_the_table_lacks_is_refused()
    {
        using var bundle = new RecipeBundle();
        bundle.Save(bundle.Document with { CleanSlate = new CleanSlateSettings { Erase = [new("psm")] } });

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.MissingPartition, error.Problem);
        Assert.Contains("cleanSlate: erase psm: there is no entry named \"psm\" (names are case-sensitive: FW, mfg, media, PSM, KEY, DATA, factory)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_slate_turned_off_needs_no_data_partitions()
    {
        var toml = RecipeBundle.Classic2MToml.Replace("name = \"PSM\"", "name = \"NVS\"", StringComparison.Ordinal);
        using var bundle = new RecipeBundle(toml: toml);
        Assert.Equal(RecipeProblem.MissingPartition, Refused(bundle).Problem);

        bundle.Save(bundle.Document with { CleanSlate = new CleanSlateSettings { Enabled = false } });

        Assert.Empty(bundle.Load().CleanSlate.Effective);
    }

    [Fact]
    public void A_table_without_a_factory_entry_is_refused()
    {
        var toml = RecipeBundle.Classic2MToml.Replace("name = \"factory\"", "name = \"params\"", StringComparison.Ordinal);
        using var bundle = new RecipeBundle(toml: toml);

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.MissingPartition, error.Problem);
        Assert.Contains("has no \"factory\" entry", error.Message, StringComparison.Ordinal);
    }
}
