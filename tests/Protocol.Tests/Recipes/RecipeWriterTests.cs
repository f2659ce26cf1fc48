using System.Security.Cryptography;
using Fixture.Protocol.Recipes;

namespace Fixture.Protocol.Tests.Recipes;

public class RecipeWriterTests
{
    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void Pin_creates_the_pins_of_a_new_recipe()
    {
        using var bundle = new RecipeBundle();
        bundle.Save(pin: false);

        var result = RecipeWriter.Pin(bundle.RecipePath);

        Assert.True(result.Rewritten);
        Assert.All(result.Pins, p => Assert.Null(p.OldSha256));
        Assert.Equal(Sha(File.ReadAllBytes(bundle.InputPath("ro_params.dtb"))), result.Pins.Single(p => p.Input == RecipeInputKind.FactoryParameters).NewSha256);
        Assert.Equal(Sha(File.ReadAllBytes(bundle.RecipePath)), result.RecipeSha256);
        Assert.Equal(result.RecipeSha256, bundle.Load().Sha256);
    }

    [Fact]
    public void Pin_after_a_deliberate_change_repins_only_that_file_and_keeps_the_rest_of_the_recipe()
    {
        using var bundle = new RecipeBundle();
        var before = File.ReadAllText(bundle.RecipePath);
        var oldFirmware = bundle.Load().Firmware.Sha256;
        var newFirmware = RecipeBundle.Firmware(24_000);
        bundle.WriteInput(RecipeBundle.FirmwareFile, newFirmware);
        Assert.Equal(RecipeProblem.HashMismatch, Assert.Throws<RecipeException>(bundle.Load).Problem);

        var result = RecipeWriter.Pin(bundle.RecipePath);

        var change = Assert.Single(result.Pins, p => p.Changed);
        Assert.Equal((RecipeInputKind.Firmware, oldFirmware, Sha(newFirmware)), (change.Input, change.OldSha256, change.NewSha256));
        Assert.NotEqual(result.RecipeSha256Before, result.RecipeSha256);
        var after = File.ReadAllText(bundle.RecipePath);
        Assert.Equal(before.Replace(oldFirmware, Sha(newFirmware), StringComparison.Ordinal), after);
        Assert.Equal(Sha(newFirmware), bundle.Load().Firmware.Sha256);
    }

    [Fact]
    public void Pin_with_nothing_changed_leaves_the_file_alone()
    {
        using var bundle = new RecipeBundle();
        var before = File.ReadAllBytes(bundle.RecipePath);

        var result = RecipeWriter.Pin(bundle.RecipePath);

        Assert.False(result.Rewritten);
        Assert.DoesNotContain(result.Pins, p => p.Changed);
        Assert.Equal(before, File.ReadAllBytes(bundle.RecipePath));
        Assert.Equal(result.RecipeSha256Before, result.RecipeSha256);
    }

    [Fact]
    public void Pin_refuses_a_recipe_whose_new_file_is_unusable_and_writes_nothing()
    {
        using var bundle = new RecipeBundle();
        var before = File.ReadAllBytes(bundle.RecipePath);
        bundle.WriteInput(RecipeBundle.FirmwareFile, RecipeBundle.Firmware(20_000, version: "9.9.9"));

        var error = Assert.Throws<RecipeException>(() => RecipeWriter.Pin(bundle.RecipePath));

        Assert.Equal(RecipeProblem.FirmwareVersionNotFound, error.Problem);
        Assert.Equal(before, File.ReadAllBytes(bundle.RecipePath));
        Assert.False(File.Exists(bundle.RecipePath + ".tmp"));
    }

    [Fact]
    public void Pin_refuses_a_missing_input_and_writes_nothing()
    {
        using var bundle = new RecipeBundle();
        var before = File.ReadAllBytes(bundle.RecipePath);
        File.Delete(bundle.InputPath("blsp_boot2.bin"));

        var error = Assert.Throws<RecipeException>(() => RecipeWriter.Pin(bundle.RecipePath));

        Assert.Equal(RecipeProblem.InputFileMissing, error.Problem);
        Assert.Contains("boot2 images/blsp_boot2.bin: file not found", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(bundle.RecipePath));
    }

    [Fact]
    public void Written_recipe_uses_forward_slashes_and_spells_out_every_setting()
    {
        using var bundle = new RecipeBundle();

        var text = File.ReadAllText(bundle.RecipePath);

        foreach (var key in new[] { "\"expectedVersion\": \"1.17.366\"", "\"jedecIds\"", "\"sizeBytes\": 2097152", "\"bootCompleteTimeoutSeconds\": 10", "\"slot\": \"inactive\"", "\"headerOnly\": true", "\"writeChunkSize\": 16384", "\"hashSkip\": true" })
        {
            Assert.Contains(key, text, StringComparison.Ordinal);
        }

        Assert.Contains("\"file\": \"images/ro_params.dtb\"", text, StringComparison.Ordinal);
    }
}
