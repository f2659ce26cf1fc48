using Fixture.Tests.Shared;
using Fixture.Lab.Benchmarks;
using Fixture.Protocol.Recipes;

namespace Fixture.Controller.Tests.Benchmarks;

/// <summary>docs/results.md's flashing figures are modelled (the same on every machine): recomputed, they must equal what the document says.</summary>
public sealed class ResultsFlashingIsCurrentTests
{
    [Fact]
    public void The_flashing_section_of_results_md_holds_the_figures_the_station_path_gives_today()
    {
        var root = RepositoryFiles.Root;
        var recipePath = RepositoryFiles.SimRecipe;
        var recipe = RecipeLoader.Load(recipePath);
        var plan = FlashPlanBuilder.Build(recipe);
        var results = new FlashBenchmark(recipePath, recipe.HelperImage, plan).Run(FlashScenario.Standard);
        var recomputed = FlashBenchmarkReport.Render("(command)", $"recipe \"{recipe.Name}\" version {recipe.Version} (openbl602-sim/recipe.json)", plan, results, cpu: null);

        var document = File.ReadAllText(Path.Combine(root, "docs", "results.md"));
        var start = document.IndexOf("\n## " + FlashBenchmarkReport.Section + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/results.md has no Flashing section");
        var end = document.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var written = document[start..(end < 0 ? document.Length : end)];

        var expected = FlashBenchmarkReport.ModelledLines(recomputed);
        var actual = FlashBenchmarkReport.ModelledLines(written);
        var stale = expected.Except(actual).Concat(actual.Except(expected).Select(l => "(only in the document) " + l)).ToList();
        Assert.True(
            stale.Count == 0 && expected.Count == actual.Count,
            "docs/results.md's Flashing section is stale: run `dotnet run --project src/Lab -c Release -- bench flash --write docs/results.md`. Differences:\n" + string.Join('\n', stale));
    }

}
