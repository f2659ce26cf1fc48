using Fixture.Controller.Cli;

namespace Fixture.Tests.Shared;

/// <summary>Runs a `fixture` command line the way Program.cs does (the same parse-error rule), capturing what it writes.</summary>
internal static class FixtureCli
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CommandCatalog.InvokeAsync(args, output, error).GetAwaiter().GetResult();
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>As <see cref="Run"/>, with <paramref name="input"/> as the typed input (ending there: a closed pipe).</summary>
    public static (int Exit, string Output, string Error) RunWithInput(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input);
        var exit = CommandCatalog.InvokeAsync(args, output, error, reader).GetAwaiter().GetResult();
        return (exit, output.ToString(), error.ToString());
    }
}
