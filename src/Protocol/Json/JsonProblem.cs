namespace Fixture.Protocol.Json;

/// <summary>
/// One thing wrong in a JSON input, at its JSON path ("sockets[2].lines.power.pin"; <see cref="File"/>
/// for the file as a whole), said for a person: what was expected, in words ("a whole number"), and
/// what was found.
/// </summary>
public sealed record JsonProblem(string Path, string Message)
{
    /// <summary>The path of a problem with the whole file (not JSON, empty, not an object, ...).</summary>
    public const string File = "(file)";

    /// <summary>Which check found it (the input's own rules unless the layer set it).</summary>
    public JsonProblemKind Kind { get; init; } = JsonProblemKind.Rule;

    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Which check found a problem.</summary>
public enum JsonProblemKind
{
    /// <summary>Not JSON, UTF-16, empty: nothing else could be read.</summary>
    Syntax,

    /// <summary>A key given twice in one object.</summary>
    DuplicateKey,

    /// <summary>A key the input does not have (usually a typo).</summary>
    UnknownKey,

    /// <summary>A value of the wrong JSON type, out of its type's range, or null where a value is needed.</summary>
    WrongType,

    /// <summary>The input's own rules (a missing key, a value out of range, two keys that disagree).</summary>
    Rule,
}

/// <summary>Where reading stopped.</summary>
public enum JsonInputStage
{
    /// <summary>Not JSON at all (the problem names line and column), or UTF-16, or empty.</summary>
    Syntax,

    /// <summary>JSON, but with duplicate keys, unknown keys, values of the wrong type, or values the input's own rules refuse.</summary>
    Content,
}

/// <summary>
/// A JSON input that was refused; nothing was used. <see cref="Problems"/> lists every problem found,
/// each at its path; the message lists them one per line after "&lt;source&gt;:".
/// </summary>
public sealed class JsonInputException : Exception
{
    public JsonInputException(string source, JsonInputStage stage, IReadOnlyList<JsonProblem> problems)
        : base(Describe(source, problems))
    {
        Source = source;
        Stage = stage;
        Problems = problems;
    }

    /// <summary>The file (or name) the JSON came from.</summary>
    public new string Source { get; }

    public JsonInputStage Stage { get; }

    public IReadOnlyList<JsonProblem> Problems { get; }

    private static string Describe(string source, IReadOnlyList<JsonProblem> problems) =>
        problems.Count == 1
            ? $"{source}: {problems[0]}"
            : $"{source}: {problems.Count} problems:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems);
}
