using System.Text.Json;
using Fixture.Protocol.Images;

namespace Fixture.Controller.Tests.Cli;

/// <summary>`fixture image build` and `pin` over the shipped synthetic recipe, which has a 1MB flash-size variant (issue 14 §4).</summary>
public sealed class ImageVariantCommandsTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("fixture-image-variants-").FullName;

    private static string ShippedRecipe => Path.Combine(AppContext.BaseDirectory, "config", "recipes", "openbl602-sim", "recipe.json");

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void Build_writes_each_variants_regions_into_a_folder_named_by_its_key()
    {
        var (exit, output, error) = FixtureCli.Run("image", "build", "--recipe", ShippedRecipe, "--out", _out);

        Assert.True(exit == 0, error);
        Assert.Contains("variant 1MB (flash ef4014, 1048576 bytes):", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_out, "firmware.bin")));
        var table = PartitionTable.Parse(File.ReadAllBytes(Path.Combine(_out, "1MB", "partition@0xE000.bin")));
        Assert.Equal((0x10000u, 0xE7000u), (table.Firmware!.Address0, table.Firmware.Size0));
        using var plan = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_out, "1MB", "plan.json")));
        Assert.Equal("1MB", plan.RootElement.GetProperty("variant").GetString());
        var factory = plan.RootElement.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("region").GetString() == "factory");
        Assert.Equal("0x0FB000", factory.GetProperty("address").GetString());
    }

    [Fact]
    public void Pin_lists_the_variants_inputs_under_their_path_and_leaves_an_approved_recipe_alone()
    {
        var before = File.ReadAllBytes(ShippedRecipe);

        var (exit, output, error) = FixtureCli.Run("image", "pin", "--recipe", ShippedRecipe);

        Assert.True(exit == 0, error);
        Assert.Contains("variants[\"1MB\"].firmware OpenBL602_1.17.366_1MB.bin: unchanged", output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(ShippedRecipe));
    }
}
