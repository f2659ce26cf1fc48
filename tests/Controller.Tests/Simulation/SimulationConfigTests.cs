using System.Text.RegularExpressions;

namespace Fixture.Controller.Tests.Simulation;

/// <summary>The configuration's "simulation" section is the simulated station's to read: checked when it opens, every problem named by its key.</summary>
public sealed class SimulationConfigTests : IDisposable
{
    private static readonly string Root = RepositoryRoot();
    private readonly string folder = Directory.CreateTempSubdirectory("fixture-simulation-config-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Every_bad_simulation_setting_is_refused_naming_its_key()
    {
        var (exit, _, error) = Validate(text => text
            .Replace("\"time\": \"modelled\"", "\"time\": \"fast\", \"macBase\": \"70:3E:97:1E:96\"", StringComparison.Ordinal)
            .Replace("\"adapterTurnaroundMs\": 1.5", "\"adapterTurnaroundMs\": -1", StringComparison.Ordinal));

        Assert.Equal(2, exit);
        Assert.Contains("simulation.time", error, StringComparison.Ordinal);
        Assert.Contains("simulation.macBase", error, StringComparison.Ordinal);
        Assert.Contains("simulation.adapterTurnaroundMs", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_simulation_key_is_refused_naming_it()
    {
        var (exit, _, error) = Validate(text => text.Replace("\"time\": \"modelled\"", "\"time\": \"modelled\", \"tme\": 1", StringComparison.Ordinal));

        Assert.Equal(2, exit);
        Assert.Contains("simulation.tme", error, StringComparison.Ordinal);
        Assert.Contains("unknown key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_committed_simulated_station_is_valid()
    {
        var (exit, output, error) = Validate(text => text);

        Assert.True(exit == 0, output + error);
    }

    private (int Exit, string Output, string Error) Validate(Func<string, string> edit)
    {
        var config = edit(File.ReadAllText(Path.Combine(Root, "config", "station.sim.json")));
        config = Regex.Replace(config, "\"recipe\": \\{[^}]*\\},", string.Empty);
        var path = Path.Combine(folder, "station.json");
        File.WriteAllText(path, config);
        return FixtureCli.Run("config", "validate", "--sim", "--config", path, "--recipe", Path.Combine(Root, "config", "recipes", "openbl602-sim", "recipe.json"));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fixture.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Fixture.sln not found above the test assembly.");
    }
}
