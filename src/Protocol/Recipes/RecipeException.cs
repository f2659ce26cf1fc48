namespace Fixture.Protocol.Recipes;

/// <summary>Why a recipe was refused; the station and tests tell the cases apart by this.</summary>
public enum RecipeProblem
{
    /// <summary>The recipe file itself is not there or cannot be read (also: not a regular file, or too large for a recipe).</summary>
    RecipeFileMissing,

    /// <summary>Not JSON (the message carries line and column).</summary>
    MalformedJson,

    /// <summary>A key given twice in one object (the message names its path and both lines).</summary>
    DuplicateKey,

    /// <summary>A key the schema does not have (usually a typo).</summary>
    UnknownKey,

    /// <summary>A required key is absent (including the mandatory firmware version).</summary>
    MissingKey,

    /// <summary>A value of the wrong type or outside what makes sense (a negative timeout, a bad hash string, ...).</summary>
    InvalidValue,

    /// <summary>An input file the recipe names is not there or cannot be read.</summary>
    InputFileMissing,

    /// <summary>An input path that is absolute, or leads out of the recipe's folder (../, a link to elsewhere).</summary>
    InputOutsideFolder,

    /// <summary>An input that is not a regular file: a folder, a device such as /dev/zero, a pipe.</summary>
    InputNotARegularFile,

    /// <summary>An input larger than an input of its kind can be (a 100 MB "firmware").</summary>
    InputTooLarge,

    /// <summary>An input has no pinned SHA-256 yet.</summary>
    NotPinned,

    /// <summary>An input file's SHA-256 is not the one the recipe pins: the file changed since approval.</summary>
    HashMismatch,

    /// <summary>The helper is not a valid eflash_loader RAM image.</summary>
    InvalidHelper,

    /// <summary>The partition TOML does not parse or does not fit the flash.</summary>
    InvalidPartitionTable,

    /// <summary>The factory parameters are not a valid device tree with a console baud.</summary>
    InvalidFactoryParameters,

    /// <summary>boot2 or the firmware is not a raw application binary (empty, or already carrying a boot header).</summary>
    InvalidImage,

    /// <summary>The firmware does not contain the version the recipe expects the boot log to show.</summary>
    FirmwareVersionNotFound,

    /// <summary>A baud the bootrom or the eflash_loader cannot run at.</summary>
    ImpossibleBaud,

    /// <summary>The partition table lacks an entry the recipe needs (FW, factory, a clean-slate partition).</summary>
    MissingPartition,
}

/// <summary>One reason a recipe was refused: its kind and the text after "recipe &lt;path&gt;: ".</summary>
public sealed record RecipeRefusal(RecipeProblem Problem, string Text);

/// <summary>
/// A recipe that cannot be used. The message names the recipe file and the problem, and where it
/// helps, what to do next (e.g. "run `fixture image pin --recipe ...` after a deliberate change"):
/// one line for one problem; with several, a header line and one line per problem, every problem found
/// in the same pass (all the JSON's problems, then all the input files' problems).
/// Nothing has been touched when this is thrown.
/// </summary>
public sealed class RecipeException : Exception
{
    public RecipeException(RecipeProblem problem, string recipePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        RecipePath = recipePath;
        var prefix = $"recipe {recipePath}: ";
        Refusals = [new RecipeRefusal(problem, message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message)];
    }

    public RecipeException(string recipePath, IReadOnlyList<RecipeRefusal> refusals, Exception? innerException = null)
        : base(Describe(recipePath, refusals), innerException)
    {
        ArgumentOutOfRangeException.ThrowIfZero(refusals.Count);
        RecipePath = recipePath;
        Refusals = refusals;
    }

    /// <summary>The first problem's kind (the only one when there is one).</summary>
    public RecipeProblem Problem => Refusals[0].Problem;

    /// <summary>Every problem found, in the order found.</summary>
    public IReadOnlyList<RecipeRefusal> Refusals { get; }

    /// <summary>The recipe file the problem was found in.</summary>
    public string RecipePath { get; }

    private static string Describe(string recipePath, IReadOnlyList<RecipeRefusal> refusals) =>
        refusals.Count == 1
            ? $"recipe {recipePath}: {refusals[0].Text}"
            : $"recipe {recipePath}: {refusals.Count} problems:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", refusals.Select(r => r.Text));
}
