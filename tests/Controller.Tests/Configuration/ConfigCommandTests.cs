using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Fixture.Controller.Tests.Configuration;

/// <summary>`fixture config validate|pin` refuse what `run` refuses, and re-approve a changed recipe without hand edits.</summary>
public sealed class ConfigCommandTests : IDisposable
{
    private readonly StationFolder _station = new();

    public void Dispose() => _station.Dispose();

    private static (int Exit, string Output, string Error) Fixture(params string[] args) => FixtureCli.Run(args);

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>A deliberate, approved change of the recipe: its description, re-pinned by `image pin` (pins unchanged, the file's hash changes).</summary>
    private void ChangeRecipe()
    {
        var text = File.ReadAllText(_station.RecipePath);
        File.WriteAllText(_station.RecipePath, text.Replace("\"version\": \"1\"", "\"version\": \"2\"", StringComparison.Ordinal));
        Assert.Equal(0, Fixture("image", "pin", "--recipe", _station.RecipePath).Exit);
    }

    /// <summary>Every station configuration shipped in config/ (a new example is picked up without editing this test).</summary>
    public static TheoryData<string> ExampleConfigurations =>
        new(Directory.EnumerateFiles(StationFolder.Repository("config"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    /// <summary>Every recipe shipped in config/recipes.</summary>
    public static TheoryData<string> ExampleRecipes =>
        new(Directory.EnumerateFiles(StationFolder.Repository("config", "recipes"), "recipe*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(StationFolder.Repository("config", "recipes"), f)).Order(StringComparer.Ordinal));

    private static bool IsSimulated(string file) => file.Contains(".sim", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(ExampleConfigurations))]
    public void Every_example_configuration_validates(string file)
    {
        string[] args = ["config", "validate", "--config", StationFolder.Repository("config", file)];

        var (exit, output, error) = Fixture(IsSimulated(file) ? [.. args, "--sim"] : args);

        Assert.True(exit == 0, file + ": " + error);
        if (!IsSimulated(file))
        {
            // A hardware example names no recipe: it validates without --recipe and says what run needs.
            Assert.Contains("Recipe: none named in workflow.recipe.file: `run` and `flash` need one", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(ExampleRecipes))]
    public void Every_example_recipe_builds(string recipe)
    {
        var output = Directory.CreateTempSubdirectory("fixture-recipe-out-").FullName;
        try
        {
            var (exit, _, error) = Fixture("image", "build", "--recipe", StationFolder.Repository("config", "recipes", recipe), "--out", output);

            Assert.True(exit == 0, recipe + ": " + error);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void The_simulated_configuration_without_sim_says_so_before_any_problem()
    {
        var (exit, _, error) = Fixture("config", "validate", "--config", StationFolder.Repository("config", "station.sim.json"));

        Assert.Equal(2, exit);
        Assert.StartsWith("fixture config validate: ", error, StringComparison.Ordinal);
        Assert.Contains("is a simulated station (its lines use the \"simulated\" driver): add --sim.", error.Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Config_pin_after_a_recipe_change_reapproves_it_showing_old_and_new_hashes()
    {
        var oldRecipe = Sha(_station.RecipePath);
        ChangeRecipe();
        var newRecipe = Sha(_station.RecipePath);
        var refused = Fixture("run", "--sim", "--units", "1", "--config", _station.ConfigPath, "--reports", Path.Combine(_station.Folder, "reports"));
        Assert.Equal(2, refused.Exit);
        Assert.Contains("re-approve it with `fixture config pin --config", refused.Error, StringComparison.Ordinal);
        var before = _station.Text;

        var (exit, output, error) = Fixture("config", "pin", "--config", _station.ConfigPath, "--sim");

        Assert.True(exit == 0, error);
        Assert.Contains($"CHANGED since it was approved: workflow.recipe.sha256 {oldRecipe} -> {newRecipe}; 'OpenBL602 1.17.366 (synthetic), BL602 2 MB' version 2", output, StringComparison.Ordinal);
        Assert.Contains($"pinned {_station.ConfigPath}: SHA-256 {Sha(_station.ConfigPath)} in {_station.ConfigPath}.sha256 (was not pinned)", output, StringComparison.Ordinal);
        Assert.Equal(before.Replace(oldRecipe, newRecipe, StringComparison.Ordinal), _station.Text); // comments and layout kept
        Assert.Equal(0, Fixture("config", "validate", "--config", _station.ConfigPath, "--sim").Exit);
    }

    [Fact]
    public void Config_pin_adds_a_missing_recipe_pin_and_leaves_an_approved_one_alone()
    {
        _station.Text = Regex.Replace(_station.Text, ", \"sha256\": \"[0-9a-f]{64}\"", string.Empty);

        var first = Fixture("config", "pin", "--config", _station.ConfigPath, "--sim");
        var second = Fixture("config", "pin", "--config", _station.ConfigPath, "--sim");

        Assert.Contains("approved, workflow.recipe.sha256 " + Sha(_station.RecipePath) + " written (was not pinned)", first.Output, StringComparison.Ordinal);
        Assert.Contains("\"sha256\": \"" + Sha(_station.RecipePath) + "\"", _station.Text, StringComparison.Ordinal);
        Assert.Contains("unchanged, SHA-256 " + Sha(_station.RecipePath), second.Output, StringComparison.Ordinal);
        Assert.Contains("(unchanged)", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_pin_refuses_a_recipe_that_would_not_load_and_writes_nothing()
    {
        File.AppendAllText(Path.Combine(_station.Folder, "recipes", "openbl602-sim", "OpenBL602_1.17.366.bin"), "x");
        var before = _station.Text;

        var (exit, _, error) = Fixture("config", "pin", "--config", _station.ConfigPath, "--sim");

        Assert.Equal(2, exit);
        Assert.Contains("the file changed since the recipe was approved", error, StringComparison.Ordinal);
        Assert.Contains("nothing pinned", error, StringComparison.Ordinal);
        Assert.Equal(before, _station.Text);
        Assert.False(File.Exists(_station.ConfigPath + ".sha256"));
    }

    [Fact]
    public void A_station_id_run_refuses_is_refused_by_validate_in_the_same_words()
    {
        _station.Edit("\"id\": \"sim-1\"", "\"id\": \"../../etc\"");

        var validate = Fixture("config", "validate", "--config", _station.ConfigPath, "--sim");
        var run = Fixture("run", "--sim", "--units", "1", "--config", _station.ConfigPath, "--reports", Path.Combine(_station.Folder, "reports"));

        Assert.Equal((2, 2), (validate.Exit, run.Exit));
        const string problem = "station.id: '../../etc' cannot name the station's report folder and files";
        Assert.Contains(problem, validate.Error, StringComparison.Ordinal);
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_station.Folder, "reports")));
    }

    [Fact]
    public void POWER_on_a_modem_line_is_refused_by_validate()
    {
        var config = Path.Combine(_station.Folder, "dtr.json");
        File.WriteAllText(config, File.ReadAllText(StationFolder.Repository("config", "station.dtr-rts-bench.json"))
            .Replace("\"power\": { \"driver\": \"libgpiod\", \"chip\": 0, \"line\": 17, \"polarity\": \"activeHigh\" }", "\"power\": { \"driver\": \"modem\", \"signal\": \"dtr\", \"polarity\": \"activeHigh\" }", StringComparison.Ordinal)
            .Replace("\"reset\": { \"driver\": \"modem\", \"signal\": \"dtr\", \"polarity\": \"activeLow\" }", "\"reset\": { \"driver\": \"libgpiod\", \"chip\": 0, \"line\": 17, \"polarity\": \"activeLow\" }", StringComparison.Ordinal));

        var (exit, _, error) = Fixture("config", "validate", "--config", config);

        Assert.Equal(2, exit);
        Assert.Contains("sockets[0].lines.power.driver: socket 1 POWER cannot be a modem line (DTR/RTS)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_folder_whose_parent_is_missing_is_refused_and_nothing_is_created()
    {
        var deep = Path.Combine(_station.Folder, "nonexistent", "deep", "reports");

        var validate = Fixture("config", "validate", "--config", _station.ConfigPath, "--sim", "--recipe", _station.RecipePath);
        var run = Fixture("run", "--sim", "--units", "1", "--config", _station.ConfigPath, "--reports", deep);
        _station.Edit("\"reportDirectory\": \"reports\"", $"\"reportDirectory\": \"{deep.Replace("\\", "\\\\", StringComparison.Ordinal)}\"");
        var configured = Fixture("config", "validate", "--config", _station.ConfigPath, "--sim");

        Assert.Equal(0, validate.Exit);
        Assert.Equal(2, run.Exit);
        Assert.Contains($"report folder {deep} (--reports) does not exist, and neither does {Path.GetDirectoryName(deep)}", run.Error, StringComparison.Ordinal);
        Assert.Contains($"Create the folder (mkdir -p {deep}) or point --reports at an existing one.", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, configured.Exit);
        Assert.Contains("(workflow.reportDirectory) does not exist", configured.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_station.Folder, "nonexistent")));
    }

    [Fact]
    public void A_report_folder_that_is_a_file_is_said_to_be_one_not_blamed_on_another_process()
    {
        var file = Path.Combine(_station.Folder, "reports.txt");
        File.WriteAllText(file, "not a folder");

        var (exit, _, error) = Fixture("run", "--sim", "--units", "1", "--config", _station.ConfigPath, "--reports", file);

        Assert.Equal(2, exit);
        Assert.Contains($"report folder {file} (--reports) is a file, not a folder", error, StringComparison.Ordinal);
        Assert.DoesNotContain("another", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_folder_in_an_existing_parent_is_created_and_the_station_says_so()
    {
        var reports = Path.Combine(_station.Folder, "reports");

        var (exit, output, error) = Fixture("run", "--sim", "--plain", "--units", "1", "--config", _station.ConfigPath, "--reports", reports);

        Assert.True(exit == 0, error);
        Assert.Contains($"report folder {reports} created", output + error, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(reports, "sim-1")));
    }

    [SkippableFact]
    public void A_device_given_as_the_configuration_is_one_line_exit_2()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/dev/zero"), "needs Linux's /dev/zero");

        var (exit, _, error) = Fixture("config", "validate", "--config", "/dev/zero");

        Assert.Equal(2, exit);
        Assert.Equal("fixture config validate: Station configuration /dev/zero refused: (file): is not a regular file but a character device: name a file", error.TrimEnd());
    }
}
