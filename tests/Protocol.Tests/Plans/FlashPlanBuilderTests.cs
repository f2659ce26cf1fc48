using System.Security.Cryptography;
using System.Text;
using Fixture.Protocol.Compression;
using Fixture.Protocol.Images;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;
using Fixture.Protocol.Tests.Recipes;
using SharpCompress.Compressors.Xz;

namespace Fixture.Protocol.Tests.Plans;

public class FlashPlanBuilderTests
{
    /// <summary>Raw OpenBL602 application size that makes the reference's 762 336-byte whole_img.bin.</summary>
    private const int RealFirmwareLength = 762_336 - 0x1000;

    /// <summary>A compressor that records what it was asked to compress (marker bytes out, not real xz).</summary>
    private sealed class CountingCompressor
    {
        public List<int> Lengths { get; } = [];

        public byte[] Compress(ReadOnlySpan<byte> data)
        {
            Lengths.Add(data.Length);
            return [(byte)Lengths.Count];
        }
    }

    private static FlashPlan Plan(RecipeBundle bundle, CountingCompressor? compressor = null) =>
        FlashPlanBuilder.Build(bundle.Load(), (compressor ?? new CountingCompressor()).Compress);

    private static FlashPlanException Refused(RecipeBundle bundle) =>
        Assert.Throws<FlashPlanException>(() => Plan(bundle));

    private static FlashRegion Region(FlashPlan plan, string name) => Assert.Single(plan.Regions, r => r.Name == name);

    [Fact]
    public void Classic_table_plan_puts_each_region_where_the_table_says()
    {
        using var bundle = new RecipeBundle(firmwareLength: RealFirmwareLength);

        var plan = Plan(bundle);

        Assert.Equal("OpenBL602 test bundle", plan.RecipeName);
        var firmware = Region(plan, "firmware");
        Assert.Equal((0x10000u, 762_336, 0xCA1DFu), (firmware.Address, firmware.Data.Length, firmware.EraseEnd));
        Assert.Equal(FlashImage.Build(RecipeBundle.Firmware(RealFirmwareLength), FlashImageKind.Firmware), firmware.Data.ToArray());
        var boot2 = Region(plan, "boot2");
        Assert.Equal((0u, FlashRegionKind.Boot2, 0x2000 + 9_008), (boot2.Address, boot2.Kind, boot2.Data.Length));
        var table0 = Region(plan, "partition@0xE000");
        var table1 = Region(plan, "partition@0xF000");
        Assert.Equal((0xE000u, 0xF000u, 272), (table0.Address, table1.Address, table0.Data.Length));
        Assert.Equal(table0.Data.ToArray(), table1.Data.ToArray());
        Assert.Equal(PartitionTableToml.Parse(RecipeBundle.Classic2MToml, "t").Table.ToBytes(), table0.Data.ToArray());
        var factory = Region(plan, "factory");
        Assert.Equal((0x1F8000u, FlashRegionKind.FactoryParameters, 5_930), (factory.Address, factory.Kind, factory.Data.Length));
    }

    [Fact]
    public void Clean_slate_erases_PSM_whole_and_the_second_firmware_slot_header()
    {
        using var bundle = new RecipeBundle();

        var plan = Plan(bundle);

        var psm = Region(plan, "erase PSM");
        Assert.Equal((FlashRegionKind.EraseOnly, 0x1E9000u, 0x8000u, 0x1F0FFFu), (psm.Kind, psm.Address, psm.EraseLength, psm.EraseEnd));
        Assert.True(psm.Data.IsEmpty);
        Assert.Null(psm.Compressed);
        Assert.Equal(SHA256.HashData(Enumerable.Repeat((byte)0xFF, 0x8000).ToArray()), psm.Sha256);
        var header = Region(plan, "erase FW slot 1 header");
        Assert.Equal((0xD8000u, 0x1000u), (header.Address, header.EraseLength));
    }

    [Fact]
    public void Regions_follow_the_partition_table_when_it_moves()
    {
        var moved = RecipeBundle.Classic2MToml
            .Replace("address0 = 0x1E9000\nsize0 = 0x8000", "address0 = 0x1EA000\nsize0 = 0x7000", StringComparison.Ordinal)
            .Replace("address0 = 0x1F8000\nsize0 = 0x7000", "address0 = 0x1F9000\nsize0 = 0x6000", StringComparison.Ordinal)
            .Replace("address0 = 0xE000", "address0 = 0xC000", StringComparison.Ordinal);
        using var bundle = new RecipeBundle(toml: moved);

        var plan = Plan(bundle);

        Assert.Equal((0x1EA000u, 0x7000u), (Region(plan, "erase PSM").Address, Region(plan, "erase PSM").EraseLength));
        Assert.Equal(0x1F9000u, Region(plan, "factory").Address);
        Assert.Equal(0xC000u, Region(plan, "partition@0xC000").Address);
    }

