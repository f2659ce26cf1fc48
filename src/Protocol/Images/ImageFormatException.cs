namespace Fixture.Protocol.Images;

/// <summary>
/// An image, header or table is not what it claims to be. The message names the structure, the field
/// and the problem (e.g. "boot header: header CRC32 is 0x12345678, expected 0x9ABCDEF0").
/// </summary>
public class ImageFormatException : Exception
{
    public ImageFormatException(string message)
        : base(message)
    {
    }

    public ImageFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
