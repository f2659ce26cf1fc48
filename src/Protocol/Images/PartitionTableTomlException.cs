namespace Fixture.Protocol.Images;

/// <summary>What is wrong with a vendor partition TOML, so callers and tests can tell the cases apart.</summary>
public enum PartitionTomlProblem
{
    /// <summary>Not TOML at all (or not TOML 1.1): the message carries line and column.</summary>
    Syntax,

    /// <summary>A required table or key is absent.</summary>
    MissingKey,

    /// <summary>A key the vendor schema does not have (usually a typo of a real one).</summary>
    UnknownKey,

    /// <summary>A value of the wrong TOML type (a string where an integer belongs, ...).</summary>
    WrongType,

    /// <summary>An integer outside what its binary field can hold (negative, above 0xFFFFFFFF, a type above 255, ...).</summary>
    OutOfRange,

    /// <summary>An entry name that is empty, not printable ASCII, or 8 characters or longer.</summary>
    BadName,

    /// <summary>The table as a whole does not fit the flash: overlaps, slots beyond the end, table copies in the way.</summary>
    Layout,
}

/// <summary>
/// A vendor partition TOML that cannot become a partition table. The message is one line naming the
/// file, the line, the entry and the key where they are known, e.g.
/// <c>partition_cfg_2M.toml line 25: [[pt_entry]] #2 "mfg": "len" must be an integer, found a string</c>.
/// </summary>
public sealed class PartitionTableTomlException : ImageFormatException
{
    public PartitionTableTomlException(
        PartitionTomlProblem problem,
        string source,
        string message,
        int? line = null,
        int? entryNumber = null,
        string? key = null,
        Exception? innerException = null)
        : base(message, innerException!) // Exception itself accepts a null inner exception.
    {
        Problem = problem;
        SourceName = source;
        Line = line;
        EntryNumber = entryNumber;
        Key = key;
    }

    public PartitionTomlProblem Problem { get; }

    /// <summary>File name (or other label) of the TOML text.</summary>
    public string SourceName { get; }

    /// <summary>1-based line of the offending key or syntax error, when known.</summary>
    public int? Line { get; }

    /// <summary>1-based number of the <c>[[pt_entry]]</c> involved, when the problem is in an entry.</summary>
    public int? EntryNumber { get; }

    /// <summary>The key involved (e.g. "size0"), when the problem is about one key.</summary>
    public string? Key { get; }
}
