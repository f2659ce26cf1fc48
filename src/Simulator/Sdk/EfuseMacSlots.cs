using System.Buffers.Binary;
using System.Numerics;

namespace Fixture.Simulator.Sdk;

/// <summary>What one eFuse MAC slot read gave: the 6 bytes and whether the parity held.</summary>
/// <param name="Bytes">Network order when <paramref name="ParityOk"/>, else left in the local (stored, reversed) order.</param>
public readonly record struct SlotRead(byte[] Bytes, bool ParityOk);

/// <summary>
/// The device side of the Bouffalo SDK's eFuse MAC slot rules (bl602_ef_ctrl.c), written here
/// independently of the station's code, on the raw 128 bytes of eFuse region 0:
/// <list type="bullet">
/// <item>slot 0 = words 0x14/0x18 (wifi_mac), slot 1 = 0x6C/0x70 (key_slot_5 w0/w1), slot 2 = 0x04/0x08 (dbg_pwd);</item>
/// <item>the low word holds local bytes 0..3 (little-endian), the high word local bytes 4..5 and, in bits
/// 16..21, the zero-bit count of the 6 bytes; local order is the MAC reversed;</item>
/// <item>a slot is empty when its low word and the 22 low bits of its high word are zero (bits 22..29 of
/// slots 1 and 2 hold a capacitor code and do not count);</item>
/// <item>a read succeeds when the zero-bit count of the 6 bytes (6 bits of it) equals bits 16..21 of the
/// high word: the bytes are then reversed to network order; on failure they stay in local order.</item>
/// </list>
/// </summary>
public static class EfuseMacSlots
{
    public const int SlotCount = 3;

    private static readonly (int Low, int High)[] Words = [(0x14, 0x18), (0x6C, 0x70), (0x04, 0x08)];

    /// <summary>Byte offsets of a slot's low and high words in region 0.</summary>
    public static (int Low, int High) OffsetsOf(int slot) => Words[CheckSlot(slot)];

    /// <summary>EF_Ctrl_Is_MAC_Address_Slot_Empty.</summary>
    public static bool IsEmpty(ReadOnlySpan<byte> region0, int slot)
    {
        var (low, high) = Read(region0, slot);
        return low == 0 && (high & 0x3F_FFFF) == 0;
    }

    /// <summary>EF_Ctrl_Read_MAC_Address_Opt (for slot 0 also EF_Ctrl_Read_MAC_Address, which reads the same words).</summary>
    public static SlotRead ReadMac(ReadOnlySpan<byte> region0, int slot)
    {
        var (low, high) = Read(region0, slot);
        var bytes = new byte[6];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, low);
        bytes[4] = (byte)high;
        bytes[5] = (byte)(high >> 8);
        var parityOk = (ZeroBits(bytes) & 0x3F) == ((high >> 16) & 0x3F);
        if (parityOk)
        {
            Array.Reverse(bytes);
        }

        return new SlotRead(bytes, parityOk);
    }

    /// <summary>Zero bits in the bytes (EF_Ctrl_Get_Byte_Zero_Cnt summed).</summary>
    public static int ZeroBits(ReadOnlySpan<byte> bytes)
    {
        var zeros = 0;
        foreach (var b in bytes)
        {
            zeros += 8 - BitOperations.PopCount(b);
        }

        return zeros;
    }

    private static (uint Low, uint High) Read(ReadOnlySpan<byte> region0, int slot)
    {
        if (region0.Length < 128)
        {
            throw new ArgumentException($"eFuse region 0 is 128 bytes, got {region0.Length}", nameof(region0));
        }

        var (low, high) = Words[CheckSlot(slot)];
        return (BinaryPrimitives.ReadUInt32LittleEndian(region0[low..]), BinaryPrimitives.ReadUInt32LittleEndian(region0[high..]));
    }

    private static int CheckSlot(int slot) =>
        slot is >= 0 and < SlotCount ? slot : throw new ArgumentOutOfRangeException(nameof(slot), slot, "BL602 has MAC slots 0, 1 and 2");
}
