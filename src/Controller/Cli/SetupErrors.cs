using System.CommandLine;
using Fixture.Controller.Station;
using Fixture.Protocol.Images;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;

namespace Fixture.Controller.Cli;

/// <summary>
/// The one handler for what refuses a command before it does its work: a station that cannot open
/// (<see cref="StationSetupException"/>: its own exit code), a refused recipe, plan, image or argument,
/// a file that cannot be read or written (bad input). Each becomes one line on stderr, "fixture
/// COMMAND: what happened", and its exit code (<see cref="ExitCodes"/>).
/// </summary>
internal static class SetupErrors
{
    /// <summary>Runs <paramref name="action"/>; a setup error becomes its line and exit code.</summary>
    /// <param name="outcome">Added to the line (what was left undone, e.g. "(nothing pinned)").</param>
    public static int Run(ParseResult parse, Func<int> action, string? outcome = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return action();
        }
        catch (Exception e) when (ExitCodeOf(e) is { } code)
        {
            return Report(parse, e.Message, code, outcome);
        }
    }

    /// <summary>Runs <paramref name="action"/> (a command that is all setup and figures); a setup error becomes its line and exit code.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (Exception e) when (ExitCodeOf(e) is { } code)
        {
            return Report(parse, e.Message, code, null);
        }
    }

    /// <summary>
    /// Runs one setup step (opening or checking the station); false when it was refused, its line written
    /// and <paramref name="exitCode"/> set. Only the step is guarded: what the command does afterwards is not setup.
    /// </summary>
    /// <param name="outcome">Added to the line (what was left undone, e.g. "(nothing pinned)").</param>
    public static bool TrySetUp<T>(ParseResult parse, Func<T> setUp, out T result, out int exitCode, string? outcome = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(setUp);
        try
        {
            result = setUp();
            exitCode = ExitCodes.Ok;
            return true;
        }
        catch (Exception e) when (ExitCodeOf(e) is { } code)
        {
            result = default!;
            exitCode = Report(parse, e.Message, code, outcome);
            return false;
        }
    }

    /// <summary>Writes a refusal of the command's input as its one line; returns <see cref="ExitCodes.BadInput"/>.</summary>
    public static int BadInput(ParseResult parse, string message) => Report(parse, message, ExitCodes.BadInput, null);

    private static int? ExitCodeOf(Exception e) => e switch
    {
        StationSetupException setup => setup.ExitCode,
        BadInputException or RecipeException or FlashPlanException or ImageFormatException => ExitCodes.BadInput,
        IOException or UnauthorizedAccessException => ExitCodes.BadInput,
        _ => null,
    };

    private static int Report(ParseResult parse, string message, int code, string? outcome)
    {
        var line = message.ReplaceLineEndings(" ");
        if (!line.StartsWith("fixture ", StringComparison.Ordinal))
        {
            line = $"fixture {CommandPath(parse)}: {line}";
        }

        parse.InvocationConfiguration.Error.WriteLine(outcome is null ? line : $"{line} {outcome}");
        return code;
    }

    /// <summary>"config pin", "image build": the command's words below the root.</summary>
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null && result.Parent is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(' ', names);
    }
}
