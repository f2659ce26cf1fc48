namespace Fixture.Controller.Tests.Cli;

/// <summary>Whatever refuses a command before it works is one line on stderr naming the command, and the same exit code in every command.</summary>
public sealed class SetupErrorTests
{
    [Theory]
    [InlineData("image", "inspect")]
    [InlineData("run", "--sim", "--recipe")]
    [InlineData("flash", "--sim", "--recipe")]
    [InlineData("config", "validate", "--sim", "--recipe")]
    public void A_file_that_is_not_there_is_bad_input_in_one_line_naming_the_command(params string[] command)
    {
        var missing = Path.Combine(Path.GetTempPath(), $"fixture-missing-{Guid.NewGuid():N}.json");

        var (exit, _, error) = FixtureCli.Run([.. command, missing]);

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var name = string.Join(' ', command.TakeWhile(word => !word.StartsWith('-')));
        Assert.StartsWith($"fixture {name}: ", line, StringComparison.Ordinal);
        Assert.Contains(missing, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_for_another_station_kind_is_bad_input_with_its_hint()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Fixture.sln")))
        {
            root = root.Parent!;
        }

        var (exit, _, error) = FixtureCli.Run("config", "validate", "--config", Path.Combine(root.FullName, "config", "station.sim.json"));

        Assert.Equal(2, exit);
        Assert.Contains("add --sim", error, StringComparison.Ordinal);
    }
}
