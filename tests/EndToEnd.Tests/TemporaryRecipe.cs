using System.Text.Json.Nodes;

namespace Fixture.EndToEnd.Tests;

/// <summary>A copy of the committed simulated recipe bundle with one setting changed (its input files keep their pins).</summary>
internal sealed class TemporaryRecipe : IDisposable
{
    private readonly string _folder;

    private TemporaryRecipe(string folder)
    {
        _folder = folder;
    }

    public string Path => System.IO.Path.Combine(_folder, "recipe.json");

    public static TemporaryRecipe WithCleanSlateOff()
    {
        var folder = Directory.CreateTempSubdirectory("fixture-recipe-").FullName;
        foreach (var file in Directory.EnumerateFiles(SimulatedStationRun.DefaultRecipeFolder))
        {
            File.Copy(file, System.IO.Path.Combine(folder, System.IO.Path.GetFileName(file)));
        }

        var path = System.IO.Path.Combine(folder, "recipe.json");
        var recipe = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        recipe["cleanSlate"] = new JsonObject { ["enabled"] = false };
        File.WriteAllText(path, recipe.ToJsonString());
        return new TemporaryRecipe(folder);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
