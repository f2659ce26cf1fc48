using System.Text;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Recipes;

namespace Fixture.Protocol.Tests.Recipes;

/// <summary>
/// Flash-size variants (issue 14 §4): a recipe keeps its own flash part and may add variants keyed by size, each
/// with its own partition table, firmware and factory parameters; the JEDEC id picks one, and every problem of a
/// variant is reported with its path.
/// </summary>
public sealed class RecipeVariantTests : IDisposable
{
    // OpenBL602's 1 MB layout (tools/flash_tool/chips/bl602/partition/partition_cfg_1M.toml): one 924 KiB FW slot, no mfg.
    private const string OneMegabyteToml = """
        [pt_table]
        address0 = 0xE000
        address1 = 0xF000

        [[pt_entry]]
        type = 0
        name = "FW"
        device = 0
        address0 = 0x10000
        size0 = 0xE7000
        address1 = 0x0
        size1 = 0x0
        len = 0

        [[pt_entry]]
        type = 3
        name = "media"
        device = 0
        address0 = 0xF7000
        size0 = 0x2000
        address1 = 0
        size1 = 0
        len = 0

        [[pt_entry]]
        type = 4
        name = "PSM"
        device = 0
        address0 = 0xF9000
        size0 = 0x2000
        address1 = 0
        size1 = 0
        len = 0

        [[pt_entry]]
        type = 7
        name = "factory"
        device = 0
        address0 = 0xFB000
        size0 = 0x4000
        address1 = 0
        size1 = 0
        len = 0
        """;

    private readonly RecipeBundle _bundle = new();

    public RecipeVariantTests()
    {
        _bundle.WriteInput("partition_cfg_1M.toml", Encoding.UTF8.GetBytes(OneMegabyteToml));
        _bundle.WriteInput("OpenBL602_1MB.bin", RecipeBundle.Firmware(30_000));
    }

    public void Dispose() => _bundle.Dispose();

    private static RecipeVariant OneMegabyte => new(
        "1MB",
        new PinnedFile("images/partition_cfg_1M.toml"),
        new PinnedFile("images/OpenBL602_1MB.bin"),
        RecipeBundle.FirmwareVersion,
        new PinnedFile("images/ro_params.dtb"),
        new FlashExpectations { JedecIds = ["ef4014"], SizeBytes = 1024 * 1024 });

    private void SaveWithVariantAndPin(params RecipeVariant[] variants)
    {
        _bundle.Save(_bundle.Document with { Variants = variants });
        RecipeWriter.Pin(_bundle.RecipePath);
    }

    private RecipeException Refusal(string json)
    {
        File.WriteAllText(_bundle.RecipePath, json);
        return Assert.Throws<RecipeException>(_bundle.Load);
    }

    private string RecipeWithVariants(string variants)
    {
        var text = File.ReadAllText(_bundle.RecipePath);
        var end = text.LastIndexOf('}');
        return text[..end].TrimEnd() + ",\n  \"variants\": " + variants + "\n}\n";
    }

    [Fact]
    public void A_recipe_without_variants_is_its_own_single_variant_keyed_by_its_size()
    {
        var recipe = _bundle.Load();

        var only = Assert.Single(recipe.Variants);
        Assert.Same(recipe, only);
        Assert.Equal("2MB", recipe.VariantKey);
        Assert.True(recipe.Variant.IsOwn);
    }

    [Fact]
    public void The_jedec_capacity_picks_the_variant_and_an_unknown_flash_gets_none()
    {
        SaveWithVariantAndPin(OneMegabyte);

        var recipe = _bundle.Load();

        Assert.Equal("2MB", recipe.VariantFor(new JedecId(0xEF, 0x40, 0x15, 0))!.VariantKey);
        var small = recipe.VariantFor(new JedecId(0xEF, 0x40, 0x14, 0x80))!;
        Assert.Equal("1MB", small.VariantKey);
        Assert.Equal("OpenBL602_1MB.bin", small.Firmware.FileName);
        Assert.Equal(0x10000u, small.PartitionLayout.Table.Firmware!.Address0);
        Assert.Null(recipe.VariantFor(new JedecId(0xEF, 0x40, 0x16, 0)));
    }

    [Fact]
    public void Each_variant_plans_into_its_own_layout_and_a_single_slot_table_has_no_inactive_slot_to_erase()
    {
        SaveWithVariantAndPin(OneMegabyte);

        var small = _bundle.Load().Variants[1];
        var plan = FlashPlanBuilder.Build(small);

        Assert.Equal(0x10000u, plan.Regions.Single(r => r.Name == "firmware").Address);
        Assert.Equal(0xFB000u, plan.Regions.Single(r => r.Name == "factory").Address);
        var erases = plan.Regions.Where(r => r.IsEraseOnly).ToList();
        Assert.Equal(0xF9000u, Assert.Single(erases).Address);
    }

