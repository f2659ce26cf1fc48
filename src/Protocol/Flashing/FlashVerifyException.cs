using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Flashing;

/// <summary>A region's SHA-256 read back from the chip differs from the image's.</summary>
public sealed class FlashVerifyException : IspException
{
    public FlashVerifyException(string link, string region, uint address, long length, byte[] expected, byte[] actual)
        : base($"{link}: region '{region}' at 0x{address:X} ({length} bytes) reads back with SHA-256 {Convert.ToHexStringLower(actual)}, " +
               $"expected {Convert.ToHexStringLower(expected)}: the flash did not take the data (write-protected or failing flash). Retry once; if it repeats, set the unit aside for rework.")
    {
        Region = region;
        Expected = expected;
        Actual = actual;
    }

    public string Region { get; }

    public byte[] Expected { get; }

    public byte[] Actual { get; }
}
