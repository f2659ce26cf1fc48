using System.Buffers.Binary;
using Fixture.Simulator.Sdk;

namespace Fixture.Simulator.Unit;

/// <summary>
/// Builds eFuse region 0 contents the way the factory tools program them (EF_Ctrl_Write_MAC_Address_Opt:
/// the MAC reversed into local order, low word = local bytes 0..3, high word = local bytes 4..5 and the
/// zero-bit count in bits 16..21; bits 22..31 of the high word are left as they were). For unit files,
/// tests and <see cref="UnitIdentity.Serial"/>; the device side reads the result with <see cref="EfuseMacSlots"/>.
/// </summary>
public static class EfuseImage
{
    public const int Size = 128;

    /// <summary>A region with sw_cfg0 and the given MAC slots (null: the slot stays empty), everything else zero.</summary>
    public static byte[] Build(uint softwareConfig0, byte[]? slot0 = null, byte[]? slot1 = null, byte[]? slot2 = null)
    {
        var region = new byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(region.AsSpan(0x10), softwareConfig0);
        foreach (var (slot, mac) in new[] { (0, slot0), (1, slot1), (2, slot2) })
        {
            if (mac is not null)
            {
                WriteMac(region, slot, mac);
            }
        }

        return region;
    }

    /// <summary>Writes <paramref name="mac"/> (network order) into <paramref name="slot"/> with a correct zero-bit count.</summary>
    public static void WriteMac(Span<byte> region, int slot, ReadOnlySpan<byte> mac) => WriteLocal(region, slot, Reverse(mac), parityOffset: 0);

    /// <summary>
    /// Writes <paramref name="mac"/> with a zero-bit count that is off by <paramref name="parityOffset"/>
    /// (mod 64): a slot whose parity check fails, as a failed or tampered programming leaves it.
    /// </summary>
    public static void WriteMacWithBadParity(Span<byte> region, int slot, ReadOnlySpan<byte> mac, int parityOffset = 1) =>
        WriteLocal(region, slot, Reverse(mac), parityOffset);

    /// <summary>Sets bits 22..29 of a slot's high word (the crystal capacitor code the RF calibration stores beside slots 1 and 2).</summary>
    public static void WriteCapCode(Span<byte> region, int slot, byte capCode)
    {
        var (_, high) = EfuseMacSlots.OffsetsOf(slot);
        var word = BinaryPrimitives.ReadUInt32LittleEndian(region[high..]);
        word = (word & ~(0xFFu << 22)) | ((uint)capCode << 22);
        BinaryPrimitives.WriteUInt32LittleEndian(region[high..], word);
    }

    /// <summary>
    /// The slot's MAC counted up by <paramref name="step"/> as a 48-bit number, with the stored zero-bit count
    /// keeping its offset from the true count (a correct slot stays correct, a broken one stays broken) and
    /// the high word's upper bits kept. An empty slot is left alone.
    /// </summary>
    public static void CountUp(Span<byte> region, int slot, long step)
    {
        if (EfuseMacSlots.IsEmpty(region, slot))
        {
            return;
        }

        var (low, high) = EfuseMacSlots.OffsetsOf(slot);
        var local = new byte[6];
        region.Slice(low, 4).CopyTo(local);
        region.Slice(high, 2).CopyTo(local.AsSpan(4));
        var stored = (int)((BinaryPrimitives.ReadUInt32LittleEndian(region[high..]) >> 16) & 0x3F);
        var offset = (stored - EfuseMacSlots.ZeroBits(local)) & 0x3F;

        var value = 0UL;
        for (var i = 5; i >= 0; i--)
        {
            value = (value << 8) | local[i]; // local order is the MAC reversed: local[5] is the first network byte
        }

        value = (value + (ulong)step) & 0xFFFF_FFFF_FFFFUL;
        for (var i = 0; i < 6; i++)
        {
            local[i] = (byte)(value >> (8 * i));
        }

        WriteLocal(region, slot, local, offset);
    }

    private static void WriteLocal(Span<byte> region, int slot, ReadOnlySpan<byte> local, int parityOffset)
    {
        if (local.Length != 6)
        {
            throw new ArgumentException($"a MAC is 6 bytes, got {local.Length}", nameof(local));
        }

        var (low, high) = EfuseMacSlots.OffsetsOf(slot);
        local[..4].CopyTo(region[low..]);
        var zeros = (EfuseMacSlots.ZeroBits(local) + parityOffset) & 0x3F;
        var word = BinaryPrimitives.ReadUInt32LittleEndian(region[high..]) & ~0x3F_FFFFu;
        word |= local[4] | ((uint)local[5] << 8) | ((uint)zeros << 16);
        BinaryPrimitives.WriteUInt32LittleEndian(region[high..], word);
    }

    private static byte[] Reverse(ReadOnlySpan<byte> mac)
    {
        var local = mac.ToArray();
        Array.Reverse(local);
        return local;
    }
}
