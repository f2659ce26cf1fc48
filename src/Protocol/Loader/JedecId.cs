using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Loader;

/// <summary>
/// The flash_read_jedec_id (0x36) answer: manufacturer, memory type, capacity code, and the
/// loader's flag byte (0x80 = it recognised the part; 0x00 from older loaders or unknown parts).
/// </summary>
public sealed record JedecId(byte Manufacturer, byte MemoryType, byte CapacityCode, byte Flag)
{
    /// <summary>Flash size in bytes from the capacity code (2^code), 0 when the code is implausible.</summary>
    public long CapacityBytes => CapacityCode is >= 0x0A and <= 0x1F ? 1L << CapacityCode : 0;

    public bool RecognisedByLoader => Flag == 0x80;

    /// <summary>The id as recipes and vendor configs write it, e.g. "ef4015".</summary>
    public string Id => $"{Manufacturer:x2}{MemoryType:x2}{CapacityCode:x2}";

    public override string ToString() => Id;

    /// <exception cref="IspProtocolException">Not exactly 4 bytes.</exception>
    public static JedecId Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length != 4)
            throw new IspProtocolException($"flash_read_jedec_id returned {data.Length} data bytes where 4 were expected.", data);
        return new JedecId(data[0], data[1], data[2], data[3]);
    }
}
