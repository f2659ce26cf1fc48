using System.Buffers.Binary;
using System.Numerics;
using Fixture.Protocol.Identity;
using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Bootrom;

/// <summary>
/// The 20 data bytes of a get_boot_info (0x10) reply (§4.2): bootrom version, the security flags
/// from eFuse, sw_cfg0 and the chip id (eFuse MAC slot 0).
/// </summary>
/// <param name="BootromVersion">1 on BL602; 0xFFFFFFFF when an eflash_loader answered instead.</param>
/// <param name="SignType">Non-zero: the chip only runs signed images.</param>
/// <param name="EncryptType">Non-zero: the chip only runs AES-encrypted images.</param>
/// <param name="SoftDebugConfig">dbg_mode + 16 × no_hd_boot_en.</param>
/// <param name="TrimEnable">trim_enable.</param>
/// <param name="SwConfig0">eFuse sw_usage_0 word with its named bits.</param>
/// <param name="ChipId">eFuse MAC slot 0 in network order (the wire carries it reversed), e.g. AC:D8:29:6B:B7:ED.
/// On real TG7100C units this is not the MAC the firmware uses (see <see cref="MacPredictor"/>).</param>
/// <param name="MacZeroBitCount">The chip's own count of zero bits in the 6 chip-id bytes.</param>
public sealed record BootInfo(
    uint BootromVersion,
    byte SignType,
    byte EncryptType,
    byte SoftDebugConfig,
    byte TrimEnable,
    SwConfig0 SwConfig0,
    MacAddress ChipId,
    byte MacZeroBitCount)
{
    public const int Length = 20;

    /// <summary>The version an eflash_loader reports: the helper is already running.</summary>
    public const uint LoaderRunningVersion = 0xFFFFFFFF;

    /// <summary>An eflash_loader (not the bootrom) answered: a previous run left it running.</summary>
    public bool IsLoaderRunning => BootromVersion == LoaderRunningVersion;

    /// <summary>Sign or encrypt eFuses set: the chip will not run the unsigned helper (CHIP_LOCKED).</summary>
    public bool IsLocked => SignType != 0 || EncryptType != 0;

    /// <summary>True when the zero-bit count matches the chip-id bytes (a misread eFuse slot 0 fails this).</summary>
    public bool MacCheckPasses => MacZeroBitCount == CountZeroBits(ChipId.ToBytes());

    /// <summary>Decodes the 20 data bytes (without the OK + length prefix).</summary>
    /// <exception cref="IspProtocolException">Not exactly 20 bytes.</exception>
    public static BootInfo Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length != Length)
            throw new IspProtocolException($"get_boot_info returned {data.Length} data bytes where {Length} were expected.", data);
        return new BootInfo(
            BinaryPrimitives.ReadUInt32LittleEndian(data),
            data[4],
            data[5],
            data[6],
            data[7],
            new SwConfig0(BinaryPrimitives.ReadUInt32LittleEndian(data[8..])),
            MacAddress.FromReversed(data.Slice(12, 6)),
            data[18]);
    }

    /// <summary>The 20 data bytes as <see cref="Parse"/> reads them (byte 19, which it ignores, as 0): a backup sidecar keeps them.</summary>
    public byte[] ToBytes()
    {
        var data = new byte[Length];
        BinaryPrimitives.WriteUInt32LittleEndian(data, BootromVersion);
        data[4] = SignType;
        data[5] = EncryptType;
        data[6] = SoftDebugConfig;
        data[7] = TrimEnable;
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(8), SwConfig0.Raw);
        var chipId = ChipId.ToBytes();
        for (var i = 0; i < 6; i++)
        {
            data[12 + i] = chipId[5 - i];
        }

        data[18] = MacZeroBitCount;
        return data;
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
