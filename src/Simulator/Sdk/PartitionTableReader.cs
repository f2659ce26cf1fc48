using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Fixture.Simulator.Flash;

namespace Fixture.Simulator.Sdk;

/// <summary>One entry of a partition table as the chip's code reads it (PtTable_Entry_Config, 36 bytes).</summary>
public sealed record PtEntry(byte Type, byte Device, byte ActiveIndex, string Name, uint Address0, uint Address1, uint MaxLen0, uint MaxLen1, uint Length, uint Age)
{
    /// <summary>Address[activeIndex] (index 0 or 1: the slot bit; values ≥ 2 mean "copy" to boot2, not modelled).</summary>
    public uint ActiveAddress => (ActiveIndex & 1) == 0 ? Address0 : Address1;

    public uint ActiveMaxLen => (ActiveIndex & 1) == 0 ? MaxLen0 : MaxLen1;
}

/// <summary>A partition table copy that passed PtTable_Valid.</summary>
public sealed record PtTable(int Copy, uint Age, IReadOnlyList<PtEntry> Entries)
{
    /// <summary>PtTable_Get_Active_Entries_By_ID: the first entry of this type.</summary>
    public PtEntry? ByType(byte type) => Entries.FirstOrDefault(e => e.Type == type);

    /// <summary>PtTable_Get_Active_Entries_By_Name: the first entry whose name equals (same length, same bytes).</summary>
    public PtEntry? ByName(string name) => Entries.FirstOrDefault(e => e.Name == name);
}

/// <summary>
/// The SDK's partition.c on the device side: the two copies at 0xE000 and 0xF000, each valid when its
/// magic is "BFPT", entryCnt ≤ 16, the CRC32 of header bytes 0..11 and the CRC32 of the entries (right
/// after them) match; both valid: the larger age wins, a tie goes to copy 0. PtTable_Update_Entry
/// (boot2's rollback) rewrites the other copy with the entry changed and the table's age + 1.
/// Independent of the station's table parser.
/// </summary>
public static class PartitionTableReader
{
    public const uint Table0Address = 0xE000;
    public const uint Table1Address = 0xF000;
    public const uint Magic = 0x54504642; // "BFPT"
    public const int MaxEntries = 16;
    public const int HeaderSize = 16;
    public const int EntrySize = 36;

    /// <summary>PtTable_Get_Active_Partition_Need_Lock through <paramref name="read"/> (the reading path: XIP for boot2, the firmware's own reads).</summary>
    public static PtTable? ReadActive(Action<uint, Span<byte>> read, out string? problem)
    {
        var table0 = TryRead(read, Table0Address, 0, out var problem0);
        var table1 = TryRead(read, Table1Address, 1, out var problem1);
        problem = null;
        if (table0 is not null && table1 is not null)
        {
            return table0.Age >= table1.Age ? table0 : table1;
        }

        if (table0 is not null || table1 is not null)
        {
            return table0 ?? table1;
        }

        problem = $"no valid partition table (0xE000: {problem0}; 0xF000: {problem1})";
        return null;
    }

    public static PtTable? ReadActive(ISpiFlash flash, out string? problem) => ReadActive(flash.Read, out problem);

    /// <summary>PtTable_Update_Entry: <paramref name="table"/> with <paramref name="entry"/> replacing the entry of its type, age + 1, written to copy <paramref name="targetCopy"/>.</summary>
    public static void UpdateEntry(ISpiFlash flash, PtTable table, PtEntry entry, int targetCopy)
    {
        var entries = table.Entries.Select(e => e.Type == entry.Type ? entry : e).ToList();
        if (!table.Entries.Any(e => e.Type == entry.Type))
        {
            entries.Add(entry);
        }

        var bytes = Build(entries, table.Age + 1);
        var address = targetCopy == 0 ? Table0Address : Table1Address;
        flash.EraseSectors(address, (uint)bytes.Length);
        flash.Program(address, bytes);
    }

    /// <summary>The table bytes as PtTable_Update_Entry writes them (header, entries, entries CRC).</summary>
    public static byte[] Build(IReadOnlyList<PtEntry> entries, uint age)
    {
        var bytes = new byte[HeaderSize + (entries.Count * EntrySize) + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), age);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), Crc32.HashToUInt32(bytes.AsSpan(0, 12)));
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var at = bytes.AsSpan(HeaderSize + (i * EntrySize), EntrySize);
            at[0] = e.Type;
            at[1] = e.Device;
            at[2] = e.ActiveIndex;
            Encoding.ASCII.GetBytes(e.Name).AsSpan(0, Math.Min(8, e.Name.Length)).CopyTo(at[3..]);
            BinaryPrimitives.WriteUInt32LittleEndian(at[12..], e.Address0);
            BinaryPrimitives.WriteUInt32LittleEndian(at[16..], e.Address1);
            BinaryPrimitives.WriteUInt32LittleEndian(at[20..], e.MaxLen0);
            BinaryPrimitives.WriteUInt32LittleEndian(at[24..], e.MaxLen1);
            BinaryPrimitives.WriteUInt32LittleEndian(at[28..], e.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(at[32..], e.Age);
        }

        var entriesLength = entries.Count * EntrySize;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HeaderSize + entriesLength), Crc32.HashToUInt32(bytes.AsSpan(HeaderSize, entriesLength)));
        return bytes;
    }

    private static PtTable? TryRead(Action<uint, Span<byte>> read, uint address, int copy, out string? problem)
    {
        var bytes = new byte[HeaderSize + (MaxEntries * EntrySize) + 4];
        read(address, bytes);
        problem = null;
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            problem = "no BFPT magic";
            return null;
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6));
        if (count > MaxEntries)
        {
            problem = $"entry count {count} is over {MaxEntries}";
            return null;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)) != Crc32.HashToUInt32(bytes.AsSpan(0, 12)))
        {
            problem = "header CRC32 does not match";
            return null;
        }

        var entriesLength = count * EntrySize;
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(HeaderSize + entriesLength)) != Crc32.HashToUInt32(bytes.AsSpan(HeaderSize, entriesLength)))
        {
            problem = "entries CRC32 does not match";
            return null;
        }

        var entries = new List<PtEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var e = bytes.AsSpan(HeaderSize + (i * EntrySize), EntrySize);
            var nameField = e.Slice(3, 9);
            var nul = nameField.IndexOf((byte)0);
            var name = Encoding.ASCII.GetString(nul < 0 ? nameField : nameField[..nul]);
            entries.Add(new PtEntry(e[0], e[1], e[2], name,
                BinaryPrimitives.ReadUInt32LittleEndian(e[12..]), BinaryPrimitives.ReadUInt32LittleEndian(e[16..]),
                BinaryPrimitives.ReadUInt32LittleEndian(e[20..]), BinaryPrimitives.ReadUInt32LittleEndian(e[24..]),
                BinaryPrimitives.ReadUInt32LittleEndian(e[28..]), BinaryPrimitives.ReadUInt32LittleEndian(e[32..])));
        }

        return new PtTable(copy, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), entries);
    }
}
