using System.CommandLine;
using System.Reflection;

namespace Fixture.Controller.Cli;

/// <summary>`fixture version`: the fixture version that goes into every report row.</summary>
internal static class VersionCommand
{
    public static string FixtureVersion =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static Command Create()
    {
        var command = new Command("version", "Print the fixture version.");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine(FixtureVersion);
            return ExitCodes.Ok;
        });
        return command;
    }
}
