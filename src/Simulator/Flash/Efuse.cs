using System.Buffers.Binary;

namespace Fixture.Simulator.Flash;

/// <summary>
/// eFuse region 0 (128 bytes) of one unit, loaded from its identity (<c>Unit.UnitIdentity.EfuseRegion0</c>).
/// Bit positions of bflb-iot-tool's BL602 efuse_cfg_keys and the SDK's ef_data_0_reg.h: word 0 (cfg_0)
/// bits 1:0 ef_sf_aes_mode (encrypt), bits 3:2 ef_sboot_sign_mode (sign); 0x10 sw_usage_0 (sw_cfg0);
/// MAC slot 0 at 0x14/0x18, slot 1 at 0x6C/0x70 (key_slot_5 w0/w1), slot 2 at 0x04/0x08 (dbg_pwd).
/// Programming only sets bits, as in real eFuse.
/// </summary>
public sealed class Efuse : IEfuse
{
    public const int RegionSize = 128;
    public const int SwConfig0Offset = 0x10;
    public const int Slot0LowOffset = 0x14;

    private readonly byte[] _raw = new byte[RegionSize];

    /// <param name="region0">Exactly 128 bytes as the chip stores them.</param>
    public Efuse(ReadOnlySpan<byte> region0)
    {
        if (region0.Length != RegionSize)
        {
            throw new ArgumentException($"eFuse region 0 is {RegionSize} bytes, got {region0.Length}", nameof(region0));
        }

        region0.CopyTo(_raw);
    }

    public ReadOnlyMemory<byte> Mac
    {
        get
        {
            var mac = new byte[6];
            for (var i = 0; i < 6; i++)
            {
                mac[i] = _raw[Slot0LowOffset + 5 - i];
            }

            return mac;
        }
    }

    public uint SoftwareConfig0 => Word(SwConfig0Offset);

    public byte SignType => (byte)((_raw[0] >> 2) & 0x3);

    public byte EncryptType => (byte)(_raw[0] & 0x3);

    public ReadOnlyMemory<byte> Raw => _raw.ToArray();

    /// <summary>The little-endian word at byte <paramref name="offset"/> (a multiple of 4 below 128).</summary>
    public uint Word(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_raw.AsSpan(offset, 4));

    /// <summary>efuse_write (0x40): ORs <paramref name="data"/> in at <paramref name="offset"/>; bytes past the region are ignored.</summary>
    public void Program(int offset, ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length && offset + i < RegionSize; i++)
        {
            _raw[offset + i] |= data[i];
        }
    }
}