    [Fact]
    public void Active_second_slot_takes_the_firmware_and_the_first_slot_header_is_erased()
    {
        var toml = RecipeBundle.Classic2MToml.Replace("name = \"FW\"", "name = \"FW\"\nactiveindex = 1", StringComparison.Ordinal);
        using var bundle = new RecipeBundle(toml: toml);

        var plan = Plan(bundle);

        Assert.Equal(0xD8000u, Region(plan, "firmware").Address);
        Assert.Equal((0x10000u, 0x1000u), (Region(plan, "erase FW slot 0 header").Address, Region(plan, "erase FW slot 0 header").EraseLength));
    }

    [Fact]
    public void Clean_slate_off_leaves_only_written_regions()
    {
        using var bundle = new RecipeBundle();
        bundle.Save(bundle.Document with { CleanSlate = new CleanSlateSettings { Enabled = false } });

        var plan = Plan(bundle);

        Assert.DoesNotContain(plan.Regions, r => r.IsEraseOnly);
        Assert.Equal(5, plan.Regions.Count);
    }

    [Fact]
    public void Regions_are_ordered_erases_first_then_small_regions_and_the_firmware_last()
    {
        using var bundle = new RecipeBundle();

        var plan = Plan(bundle);

        Assert.Equal(
            ["erase FW slot 1 header", "erase PSM", "boot2", "partition@0xE000", "partition@0xF000", "factory", "firmware"],
            plan.Regions.Select(r => r.Name));
    }

    [Fact]
    public void Written_regions_carry_the_SHA256_of_their_uncompressed_bytes()
    {
        using var bundle = new RecipeBundle();

        var plan = Plan(bundle);

        Assert.All(plan.Regions.Where(r => !r.IsEraseOnly), r =>
        {
            Assert.Equal(SHA256.HashData(r.Data.Span), r.Sha256);
            Assert.Equal((uint)r.Data.Length, r.EraseLength);
        });
    }

    [Fact]
    public void Only_regions_above_4096_bytes_are_compressed_and_each_exactly_once()
    {
        using var bundle = new RecipeBundle();
        var compressor = new CountingCompressor();

        var plan = Plan(bundle, compressor);
        var firstUse = plan.Regions.Select(r => r.Compressed).ToList();
        var wire = (plan.WireBytes, plan.WireBytes);
        var secondUse = plan.Regions.Select(r => r.Compressed).ToList();

        Assert.Equal([0x2000 + 9_008, 5_930, 0x1000 + 20_000], compressor.Lengths);
        Assert.Equal(3, compressor.Lengths.Count);
        Assert.Null(Region(plan, "partition@0xE000").Compressed);
        Assert.NotNull(Region(plan, "factory").Compressed);
        Assert.Equal(firstUse, secondUse);
        Assert.Equal(wire.Item1, wire.Item2);
    }

    [Fact]
    public void Real_plan_compresses_with_xz_that_decodes_back_to_the_region()
    {
        using var bundle = new RecipeBundle();

        var plan = FlashPlanBuilder.Build(bundle.Load());

        foreach (var region in plan.Regions.Where(r => r.Compressed is not null))
        {
            var xz = region.Compressed!.Value.ToArray();
            Assert.Equal(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00 }, xz[..6]);
            using var decoder = new XZStream(new MemoryStream(xz));
            using var decoded = new MemoryStream();
            decoder.CopyTo(decoded);
            Assert.Equal(region.Data.ToArray(), decoded.ToArray());
        }

