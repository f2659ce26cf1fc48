namespace Fixture.Protocol.Compression;

/// <summary>
/// Bytes that were meant to be a .xz stream are not one (or not one this project can read).
/// <see cref="Field"/> names the part of the container that is wrong, e.g. "stream header magic"
/// or "index CRC32"; the message says what was found and what to do.
/// </summary>
public class XzFormatException : FormatException
{
    public XzFormatException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    public XzFormatException(string field, string message, Exception innerException)
        : base(message, innerException)
    {
        Field = field;
    }

    /// <summary>The container field that failed, in the words of the .xz format description.</summary>
    public string Field { get; }
}
