namespace Fixture.Controller.Reports.Csv;

/// <summary>
/// A report file could not be used: foreign header, in use by another writer, unwritable disk. The
/// message names the file and says what to do; nothing was appended.
/// </summary>
public sealed class ReportFileException : IOException
{
    public ReportFileException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    public ReportFileException(string path, string message, Exception innerException)
        : base(message, innerException)
    {
        Path = path;
    }

    public string Path { get; }
}
