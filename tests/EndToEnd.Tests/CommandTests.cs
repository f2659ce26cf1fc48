
namespace Fixture.EndToEnd.Tests;

/// <summary>`fixture flash` exit codes and `fixture config validate`/`pin` on the simulated station.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fixture-cli-").FullName;

    [Theory]
    [InlineData(null, 0)]
    [InlineData("1:secure-boot", 1)]
    [InlineData("1:sagging-supply", 3)]
    public void Flash_exit_code_is_the_verdict(string? fault, int expected)
    {
        string[] args = ["flash", "--sim", "--reports", Path.Combine(_folder, "reports")];
        var (exit, output, error) = Fixture(fault is null ? args : [.. args, "--fault", fault]);

        Assert.True(expected == exit, output + error);
    }

    [Theory]
    [InlineData("1000")]
    [InlineData("1e9")]
    public void Speed_beyond_what_the_real_time_simulation_honours_is_refused_before_any_unit(string speed)
    {
        var reports = Path.Combine(_folder, "reports");
        var (exit, output, error) = Fixture("run", "--sim", "--units", "1", "--speed", speed, "--reports", reports);

        Assert.True(exit == 2, output + error);
        Assert.Contains("too fast", error, StringComparison.Ordinal);
        Assert.Contains("--speed", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(reports), "the refused run wrote reports");
    }

    [Fact]
    public void Config_validate_prints_what_it_checked()
    {
        var (exit, output, _) = Fixture("config", "validate", "--config", SimulatedStationRun.DefaultConfig, "--sim");

        Assert.Equal(0, exit);
        Assert.Contains("valid", output, StringComparison.Ordinal);
        Assert.Contains("every input file matches its pin", output, StringComparison.Ordinal);
        Assert.Contains("firmware", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Changed_recipe_is_refused_by_the_configurations_pin_naming_file_and_key()
    {
        // A valid SHA-256 that is not the recipe's: the recipe "changed since it was approved".
        var config = CopyDefaultConfig(text => System.Text.RegularExpressions.Regex.Replace(text, "(recipe\\.json\", \"sha256\": \")[0-9a-f]{64}", "${1}" + new string('0', 64)));
        var (exit, output, error) = Fixture("run", "--sim", "--units", "1", "--config", config, "--reports", Path.Combine(_folder, "reports"));

        Assert.Equal(2, exit);
        Assert.Contains(config, error, StringComparison.Ordinal);
        Assert.Contains("workflow.recipe.sha256", error, StringComparison.Ordinal);
        Assert.Contains("changed since it was approved", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PoweringUp", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "reports")), "the refused station wrote reports");
    }

    [Fact]
    public void Pinned_configuration_is_refused_once_it_changes()
    {
        var config = CopyDefaultConfig(text => text);
        Assert.Equal(0, Fixture("config", "pin", "--config", config, "--sim").Exit);
        Assert.Equal(0, Fixture("config", "validate", "--config", config, "--sim").Exit);

        File.AppendAllText(config, "\n// edited after approval\n");
        var (exit, _, error) = Fixture("config", "validate", "--config", config, "--sim");

        Assert.Equal(2, exit);
        Assert.Contains("changed since it was approved", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A copy of the default simulated station beside a copy of its recipe folder, edited.</summary>
    private string CopyDefaultConfig(Func<string, string> edit)
    {
        var recipes = Path.Combine(_folder, "recipes", "openbl602-sim");
        Directory.CreateDirectory(recipes);
        foreach (var file in Directory.EnumerateFiles(SimulatedStationRun.DefaultRecipeFolder))
        {
            File.Copy(file, Path.Combine(recipes, Path.GetFileName(file)));
        }

        var path = Path.Combine(_folder, "station.json");
        File.WriteAllText(path, edit(File.ReadAllText(SimulatedStationRun.DefaultConfig)));
        return path;
    }

    private static (int Exit, string Output, string Error) Fixture(params string[] args) => FixtureCli.Run(args);
}
