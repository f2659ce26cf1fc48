namespace Fixture.Tests.Shared;

/// <summary>Files of the checkout the tests run from (found by walking up from the test assembly to Fixture.sln).</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> FoundRoot = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Fixture.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Fixture.sln not found above the test's folder.");
    });

    /// <summary>The checkout's top folder (where Fixture.sln is).</summary>
    public static string Root => FoundRoot.Value;

    /// <summary>The synthetic recipe the simulated station flashes (config/recipes/openbl602-sim/recipe.json).</summary>
    public static string SimRecipe => Path("config", "recipes", "openbl602-sim", "recipe.json");

    /// <summary>A file of the checkout by its path parts below <see cref="Root"/>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}
