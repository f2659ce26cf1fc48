using System.CommandLine;

namespace Fixture.Lab.Cli;

/// <summary>Every top-level command of the `fixture-lab` program, in help order.</summary>
internal static class LabCatalog
{
    public const string Description =
        "Fixture lab: benchmarks with figures for docs/results.md, the soak over simulated units, and the operator console's demo. Not for a line station.";

    public static RootCommand CreateRoot()
    {
        var root = new RootCommand(Description);
        root.Subcommands.Add(BenchCommands.Create());
        root.Subcommands.Add(SoakCommand.Create());
        root.Subcommands.Add(ConsoleCommands.Create());
        return root;
    }

    /// <summary>Parses and runs a command line as the program does, with the product's parse-error rule (exit 2).</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null) =>
        CommandCatalog.InvokeAsync(CreateRoot(), "fixture-lab", args, output, error);
}
