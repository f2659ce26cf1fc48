using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Loader;

/// <summary>efuse_read_mac (0x42) returned a MAC whose CRC32 does not match (vendor host error 0025).</summary>
public sealed class MacCrcException : IspProtocolException
{
    public MacCrcException(string link, ReadOnlySpan<byte> reply, uint expected, uint actual)
        : base($"{link}: the MAC read from eFuse fails its CRC32 (device sent 0x{expected:X8}, bytes give 0x{actual:X8}); the MAC cannot be trusted. Retry; if it repeats, set the unit aside for rework.", reply)
    {
    }
}