    [Fact]
    public void Pinning_pins_the_variant_inputs_under_their_own_path()
    {
        _bundle.Save(_bundle.Document with { Variants = [OneMegabyte] });

        var result = RecipeWriter.Pin(_bundle.RecipePath);

        Assert.Contains(result.Pins, p => p.Key == "variants[\"1MB\"].firmware" && p.File == "images/OpenBL602_1MB.bin");
        Assert.Equal("1MB", _bundle.Load().Variants[1].VariantKey);
    }

    [Fact]
    public void A_written_recipe_with_variants_reads_back_to_the_same_variants()
    {
        var document = _bundle.Document with { Variants = [OneMegabyte] };

        var reread = RecipeJson.Read(RecipeJson.Write(document), Path.Combine(_bundle.Folder, "x.json"));

        var variant = Assert.Single(reread.Variants);
        Assert.Equal(("1MB", "images/OpenBL602_1MB.bin", 1024L * 1024), (variant.Key, variant.Firmware.File, variant.Flash.SizeBytes));
        Assert.Equal(["ef4014"], variant.Flash.JedecIds);
    }

    [Fact]
    public void Every_problem_of_a_variant_is_listed_with_its_path()
    {
        var json = RecipeWithVariants("""
            {
              "1MB": { "partitionTable": { "file": "images/partition_cfg_1M.toml" }, "firmware": { "file": "images/OpenBL602_1MB.bin" }, "flash": { "jedecIds": ["ef4014"], "sizeBytes": 2097152 } },
              "tiny": { "partitionTable": { "file": "../outside.toml" }, "firmware": { "file": "images/OpenBL602_1MB.bin", "expectedVersion": "1.17.366" }, "factoryParameters": { "file": "images/ro_params.dtb" }, "flash": { "jedecIds": ["ef4015"], "sizeBytes": 1048576 } }
            }
            """);

        var error = Refusal(json);

        Assert.Contains("\"variants[\"1MB\"].firmware.expectedVersion\" is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"variants[\"1MB\"].factoryParameters\" is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"variants.tiny\" \"tiny\" is not a flash size", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"variants.tiny.partitionTable.file\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variant_keyed_by_another_size_than_its_layout_is_refused()
    {
        var json = RecipeWithVariants("""
            { "4MB": { "partitionTable": { "file": "images/partition_cfg_1M.toml" }, "firmware": { "file": "images/OpenBL602_1MB.bin", "expectedVersion": "1.17.366" }, "factoryParameters": { "file": "images/ro_params.dtb" }, "flash": { "jedecIds": ["ef4014"], "sizeBytes": 1048576 } } }
            """);

        var error = Refusal(json);

        Assert.Contains("\"variants[\"4MB\"].flash.sizeBytes\" 1048576 is a 1MB layout, but the variant is keyed \"4MB\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variant_for_the_recipes_own_size_or_a_chip_two_parts_accept_is_refused()
    {
        var json = RecipeWithVariants("""
            {
              "2MB": { "partitionTable": { "file": "images/partition_cfg_2M.toml" }, "firmware": { "file": "images/OpenBL602_1MB.bin", "expectedVersion": "1.17.366" }, "factoryParameters": { "file": "images/ro_params.dtb" }, "flash": { "jedecIds": ["c84015"], "sizeBytes": 2097152 } },
              "1MB": { "partitionTable": { "file": "images/partition_cfg_1M.toml" }, "firmware": { "file": "images/OpenBL602_1MB.bin", "expectedVersion": "1.17.366" }, "factoryParameters": { "file": "images/ro_params.dtb" }, "flash": { "jedecIds": ["ef4014", "ef4015"], "sizeBytes": 1048576 } }
            }
            """);

        var error = Refusal(json);

        Assert.Contains("\"variants[\"2MB\"]\" the recipe's own partitionTable, firmware and flash are already the 2MB layout", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"variants[\"1MB\"].flash.jedecIds[1]\" \"ef4015\" is also accepted by the recipe's own flash", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pinning_refuses_a_variant_firmware_larger_than_its_layouts_slot_and_leaves_the_file()
    {
        _bundle.WriteInput("OpenBL602_1MB.bin", RecipeBundle.Firmware(0xE7000));
        _bundle.Save(_bundle.Document with { Variants = [OneMegabyte] });
        var before = File.ReadAllBytes(_bundle.RecipePath);

        Assert.Throws<Fixture.Protocol.Plans.FlashPlanException>(() => RecipeWriter.Pin(_bundle.RecipePath));

        Assert.Equal(before, File.ReadAllBytes(_bundle.RecipePath));
    }
}
