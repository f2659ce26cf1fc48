using Fixture.Controller.Configuration;

namespace Fixture.EndToEnd.Tests.Retrofit;

/// <summary>`fixture flash --port`'s bad input, and the one-socket station it builds as `config validate` sees it (issue 14 §1).</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fixture-bench-cli-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    [Fact]
    public void A_port_that_is_not_there_is_exit_2_with_the_serial_ports_found_and_nothing_written()
    {
        var reports = Path.Combine(_folder, "reports");
        var saved = Path.Combine(_folder, "bench.json");

        var (exit, output, error) = FixtureCli.Run("flash", "--port", "/dev/ttyNOSUCH9", "--wiring", "none", "--reports", reports, "--save-config", saved);

        Assert.True(exit == 2, output + error);
        Assert.Contains("--port /dev/ttyNOSUCH9: no such serial port.", error, StringComparison.Ordinal);
        Assert.Matches("Serial ports found: |No serial ports were found", error);
        Assert.False(File.Exists(saved));
        Assert.False(Directory.Exists(reports));
    }

    [Theory]
    [InlineData(new[] { "--wiring", "relays" }, "use one of dtr-rts, manual, none")]
    [InlineData(new[] { "--sim" }, "not both")]
    public void Bench_options_that_do_not_fit_are_refused_before_the_port_is_looked_at(string[] extra, string fragment)
    {
        var (exit, output, error) = FixtureCli.Run(["flash", "--port", "/dev/null", .. extra]);

        Assert.True(exit == 2, output + error);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Wiring_and_save_config_without_a_port_are_refused()
    {
        var (exit, _, error) = FixtureCli.Run("flash", "--sim", "--wiring", "none");

        Assert.Equal(2, exit);
        Assert.Contains("give --port PORT with them", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BenchWiring.DtrRts, "POWER none (not wired), BOOT modem rts ActiveHigh, CHIP_EN modem dtr ActiveLow")]
    [InlineData(BenchWiring.Manual, "POWER manual (the operator), BOOT manual (the operator), CHIP_EN manual (the operator)")]
    [InlineData(BenchWiring.None, "POWER none (not wired), BOOT none (not wired), CHIP_EN none (not wired)")]
    public void The_saved_one_socket_station_passes_config_validate_with_its_recipe_found_beside_it(BenchWiring wiring, string lines)
    {
        var recipe = Path.Combine(AppContext.BaseDirectory, "config", "recipes", "openbl602-sim", "recipe.json");
        var saved = Path.Combine(AppContext.BaseDirectory, $"bench-{wiring}-{Guid.NewGuid():N}.json");
        try
        {
            new OneSocketStation("/dev/ttyUSB7", wiring, recipe, Path.Combine(_folder, "reports")).Save(saved);

            var (exit, output, error) = FixtureCli.Run("config", "validate", "--config", saved);

            Assert.True(exit == 0, output + error);
            Assert.Contains(lines, output, StringComparison.Ordinal);
            Assert.Contains("\"file\": \"config/recipes/openbl602-sim/recipe.json\"", File.ReadAllText(saved), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(saved);
        }
    }
}
