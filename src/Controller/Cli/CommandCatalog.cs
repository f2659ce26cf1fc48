using System.CommandLine;

namespace Fixture.Controller.Cli;

/// <summary>Every top-level command of the `fixture` program, in help order.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return RunCommand.Create();
        yield return FlashCommand.Create();
        yield return ConfigCommands.Create();
        yield return ImageCommands.Create();
        yield return CheckLogCommand.Create();
        yield return SimCommands.Create();
        foreach (var command in ReportCommands.Create())
        {
            yield return command;
        }

        yield return BenchCommands.Create();
        yield return SoakCommand.Create();
    }
}
