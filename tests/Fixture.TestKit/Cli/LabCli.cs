using Fixture.Lab.Cli;

namespace Fixture.Tests.Shared;

/// <summary>Runs a `fixture-lab` command line the way the lab's Program.cs does, capturing what it writes.</summary>
internal static class LabCli
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = LabCatalog.InvokeAsync(args, output, error).GetAwaiter().GetResult();
        return (exit, output.ToString(), error.ToString());
    }
}
