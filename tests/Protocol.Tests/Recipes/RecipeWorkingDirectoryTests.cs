using Fixture.Protocol.Recipes;

namespace Fixture.Protocol.Tests.Recipes;

/// <summary>Tests that change the process's working directory run alone, after everything else.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkingDirectoryCollection
{
    public const string Name = "changes the working directory";
}

[Collection(WorkingDirectoryCollection.Name)]
public class RecipeWorkingDirectoryTests
{
    [Fact]
    public void Input_paths_are_relative_to_the_recipe_not_the_working_directory()
    {
        using var bundle = new RecipeBundle();
        var elsewhere = Directory.CreateTempSubdirectory("fixture-cwd-").FullName;
        var relativeRecipe = Path.GetRelativePath(elsewhere, bundle.RecipePath);
        var before = Directory.GetCurrentDirectory();
        Recipe recipe;
        try
        {
            Directory.SetCurrentDirectory(elsewhere);
            recipe = RecipeLoader.Load(relativeRecipe);
        }
        finally
        {
            Directory.SetCurrentDirectory(before);
            Directory.Delete(elsewhere);
        }

        Assert.StartsWith("..", relativeRecipe, StringComparison.Ordinal);
        Assert.Equal(relativeRecipe, recipe.Path);
        Assert.Equal(bundle.InputPath(RecipeBundle.FirmwareFile), recipe.Firmware.FullPath);
        Assert.Equal("images/" + RecipeBundle.FirmwareFile, recipe.Firmware.RelativePath);
        Assert.Equal(File.ReadAllBytes(bundle.InputPath(RecipeBundle.FirmwareFile)), recipe.Firmware.Bytes.ToArray());
    }
}
