namespace Fixture.Protocol.Json;

/// <summary>
/// What one kind of JSON file may be: its size limit and whether comments and trailing commas are
/// allowed. Everything else is the same for every kind (<see cref="JsonInput"/>): UTF-8 with or
/// without a byte-order mark, duplicate keys refused, unknown keys refused, every problem listed.
/// </summary>
/// <param name="What">The kind of file in words, for messages ("station configuration").</param>
/// <param name="Root">What the file as a whole must hold, in words ("a station object { ... }").</param>
public sealed record JsonInputRules(string What, string Root)
{
    /// <summary>1 MiB: a large station configuration is a few kilobytes.</summary>
    public const long DefaultMaxBytes = 1024 * 1024;

    /// <summary>Largest file read; a larger one (or a device such as /dev/zero) is refused before it is parsed.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>// and /* */ comments (files people edit by hand and annotate).</summary>
    public bool AllowComments { get; init; }

    /// <summary>A comma after the last element of an object or list.</summary>
    public bool AllowTrailingCommas { get; init; }
}
