using System.Buffers.Binary;
using Fixture.Simulator.Flash;

namespace Fixture.Simulator.Bootrom;

/// <summary>The 20 data bytes of get_boot_info (protocol reference §4.2), built from the unit's eFuse.</summary>
internal static class BootInfoLayout
{
    public const uint BootromVersion = 1;
    public const uint LoaderVersion = 0xFFFFFFFF;

    /// <param name="loaderSwapsEncrypt">The eflash_loader swaps encrypt values 2↔3 when it copies them.</param>
    public static byte[] Build(Efuse efuse, uint version, bool loaderSwapsEncrypt = false)
    {
        var data = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(data, version);
        data[4] = efuse.SignType;
        var encrypt = efuse.EncryptType;
        if (loaderSwapsEncrypt && encrypt is 2 or 3)
        {
            encrypt = (byte)(5 - encrypt);
        }

        data[5] = encrypt;
        data[6] = 0; // soft_dbg_config
        data[7] = 0; // trim_enable
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(8), efuse.SoftwareConfig0);
        efuse.MacReversed.CopyTo(data.AsSpan(12));
        data[18] = (byte)Efuse.MacZeroBits(efuse.MacReversed);
        data[19] = 0;
        return data;
    }
}
