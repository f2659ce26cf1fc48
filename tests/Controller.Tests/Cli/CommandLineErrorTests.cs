using Fixture.Controller.Cli;

namespace Fixture.Controller.Tests.Cli;

public class CommandLineErrorTests
{
    [Theory]
    [InlineData("run", "--no-such-option")]
    [InlineData("no-such-command")]
    [InlineData("check-log", "--log")]
    public async Task A_mistyped_command_line_is_bad_input_exit_2_with_a_usage_hint(params string[] args)
    {
        using var error = new StringWriter();

        var exitCode = await CommandCatalog.InvokeAsync(args, TextWriter.Null, error);

        Assert.Equal(2, exitCode);
        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--help", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correct_command_line_runs_the_command()
    {
        using var error = new StringWriter();

        var exitCode = await CommandCatalog.InvokeAsync(["version"], TextWriter.Null, error);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error.ToString());
    }

    [Theory]
    [InlineData("bench", "flash")]
    [InlineData("soak", "--units", "1")]
    [InlineData("console", "demo")]
    public async Task The_product_cannot_run_a_benchmark_a_soak_or_the_console_demo(params string[] args)
    {
        using var error = new StringWriter();

        var exitCode = await CommandCatalog.InvokeAsync(args, TextWriter.Null, error);

        Assert.Equal(2, exitCode);
        Assert.Contains(args[0], error.ToString(), StringComparison.Ordinal);
    }
}
