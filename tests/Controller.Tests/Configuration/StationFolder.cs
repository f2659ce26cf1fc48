namespace Fixture.Controller.Tests.Configuration;

/// <summary>A temporary folder with a copy of the default simulated station configuration and the recipe folder it pins.</summary>
internal sealed class StationFolder : IDisposable
{
    public StationFolder()
    {
        Folder = Directory.CreateTempSubdirectory("fixture-config-").FullName;
        var recipes = Path.Combine(Folder, "recipes", "openbl602-sim");
        Directory.CreateDirectory(recipes);
        foreach (var file in Directory.EnumerateFiles(Repository("config", "recipes", "openbl602-sim")))
        {
            File.Copy(file, Path.Combine(recipes, Path.GetFileName(file)));
        }

        File.Copy(Repository("config", "station.sim.json"), ConfigPath);
    }

    public string Folder { get; }

    public string ConfigPath => Path.Combine(Folder, "station.json");

    public string RecipePath => Path.Combine(Folder, "recipes", "openbl602-sim", "recipe.json");

    public string Text
    {
        get => File.ReadAllText(ConfigPath);
        set => File.WriteAllText(ConfigPath, value);
    }

    /// <summary>A file of the repository, found above the test binaries.</summary>
    public static string Repository(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fixture.sln")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("Fixture.sln not found above the test binaries.");
    }

    /// <summary>Replaces <paramref name="from"/> (which must occur) in the configuration's text.</summary>
    public void Edit(string from, string to)
    {
        var text = Text;
        Assert.Contains(from, text, StringComparison.Ordinal);
        Text = text.Replace(from, to, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
