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
/// COMMAND: what happened", and its exit code (<see cref="ExitCodes"/>). A refusal that lists several
/// problems (a configuration's or a recipe's, all found in one pass) keeps them one per line, indented,
/// under that line.
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
            return Report(parse, Describe(e), code, outcome);
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
            return Report(parse, Describe(e), code, null);
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
            exitCode = Report(parse, Describe(e), code, outcome);
            return false;
        }
    }

    /// <summary>Writes a station fault (its files or hardware failed the command) as its one line; returns <see cref="ExitCodes.StationFault"/>.</summary>
    public static int StationFault(ParseResult parse, string message) => Report(parse, message, ExitCodes.StationFault, null);

    /// <summary>Writes a refusal of the command's input as its one line; returns <see cref="ExitCodes.BadInput"/>.</summary>
    public static int BadInput(ParseResult parse, string message) => Report(parse, message, ExitCodes.BadInput, null);

    private static int? ExitCodeOf(Exception e) => e switch
    {
        StationSetupException setup => setup.ExitCode,
        BadInputException or RecipeException or FlashPlanException or ImageFormatException => ExitCodes.BadInput,
        IOException or UnauthorizedAccessException => ExitCodes.BadInput,
        _ => null,
    };

    /// <summary>The refusal's text: a recipe's several problems one per line under its name.</summary>
    private static string Describe(Exception e) => e switch
    {
        RecipeException { Refusals.Count: > 1 } recipe =>
            $"recipe {recipe.RecipePath}: {recipe.Refusals.Count} problems:" + string.Concat(recipe.Refusals.Select(r => "\n  " + r.Text.ReplaceLineEndings(" "))),
        _ => e.Message,
    };

    /// <summary>
    /// The first line of <paramref name="message"/> as "fixture COMMAND: ...", each further line (a listed
    /// problem) as it is; <paramref name="outcome"/> ends the one line, or follows a list on its own.
    /// </summary>
    private static int Report(ParseResult parse, string message, int code, string? outcome)
    {
        var lines = message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = lines.Length > 0 ? lines[0] : message;
        var command = $"fixture {CommandPath(parse)}: ";
        if (!line.StartsWith("fixture ", StringComparison.Ordinal))
        {
            line = command + line;
        }

        var error = parse.InvocationConfiguration.Error;
        if (lines.Length <= 1)
        {
            error.WriteLine(outcome is null ? line : $"{line} {outcome}");
            return code;
        }

        error.WriteLine(line);
        foreach (var problem in lines.Skip(1))
        {
            error.WriteLine(problem);
        }

        if (outcome is not null)
        {
            error.WriteLine(command + outcome);
        }

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
