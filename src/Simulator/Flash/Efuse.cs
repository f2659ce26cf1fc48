using System.Buffers.Binary;
using System.Numerics;

namespace Fixture.Simulator.Flash;

/// <summary>
/// eFuse region 0 (128 bytes) with the bit positions of bflb-iot-tool's BL602 efuse_cfg_keys:
/// word 0 bits 1:0 ef_sf_aes_mode (encrypt), bits 3:2 ef_sboot_sign_mode (sign); offset 0x10
/// sw_usage_0 (sw_cfg0); offset 0x14 the WiFi MAC, stored in reversed byte order (so the raw
/// bytes are what get_boot_info and efuse_read_mac return), offset 0x1A the MAC's zero-bit count.
/// Programming only sets bits, as in real eFuse.
/// </summary>
public sealed class Efuse : IEfuse
{
    public const int RegionSize = 128;
    public const int SwConfig0Offset = 0x10;
    public const int MacOffset = 0x14;
    public const int MacZeroCountOffset = 0x1A;

    private readonly byte[] _raw = new byte[RegionSize];

    /// <param name="mac">6 bytes in normal order (70:3E:97:1E:96:66 is 70 3E 97 1E 96 66).</param>
    public Efuse(ReadOnlySpan<byte> mac, uint softwareConfig0 = 0, byte signType = 0, byte encryptType = 0)
    {
        if (mac.Length != 6)
        {
            throw new ArgumentException($"a MAC is 6 bytes, got {mac.Length}", nameof(mac));
        }

        _raw[0] = (byte)((encryptType & 0x3) | ((signType & 0x3) << 2));
        BinaryPrimitives.WriteUInt32LittleEndian(_raw.AsSpan(SwConfig0Offset), softwareConfig0);
        for (var i = 0; i < 6; i++)
        {
            _raw[MacOffset + i] = mac[5 - i];
        }

        _raw[MacZeroCountOffset] = (byte)MacZeroBits(mac);
    }

    public ReadOnlyMemory<byte> Mac
    {
        get
        {
            var mac = new byte[6];
            for (var i = 0; i < 6; i++)
            {
                mac[i] = _raw[MacOffset + 5 - i];
            }

            return mac;
        }
    }

    /// <summary>The MAC as stored (reversed), which 0x10 and 0x42 send.</summary>
    public ReadOnlySpan<byte> MacReversed => _raw.AsSpan(MacOffset, 6);

    public uint SoftwareConfig0 => BinaryPrimitives.ReadUInt32LittleEndian(_raw.AsSpan(SwConfig0Offset));

    public byte SignType => (byte)((_raw[0] >> 2) & 0x3);

    public byte EncryptType => (byte)(_raw[0] & 0x3);

    public ReadOnlyMemory<byte> Raw => _raw.ToArray();

    /// <summary>Zero bits in the 6 MAC bytes (the bootrom's MAC check count).</summary>
    public static int MacZeroBits(ReadOnlySpan<byte> mac)
    {
        var zeros = 0;
        foreach (var b in mac)
        {
            zeros += 8 - BitOperations.PopCount(b);
        }

        return zeros;
    }

    /// <summary>efuse_write (0x40): ORs <paramref name="data"/> in at <paramref name="offset"/>; bytes past the region are ignored.</summary>
    public void Program(int offset, ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length && offset + i < RegionSize; i++)
        {
            _raw[offset + i] |= data[i];
        }
    }
}
