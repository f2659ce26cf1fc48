using Fixture.Tests.Shared;
using System.Text.Json;
using Fixture.Lab.Benchmarks;
using Fixture.Protocol.Recipes;

namespace Fixture.Controller.Tests.Benchmarks;

/// <summary>`bench flash --json`'s object (issue 10 §3): every headline key present, each a number or null with a note saying why.</summary>
public sealed class FlashFiguresTests
{
    private static readonly string[] IssueKeys =
    [
        "vendorSeconds", "vendorOwnSetSeconds", "fixtureSeconds", "fixture16msSeconds", "fixture3MSeconds", "floorSeconds",
        "ratioVsVendor", "ratioVsVendorOwnSet", "ratioVsFloor", "ratioVsVendorAt16ms", "reflashSeconds", "cycleSeconds",
        "xzRatioVsLiblzma", "cpuSecondsPerUnit",
    ];

    [Fact]
    public void Every_headline_key_is_a_number_or_null_with_a_note_saying_why()
    {
        // One scenario only: the figures of the others, the cycle, xz and CPU are then null and must say so.
        var recipePath = RepositoryFiles.SimRecipe;
        var recipe = RecipeLoader.Load(recipePath);
        var result = new FlashBenchmark(recipePath, recipe.HelperImage, FlashPlanBuilder.Build(recipe)).Run(FlashScenario.Standard[0]);

        var figures = FlashFigures.From([result], cycle: null, xz: null, cpu: null);
        using var json = JsonDocument.Parse(figures.ToJson());
        var root = json.RootElement;
        var notes = root.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();

        foreach (var key in IssueKeys)
        {
            Assert.True(root.TryGetProperty(key, out var value), $"--json lacks {key}");
            Assert.True(value.ValueKind is JsonValueKind.Number or JsonValueKind.Null, $"{key} is {value.ValueKind}");
            if (value.ValueKind == JsonValueKind.Null)
            {
                Assert.Contains(notes, n => n.StartsWith(key + ":", StringComparison.Ordinal));
            }
        }

        // What this one scenario measures is there, the own-set figures included.
        foreach (var key in new[] { "vendorSeconds", "vendorOwnSetSeconds", "fixtureSeconds", "floorSeconds", "ratioVsVendor", "ratioVsVendorOwnSet", "ratioVsFloor" })
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty(key).ValueKind);
        }

        Assert.Equal(Math.Round(root.GetProperty("fixtureSeconds").GetDouble() / root.GetProperty("vendorOwnSetSeconds").GetDouble(), 2), Math.Round(root.GetProperty("ratioVsVendorOwnSet").GetDouble(), 2));
    }

}
