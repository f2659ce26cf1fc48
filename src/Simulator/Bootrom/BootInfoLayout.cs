using System.Buffers.Binary;
using Fixture.Simulator.Flash;

namespace Fixture.Simulator.Bootrom;

/// <summary>
/// The 20 data bytes of get_boot_info (protocol reference §4.2), taken from the raw eFuse words as the
/// loader's boot_otp_cfg_t holds them: version, sign and encrypt (cfg_0), soft_dbg_config and trim_enable
/// (0: their eFuse bits are not modelled), sw_cfg0 = the word at 0x10, and the 8-byte chip_id = the raw
/// bytes 0x14..0x1B (slot 0's local-order MAC, the stored zero-bit count and the high word's top byte).
/// </summary>
internal static class BootInfoLayout
{
    public const uint BootromVersion = 1;
    public const uint LoaderVersion = 0xFFFFFFFF;

    /// <param name="loaderSwapsEncrypt">The eflash_loader swaps encrypt values 2↔3 when it copies them.</param>
    public static byte[] Build(Efuse efuse, uint version, bool loaderSwapsEncrypt = false)
    {
        var raw = efuse.Raw.Span;
        var data = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(data, version);
        data[4] = efuse.SignType;
        var encrypt = efuse.EncryptType;
        if (loaderSwapsEncrypt && encrypt is 2 or 3)
        {
            encrypt = (byte)(5 - encrypt);
        }

        data[5] = encrypt;
        raw.Slice(Efuse.SwConfig0Offset, 4).CopyTo(data.AsSpan(8));
        raw.Slice(Efuse.Slot0LowOffset, 8).CopyTo(data.AsSpan(12));
        return data;
    }
}
