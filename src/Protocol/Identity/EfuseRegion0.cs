using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using Fixture.Protocol.Bootrom;

namespace Fixture.Protocol.Identity;

/// <summary>
/// eFuse region 0 as efuse_read (0x41, start 0, length 0x80) returns it: 32 little-endian words,
/// word i at bytes 4i..4i+3, as the chip stores them (ef_data_0_reg.h). The three MAC slots are
/// read here the way the Bouffalo SDK reads them (bl602_ef_ctrl.c); which slot the firmware uses is
/// <see cref="MacPredictor"/>'s business.
/// </summary>
public sealed class EfuseRegion0
{
    public const int Length = 128;

    /// <summary>sw_usage_0 (sw_cfg0).</summary>
    public const int SwConfig0Offset = 0x10;

    private readonly byte[] bytes;

    private EfuseRegion0(byte[] bytes)
    {
        this.bytes = bytes;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The 128 bytes as read.</summary>
    public ReadOnlyMemory<byte> Bytes => bytes;

    /// <summary>SHA-256 of the 128 bytes, lower-case hex (the report's efuse_sha256).</summary>
    public string Sha256 { get; }

    public SwConfig0 SwConfig0 => new(Word(SwConfig0Offset));

    /// <summary>
    /// The chip id: slot 0's six bytes in network order whatever their parity, as get_boot_info shows
    /// them (AC:D8:29:6B:B7:ED). On real TG7100C units this is not the MAC the firmware uses.
    /// </summary>
    public MacAddress ChipId => Slot(0).StoredMac;

    /// <exception cref="ArgumentException">Not exactly 128 bytes.</exception>
    public static EfuseRegion0 Parse(ReadOnlySpan<byte> region)
    {
        if (region.Length != Length)
        {
            throw new ArgumentException($"eFuse region 0 has {Length} bytes, got {region.Length}.", nameof(region));
        }

        return new EfuseRegion0(region.ToArray());
    }

    /// <summary>The little-endian word at byte <paramref name="offset"/> (a multiple of 4 below 128).</summary>
    public uint Word(int offset)
    {
        if (offset is < 0 or > Length - 4 || offset % 4 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "An eFuse word offset is a multiple of 4 from 0 to 0x7C.");
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
    }

    /// <summary>MAC slot 0 (wifi_mac 0x14/0x18), 1 (key_slot_5 w0/w1 0x6C/0x70) or 2 (dbg_pwd 0x04/0x08).</summary>
    public EfuseMacSlot Slot(int slot)
    {
        var (low, high) = EfuseMacSlot.WordOffsets(slot);
        return new EfuseMacSlot(slot, Word(low), Word(high));
    }
}

/// <summary>
/// One eFuse MAC slot as the SDK reads it: the low word holds the MAC's bytes 5..2 (reversed, "local
/// order"), the high word bytes 1..0 in its low 16 bits and the zero-bit count of the six bytes in
/// bits 16..21. Slots 1 and 2 keep a crystal cap code in bits 22..29, which is not part of the MAC.
/// </summary>
/// <param name="Number">0, 1 or 2.</param>
/// <param name="Low">The slot's low word.</param>
/// <param name="High">The slot's high word.</param>
public sealed record EfuseMacSlot(int Number, uint Low, uint High)
{
    /// <summary>EF_Ctrl_Is_MAC_Address_Slot_Empty: the low 32 bits and the high word's bits 0..21 all zero.</summary>
    public bool IsEmpty => Low == 0 && (High & 0x3F_FFFF) == 0;

    /// <summary>The zero-bit count the eFuse holds for the slot (high word bits 16..21).</summary>
    public int StoredZeroCount => (int)((High >> 16) & 0x3F);

    /// <summary>Zero bits in the slot's six MAC bytes.</summary>
    public int ZeroCount
    {
        get
        {
            var ones = BitOperations.PopCount(Low) + BitOperations.PopCount(High & 0xFFFF);
            return 48 - ones;
        }
    }

    /// <summary>EF_Ctrl_Read_MAC_Address(_Opt)'s parity rule: the count (mod 64) equals the stored one.</summary>
    public bool ParityOk => (ZeroCount & 0x3F) == StoredZeroCount;

    /// <summary>High word bits 22..29 (slots 1 and 2: the crystal cap code; not part of the MAC).</summary>
    public int CapCode => (int)((High >> 22) & 0xFF);

    /// <summary>The six stored bytes in network order, whatever the parity (what a successful read returns).</summary>
    public MacAddress StoredMac => MacAddress.FromReversed(LocalOrder);

    /// <summary>
    /// The six bytes as the chip keeps them ("local order", reversed). A failed parity check leaves the
    /// SDK's buffer in this order (EF_Ctrl_Read_MAC_Address returns ERROR without reversing).
    /// </summary>
    public byte[] LocalOrder
    {
        get
        {
            var local = new byte[6];
            BinaryPrimitives.WriteUInt32LittleEndian(local, Low);
            local[4] = (byte)High;
            local[5] = (byte)(High >> 8);
            return local;
        }
    }

    /// <summary>The MAC when the slot reads successfully (parity ok), else null.</summary>
    public MacAddress? Mac => ParityOk ? StoredMac : null;

    /// <summary>Byte offsets of the slot's low and high words in region 0.</summary>
    public static (int Low, int High) WordOffsets(int slot) => slot switch
    {
        0 => (0x14, 0x18),
        1 => (0x6C, 0x70),
        2 => (0x04, 0x08),
        _ => throw new ArgumentOutOfRangeException(nameof(slot), slot, "BL602 eFuse MAC slots are 0, 1 and 2."),
    };

    /// <summary>
    /// The words EF_Ctrl_Write_MAC_Address_Opt programs for <paramref name="mac"/> (tests and tools
    /// that build eFuse images); <paramref name="capCode"/> goes to bits 22..29 as on slots 1 and 2.
    /// </summary>
    public static EfuseMacSlot Written(int slot, MacAddress mac, int capCode = 0)
    {
        var local = mac.ToReversedBytes();
        var zeros = 0;
        foreach (var b in local)
        {
            zeros += 8 - BitOperations.PopCount(b);
        }

        var low = BinaryPrimitives.ReadUInt32LittleEndian(local);
        var high = local[4] | ((uint)local[5] << 8) | ((uint)(zeros & 0x3F) << 16) | ((uint)(capCode & 0xFF) << 22);
        return new EfuseMacSlot(slot, low, high);
    }
}
