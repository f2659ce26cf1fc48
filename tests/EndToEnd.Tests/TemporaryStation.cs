namespace Fixture.EndToEnd.Tests;

/// <summary>A copy of the default simulated station configuration (and its recipe folder, which it pins) with its text edited.</summary>
internal sealed class TemporaryStation : IDisposable
{
    private readonly string _folder;

    private TemporaryStation(string folder)
    {
        _folder = folder;
    }

    public string ConfigPath => Path.Combine(_folder, "station.json");

    /// <summary>The default station with <paramref name="from"/> replaced by <paramref name="to"/> (which must occur).</summary>
    public static TemporaryStation Edited(string from, string to)
    {
        var folder = Directory.CreateTempSubdirectory("fixture-station-").FullName;
        var recipes = Path.Combine(folder, "recipes", "openbl602-sim");
        Directory.CreateDirectory(recipes);
        foreach (var file in Directory.EnumerateFiles(SimulatedStationRun.DefaultRecipeFolder))
        {
            File.Copy(file, Path.Combine(recipes, Path.GetFileName(file)));
        }

        var text = File.ReadAllText(SimulatedStationRun.DefaultConfig);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "station.json"), text.Replace(from, to, StringComparison.Ordinal));
        return new TemporaryStation(folder);
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