        Assert.Equal(XzEncoder.Encode(Region(plan, "factory").Data.Span), Region(plan, "factory").Compressed!.Value.ToArray());
        Assert.True(plan.WireBytes < plan.DataBytes);
    }

    [Fact]
    public void Firmware_larger_than_its_slot_is_refused()
    {
        var toml = RecipeBundle.Classic2MToml.Replace("size0 = 0xC8000", "size0 = 0x5000", StringComparison.Ordinal);
        using var bundle = new RecipeBundle(firmwareLength: 20_000, toml: toml);

        var error = Refused(bundle);

        Assert.Equal((FlashPlanProblem.DoesNotFit, "firmware"), (error.Problem, error.Region));
        Assert.Equal(
            $"recipe {bundle.RecipePath}: firmware (0x10000..0x15E1F, 24,096 bytes) from OpenBL602_1.17.366.bin does not fit the FW slot 0 (0x10000+0x5000, 20,480 bytes); " +
            "use a smaller image or a partition table with a larger slot",
            error.Message);
    }

    [Fact]
    public void Factory_parameters_larger_than_the_factory_entry_are_refused()
    {
        using var bundle = new RecipeBundle();
        bundle.ReplaceInput("ro_params.dtb", RecipeBundle.FactoryParametersDtb(2_000_000, totalSize: 0x7000 + 16));

        var error = Refused(bundle);

        Assert.Equal((FlashPlanProblem.DoesNotFit, "factory"), (error.Problem, error.Region));
        Assert.Contains("from ro_params.dtb does not fit the factory slot 0 (0x1F8000+0x7000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boot2_running_into_the_partition_table_is_refused()
    {
        using var bundle = new RecipeBundle(boot2Length: 0xE000 - 0x2000 + 16);

        var error = Refused(bundle);

        Assert.Equal((FlashPlanProblem.DoesNotFit, "boot2"), (error.Problem, error.Region));
        Assert.Contains("does not fit the space below the partition table (0x0+0xE000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boot2_filling_exactly_up_to_the_table_is_accepted()
    {
        using var bundle = new RecipeBundle(boot2Length: 0xE000 - 0x2000);

        Assert.Equal(0xDFFFu, Region(Plan(bundle), "boot2").EraseEnd);
    }

    [Fact]
    public void Clean_slate_erase_over_the_firmware_is_refused_as_an_overlap_naming_both()
    {
        using var bundle = new RecipeBundle();
        bundle.Save(bundle.Document with { CleanSlate = new CleanSlateSettings { Erase = [new("PSM"), new("FW", HeaderOnly: true)] } });

        var error = Refused(bundle);

        Assert.Equal(FlashPlanProblem.Overlap, error.Problem);
        Assert.Equal(["erase FW slot 0 header", "firmware"], new[] { error.Region, error.OtherRegion! }.Order());
        Assert.Contains("share flash (erase works in 4 KiB sectors, so one would wipe the other)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_slate_erase_of_the_factory_partition_is_refused_as_an_overlap()
    {
        using var bundle = new RecipeBundle();
        bundle.Save(bundle.Document with { CleanSlate = new CleanSlateSettings { Erase = [new("factory")] } });

        var error = Refused(bundle);

        Assert.Equal(FlashPlanProblem.Overlap, error.Problem);
        Assert.Contains("factory", error.Region + error.OtherRegion, StringComparison.Ordinal);
        Assert.Contains("erase factory", error.Region + error.OtherRegion, StringComparison.Ordinal);
    }

    // The vendor's commented-out rf_para entry, switched on.
    private static string WithRfPara => RecipeBundle.Classic2MToml
        .Replace("#[[pt_entry]]\n#type = 8\n#name = \"rf_para\"\n#device = 0\n#address0 = 0x1FF000\n#size0 = 0x1000\n#address1 = 0\n#size1 = 0", "[[pt_entry]]\ntype = 8\nname = \"rf_para\"\ndevice = 0\naddress0 = 0x1FF000\nsize0 = 0x1000\naddress1 = 0\nsize1 = 0", StringComparison.Ordinal)
        .Replace("#len = 0", "len = 0", StringComparison.Ordinal);

    [Theory]
    [InlineData("mfg")]
    [InlineData("rf_para")]
    public void Clean_slate_erase_of_the_units_own_factory_data_is_refused(string partition)
    {
        using var bundle = new RecipeBundle(toml: WithRfPara);
        bundle.Save(bundle.Document with { CleanSlate = new CleanSlateSettings { Erase = [new("PSM"), new(partition)] } });

        var error = Refused(bundle);

        Assert.Equal(FlashPlanProblem.FactoryData, error.Problem);
        Assert.Contains($"\"{partition}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing could restore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_region_of_the_default_plan_touches_mfg_or_rf_para()
    {
        using var bundle = new RecipeBundle(toml: WithRfPara);
        var table = PartitionTableToml.Parse(WithRfPara, "t").Table;
        Assert.NotNull(table.Find("rf_para"));

        var plan = Plan(bundle);

        foreach (var entry in new[] { table.Find("mfg")!, table.Find("rf_para")! })
        {
            Assert.All(plan.Regions, r => Assert.True(
                r.Address + (long)r.EraseLength <= entry.Address0 || r.Address >= entry.Address0 + (long)entry.Size0,
                $"{r.Name} at 0x{r.Address:X}+0x{r.EraseLength:X} touches {entry}"));
        }

        Assert.Single(plan.Regions, r => r.Kind == FlashRegionKind.FactoryParameters && r.Address == table.Find("factory")!.Address0);
    }

    [Fact]
    public void A_factory_entry_off_a_sector_boundary_is_refused()
    {
        var toml = RecipeBundle.Classic2MToml.Replace("address0 = 0x1F8000\nsize0 = 0x7000", "address0 = 0x1F8800\nsize0 = 0x6800", StringComparison.Ordinal);
        using var bundle = new RecipeBundle(toml: toml);

        var error = Refused(bundle);

        Assert.Equal((FlashPlanProblem.Misaligned, "factory"), (error.Problem, error.Region));
    }

    [Fact]
    public void Same_recipe_gives_the_same_plan_bytes()
    {
        using var bundle = new RecipeBundle();

        var a = FlashPlanBuilder.Build(bundle.Load());
        var b = FlashPlanBuilder.Build(bundle.Load());

        Assert.Equal(a.Regions.Select(r => Convert.ToHexString(r.Compressed?.ToArray() ?? Encoding.ASCII.GetBytes(r.Name))), b.Regions.Select(r => Convert.ToHexString(r.Compressed?.ToArray() ?? Encoding.ASCII.GetBytes(r.Name))));
    }
}
