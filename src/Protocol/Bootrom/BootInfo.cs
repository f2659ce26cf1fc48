using System.Buffers.Binary;
using System.Numerics;
using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Bootrom;

/// <summary>
/// The 20 data bytes of a get_boot_info (0x10) reply (§4.2): bootrom version, the security flags
/// from eFuse, sw_cfg0 and the chip's MAC.
/// </summary>
/// <param name="BootromVersion">1 on BL602; 0xFFFFFFFF when an eflash_loader answered instead.</param>
/// <param name="SignType">Non-zero: the chip only runs signed images.</param>
/// <param name="EncryptType">Non-zero: the chip only runs AES-encrypted images.</param>
/// <param name="SoftDebugConfig">dbg_mode + 16 × no_hd_boot_en.</param>
/// <param name="TrimEnable">trim_enable.</param>
/// <param name="SwConfig0">eFuse sw_usage_0 word with its named bits.</param>
/// <param name="Mac">MAC in normal byte order (the wire carries it reversed).</param>
/// <param name="MacZeroBitCount">The chip's own count of zero bits in the 6 MAC bytes.</param>
public sealed record BootInfo(
    uint BootromVersion,
    byte SignType,
    byte EncryptType,
    byte SoftDebugConfig,
    byte TrimEnable,
    SwConfig0 SwConfig0,
    byte[] Mac,
    byte MacZeroBitCount)
{
    public const int Length = 20;

    /// <summary>The version an eflash_loader reports: the helper is already running.</summary>
    public const uint LoaderRunningVersion = 0xFFFFFFFF;

    /// <summary>An eflash_loader (not the bootrom) answered: a previous run left it running.</summary>
    public bool IsLoaderRunning => BootromVersion == LoaderRunningVersion;

    /// <summary>Sign or encrypt eFuses set: the chip will not run the unsigned helper (CHIP_LOCKED).</summary>
    public bool IsLocked => SignType != 0 || EncryptType != 0;

    /// <summary>True when the zero-bit count matches the MAC bytes (a misread eFuse MAC fails this).</summary>
    public bool MacCheckPasses => MacZeroBitCount == CountZeroBits(Mac);

    /// <summary>MAC as "B4:0E:CF:07:15:91".</summary>
    public string MacText => Convert.ToHexString(Mac).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b);

    /// <summary>Decodes the 20 data bytes (without the OK + length prefix).</summary>
    /// <exception cref="IspProtocolException">Not exactly 20 bytes.</exception>
    public static BootInfo Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length != Length)
            throw new IspProtocolException($"get_boot_info returned {data.Length} data bytes where {Length} were expected.", data);
        var mac = data.Slice(12, 6).ToArray();
        Array.Reverse(mac);
        return new BootInfo(
            BinaryPrimitives.ReadUInt32LittleEndian(data),
            data[4],
            data[5],
            data[6],
            data[7],
            new SwConfig0(BinaryPrimitives.ReadUInt32LittleEndian(data[8..])),
            mac,
            data[18]);
    }

    /// <summary>Zero bits in a 6-byte MAC, as the chip counts them.</summary>
    public static int CountZeroBits(ReadOnlySpan<byte> mac)
    {
        var zeros = 0;
        foreach (var b in mac)
            zeros += 8 - BitOperations.PopCount(b);
        return zeros;
    }
}
