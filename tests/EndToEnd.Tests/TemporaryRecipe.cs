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

    /// <summary>The simulated recipe whose clean slate erases only the FW entry's inactive header: PSM (and a stored config) survive although clean slate is on.</summary>
    public static TemporaryRecipe WithCleanSlateKeepingPsm() => Edit((recipe, _) =>
        recipe["cleanSlate"] = new JsonObject
        {
            ["enabled"] = true,
            ["erase"] = new JsonArray(new JsonObject { ["partition"] = "FW", ["slot"] = "inactive", ["headerOnly"] = true }),
        });

    /// <summary>The simulated recipe with the SDK's commented-out rf_para entry (type 8, 0x1FF000, 0x1000) switched on in its table.</summary>
    public static TemporaryRecipe WithRfParaEntry() => Edit((recipe, folder) =>
    {
        var toml = System.IO.Path.Combine(folder, "partition_cfg_2M.toml");
        File.AppendAllText(toml, "\n[[pt_entry]]\ntype = 8\nname = \"rf_para\"\ndevice = 0\naddress0 = 0x1FF000\nsize0 = 0x1000\naddress1 = 0x0\nsize1 = 0x0\nlen = 0\n");
        recipe["partitionTable"]!["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(toml)));
    });

    private static TemporaryRecipe Edit(Action<JsonObject, string> edit)
    {
        var folder = Directory.CreateTempSubdirectory("fixture-recipe-").FullName;
        foreach (var file in Directory.EnumerateFiles(SimulatedStationRun.DefaultRecipeFolder))
        {
            File.Copy(file, System.IO.Path.Combine(folder, System.IO.Path.GetFileName(file)));
        }

        var path = System.IO.Path.Combine(folder, "recipe.json");
        var recipe = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(recipe, folder);
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
