using System.CommandLine;
using Fixture.Protocol.Text;

namespace Fixture.Controller.Cli;

/// <summary>Every top-level command of the `fixture` program, in help order.</summary>
internal static class CommandCatalog
{
    public const string Description =
        "Fixture: converts BL602/TG7100C smart plugs to OpenBL602, one button press per unit, and proves each unit works.";

    /// <summary>The `fixture` root command with every subcommand, as Program.cs and the tests build it.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand(Description);
        foreach (var command in All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>
    /// Parses and runs a command line, as the program does (tests pass their own writers). A mistyped
    /// command line is bad input (exit 2), not a FAIL: System.CommandLine's own default for parse errors
    /// is 1, which a script would read as a failed unit.
    /// </summary>
    /// <param name="output">Where commands write (null: the console).</param>
    /// <param name="error">Where errors go (null: the console's error stream).</param>
    /// <param name="input">What commands read as typed input (null: the console's; `run` reads its typed commands from it).</param>
    public static Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null, TextReader? input = null) =>
        InvokeAsync(CreateRoot(), "fixture", args, output, error, input);

    /// <summary>Parses and runs a command line of <paramref name="root"/> (the `fixture` program's or the lab's, <paramref name="program"/>) with the same rules.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string program, string[] args, TextWriter? output = null, TextWriter? error = null, TextReader? input = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        GivenInput.Value = input;
        // The edge where every command's text leaves the program (the operator console excepted: it
        // draws through Spectre and escapes its own values). Text from units, files and operators is in
        // it, so control characters are shown escaped (DisplayText), line ends kept.
        using var shownOutput = DisplayText.Writer(output ?? Console.Out);
        using var shownError = DisplayText.Writer(error ?? Console.Error);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, as every other bad-input error: what is wrong, then where the usage is.
            // Named after the command that was being parsed, as the commands' own errors are.
            var problems = string.Join("; ", parse.Errors.Select(e => e.Message.TrimEnd('.')));
            var path = CommandPath(parse.CommandResult, program);
            await shownError.WriteLineAsync(path == program
                ? $"{program}: {problems}. Run '{program} --help' or '{program} <command> --help' for the usage."
                : $"{path}: {problems}. Run '{path} --help' for the usage.");
            return ExitCodes.BadInput;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = shownOutput, Error = shownError });
    }

    // Typed input handed to InvokeAsync (tests, scripted input); flows into the command's action.
    private static readonly AsyncLocal<TextReader?> GivenInput = new();

    /// <summary>Where a command reads typed input: what <see cref="InvokeAsync(string[], TextWriter?, TextWriter?, TextReader?)"/> was given, else the console's.</summary>
    public static TextReader StandardInput => GivenInput.Value ?? Console.In;

    /// <summary>Whether <see cref="StandardInput"/> is not a person at a terminal (given by the caller, or the console's input redirected).</summary>
    public static bool InputRedirected => GivenInput.Value is not null || Console.IsInputRedirected;

    private static string CommandPath(System.CommandLine.Parsing.CommandResult? command, string program)
    {
        var names = new List<string>();
        for (var c = command; c is not null && c.Command is not RootCommand; c = c.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, c.Command.Name);
        }

        return string.Join(' ', names.Prepend(program));
    }

    /// <summary>The product's commands. Benchmarks, the soak and the console demo are the lab's (src/Lab, `fixture-lab`): a line station cannot run them.</summary>
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return RunCommand.Create();
        yield return FlashCommand.Create();
        yield return RestoreCommand.Create();
        yield return ConfigCommands.Create();
        yield return ImageCommands.Create();
        yield return CheckLogCommand.Create();
        yield return SimCommands.Create();
        foreach (var command in ReportCommands.Create())
        {
            yield return command;
        }

        // Issue 12: the station's own record (audit log, socket locks and wear counters).
        yield return AuditCommands.Create();
        yield return SocketCommands.Create();
        yield return SelftestCommand.Create();
    }
}
