namespace Fixture.Simulator.Tests;

/// <summary>Folders of the repository the tests read committed files from.</summary>
internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fixture.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Fixture.sln not found above the test folder");
        }
    }

    /// <summary>config/units (the shipped unit files) or one of its files.</summary>
    public static string Units(params string[] parts) => Path.Combine([Root, "config", "units", .. parts]);
}
