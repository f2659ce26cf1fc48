namespace Fixture.Controller.Upkeep;

/// <summary>
/// A station record file (audit log, state file, their locks) could not be read or written as it
/// must. The message names the file and says what to do; nothing was changed.
/// </summary>
public sealed class StationRecordException : IOException
{
    public StationRecordException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    public StationRecordException(string path, string message, Exception innerException)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The file the problem is in.</summary>
    public string Path { get; }

    /// <summary>The file's content is wrong (a person must fix or restore it), rather than the disk or a lock failing.</summary>
    public bool BadContent { get; init; }
}
