using Fixture.Protocol.Compression;
using Fixture.Protocol.Recipes;
using Fixture.Simulator.Assets;

namespace Fixture.Simulator.Tests.Assets;

/// <summary>config/recipes/openbl602-sim is what seed 1 generates, and its recipe loads and plans.</summary>
public class CommittedBundleTests
{
    private static string BundleFolder
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fixture.sln")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Fixture.sln not found above the test folder"), "config", "recipes", "openbl602-sim");
        }
    }

    [Fact]
    public void Committed_files_are_the_seed_1_bundle()
    {
        foreach (var file in SyntheticAssets.Get(1).BundleFiles)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(BundleFolder, file.Name)).AsSpan().SequenceEqual(file.Bytes), $"{file.Name} differs from seed 1: regenerate with fixture sim assets and re-pin");
        }
    }

    [Fact]
    public void Recipe_loads_and_its_plan_writes_the_bundle_whole_images_with_the_real_compressibility()
    {
        var recipe = RecipeLoader.Load(Path.Combine(BundleFolder, "recipe.json"));
        var plan = FlashPlanBuilder.Build(recipe);
        var assets = SyntheticAssets.Get(1);

        Assert.Equal("1.17.366", recipe.FirmwareVersion);
        Assert.Equal(2_000_000, recipe.ConsoleBaudRate);
        var firmware = plan.Regions.Single(r => r.Name == "firmware");
        var boot2 = plan.Regions.Single(r => r.Name == "boot2");
        Assert.True(firmware.Data.Span.SequenceEqual(assets.FirmwareImage));
        Assert.True(boot2.Data.Span.SequenceEqual(assets.Boot2Image));
        Assert.InRange(firmware.Compressed!.Value.Length, 405_536 * 0.97, 405_536 * 1.03);
        Assert.InRange(boot2.Compressed!.Value.Length, 22_164 * 0.97, 22_164 * 1.03);
        Assert.InRange(XzEncoder.Encode(assets.FactoryParameters).Length, 1_640 * 0.97, 1_640 * 1.03);
    }
}
