using System.Buffers.Binary;

namespace Fixture.Protocol.Wire;

/// <summary>
/// A command frame (§3.1): id, checksum, payload length (u16 LE), payload. The checksum is the low
/// 8 bits of the sum of the two length bytes and every payload byte; 0 means "not checked" and is
/// what the bootrom gets.
/// </summary>
/// <param name="Command">Command id.</param>
/// <param name="Checksum">Checksum byte as sent (0 = unchecked).</param>
/// <param name="Payload">Payload bytes.</param>
public sealed record RequestFrame(byte Command, byte Checksum, byte[] Payload)
{
    public const int HeaderLength = 4;

    /// <summary>The checksum byte the loader expects for <paramref name="payload"/>.</summary>
    public static byte ComputeChecksum(ReadOnlySpan<byte> payload)
    {
        var sum = (payload.Length & 0xFF) + ((payload.Length >> 8) & 0xFF);
        foreach (var b in payload)
            sum += b;
        return (byte)sum;
    }

    /// <summary>Encodes a frame; <paramref name="withChecksum"/> false writes 0 (bootrom, or "don't check").</summary>
    public static byte[] Encode(byte command, ReadOnlySpan<byte> payload, bool withChecksum)
    {
        if (payload.Length > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, "A frame's payload length is a u16; split the data into smaller frames.");
        var frame = new byte[HeaderLength + payload.Length];
        frame[0] = command;
        frame[1] = withChecksum ? ComputeChecksum(payload) : (byte)0;
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(2), (ushort)payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>
    /// Decodes one frame from the start of <paramref name="data"/>; false when the frame is not
    /// complete yet. <paramref name="consumed"/> is the frame's total length. For device models and tests.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out RequestFrame? frame, out int consumed)
    {
        frame = null;
        consumed = 0;
        if (data.Length < HeaderLength)
            return false;
        var length = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        if (data.Length < HeaderLength + length)
            return false;
        consumed = HeaderLength + length;
        frame = new RequestFrame(data[0], data[1], data.Slice(HeaderLength, length).ToArray());
        return true;
    }

    /// <summary>True when the checksum byte is 0 (unchecked) or matches the payload.</summary>
    public bool ChecksumValid => Checksum == 0 || Checksum == ComputeChecksum(Payload);

    public byte[] ToBytes() => Encode(Command, Payload, Checksum != 0);
}
