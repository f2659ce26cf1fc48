using Fixture.Tests.Shared;
using Fixture.Lab.Benchmarks;

namespace Fixture.Controller.Tests.Benchmarks;

/// <summary>`fixture bench flash` runs every scenario to a verified flash and writes only its own section. No speed is asserted.</summary>
public sealed class BenchFlashCommandTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"bench-flash-{Guid.NewGuid():N}");

    public BenchFlashCommandTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Bench_flash_verifies_every_run_and_writes_the_flashing_section_beside_the_others()
    {
        var results = Path.Combine(folder, "results.md");
        File.WriteAllText(results, "# Results\n\n## Yield report\n\nyield figures stay\n");

        var (exit, output, error) = Fixture("bench", "flash", "--recipe", RepositoryFiles.SimRecipe, "--cpu-units", "0", "--write", results);

        Assert.True(exit == 0, error + output);
        var text = File.ReadAllText(results);
        Assert.Contains("## Yield report\n\nyield figures stay\n", text, StringComparison.Ordinal);
        Assert.Contains("## Flashing\n", text, StringComparison.Ordinal);
        foreach (var scenario in FlashScenario.Standard)
        {
            Assert.Contains($"| {scenario.Name} | vendor |", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("FAILED", text, StringComparison.Ordinal);
        Assert.Contains("--write " + results, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_recipe_is_bad_input()
    {
        var (exit, _, error) = Fixture("bench", "flash", "--recipe", Path.Combine(folder, "nope.json"), "--cpu-units", "0");

        Assert.Equal(2, exit);
        Assert.Contains("nope.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_scenario_gives_the_same_modelled_figures_twice()
    {
        var recipe = Protocol.Recipes.RecipeLoader.Load(RepositoryFiles.SimRecipe);
        var bench = new FlashBenchmark(RepositoryFiles.SimRecipe, recipe.HelperImage, Protocol.Recipes.FlashPlanBuilder.Build(recipe));

        var first = bench.Run(FlashScenario.Standard[1]);
        var second = bench.Run(FlashScenario.Standard[1]);

        Assert.Equal(first.Vendor.Time, second.Vendor.Time);
        Assert.Equal(first.Fixture.Time, second.Fixture.Time);
        Assert.Equal(first.Fixture.RoundTrips, second.Fixture.RoundTrips);
        Assert.Equal(first.Floor.Total, second.Floor.Total);
    }

    [Fact]
    public void Neither_sequence_flashes_faster_than_the_floor_of_the_same_work()
    {
        var recipe = Protocol.Recipes.RecipeLoader.Load(RepositoryFiles.SimRecipe);
        var bench = new FlashBenchmark(RepositoryFiles.SimRecipe, recipe.HelperImage, Protocol.Recipes.FlashPlanBuilder.Build(recipe));

        foreach (var scenario in new[] { FlashScenario.Standard[0], FlashScenario.Standard[^1] })
        {
            var r = bench.Run(scenario);
            Assert.True(r.Fixture.Time >= r.Floor.Total, $"{scenario.Name}: fixture {r.Fixture.Time.TotalMilliseconds} ms < floor {r.Floor.Total.TotalMilliseconds} ms");
            Assert.True(r.Vendor.Time >= r.Floor.Total, $"{scenario.Name}: vendor {r.Vendor.Time.TotalMilliseconds} ms < floor {r.Floor.Total.TotalMilliseconds} ms");
        }
    }

    private static (int Exit, string Output, string Error) Fixture(params string[] args) => LabCli.Run(args);
}
