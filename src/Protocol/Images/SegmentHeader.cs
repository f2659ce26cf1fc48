using System.Buffers.Binary;
using System.IO.Hashing;

namespace Fixture.Protocol.Images;

/// <summary>
/// The 16-byte header in front of each segment of a RAM/UART image (protocol reference §5.5):
/// destination, length, CRC32 of the data, CRC32 of header bytes 0..11.
/// </summary>
public readonly record struct SegmentHeader(uint Destination, uint Length, uint DataCrc, uint HeaderCrc)
{
    public const int Size = 16;

    public bool IsHeaderCrcValid => HeaderCrc == ComputeHeaderCrc(Destination, Length, DataCrc);

    /// <summary>A header for <paramref name="data"/> at <paramref name="destination"/>, both CRCs computed.</summary>
    public static SegmentHeader For(uint destination, ReadOnlySpan<byte> data)
    {
        var dataCrc = Crc32.HashToUInt32(data);
        return new SegmentHeader(destination, (uint)data.Length, dataCrc, ComputeHeaderCrc(destination, (uint)data.Length, dataCrc));
    }

    public static SegmentHeader Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size)
        {
            throw new ImageFormatException($"segment header: {bytes.Length} bytes, a segment header is {Size} bytes");
        }

        return new SegmentHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]));
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], DataCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], HeaderCrc);
    }

    private static uint ComputeHeaderCrc(uint destination, uint length, uint dataCrc)
    {
        Span<byte> first12 = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(first12, destination);
        BinaryPrimitives.WriteUInt32LittleEndian(first12[4..], length);
        BinaryPrimitives.WriteUInt32LittleEndian(first12[8..], dataCrc);
        return Crc32.HashToUInt32(first12);
    }
}
