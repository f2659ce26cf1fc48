using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Fixture.Protocol.Images;

/// <summary>
/// The binary partition table boot2 and the firmware read at 0xE000 and 0xF000 (protocol reference
/// §7.2): a 16-byte "BFPT" header with its CRC32, 36 bytes per entry, then the CRC32 of all entries.
/// </summary>
public sealed record PartitionTable(IReadOnlyList<PartitionEntry> Entries, ushort Version = 0, uint Age = 0)
{
    /// <summary>"BFPT" read as a little-endian u32.</summary>
    public const uint Magic = 0x54504642;

    public const int HeaderSize = 16;
    public const int MaxEntries = 16;

    /// <summary>Flash address of copy 0 in the standard layouts.</summary>
    public const uint DefaultAddress0 = 0xE000;

    /// <summary>Flash address of copy 1 in the standard layouts.</summary>
    public const uint DefaultAddress1 = 0xF000;

    public int ByteLength => HeaderSize + (PartitionEntry.Size * Entries.Count) + 4;

    /// <summary>The entry with this name (case-sensitive, as boot2 and the SDK look them up), or null.</summary>
    public PartitionEntry? Find(string name) => Entries.FirstOrDefault(e => e.Name == name);

    /// <summary>The firmware entry (type 0), or null.</summary>
    public PartitionEntry? Firmware => Entries.FirstOrDefault(e => e.Type == PartitionEntry.FirmwareType);

    public byte[] ToBytes()
    {
        if (Entries.Count > MaxEntries)
        {
            throw new ImageFormatException($"partition table: {Entries.Count} entries, at most {MaxEntries}");
        }

        var bytes = new byte[ByteLength];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)Entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], Age);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], Crc32.HashToUInt32(span[..12]));

        for (var i = 0; i < Entries.Count; i++)
        {
            WriteEntry(Entries[i], span.Slice(HeaderSize + (i * PartitionEntry.Size), PartitionEntry.Size));
        }

        var entriesEnd = HeaderSize + (PartitionEntry.Size * Entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(span[entriesEnd..], Crc32.HashToUInt32(span[HeaderSize..entriesEnd]));
        return bytes;
    }

    /// <summary>
    /// Parses a binary table, checking magic, header CRC, entry count and entry CRC. Trailing bytes
    /// (the rest of a 4 KiB flash sector) are ignored.
    /// </summary>
    public static PartitionTable Parse(ReadOnlySpan<byte> bytes, string what = "partition table")
    {
        if (bytes.Length < HeaderSize + 4)
        {
            throw new ImageFormatException($"{what}: {bytes.Length} bytes is too short (at least {HeaderSize + 4})");
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (magic != Magic)
        {
            throw new ImageFormatException($"{what}: magic is 0x{magic:X8}, expected 0x{Magic:X8} (\"BFPT\")");
        }

        var headerCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        var expectedHeaderCrc = Crc32.HashToUInt32(bytes[..12]);
        if (headerCrc != expectedHeaderCrc)
        {
            throw new ImageFormatException($"{what}: header CRC32 is 0x{headerCrc:X8}, expected 0x{expectedHeaderCrc:X8}");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        var age = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (count > MaxEntries)
        {
            throw new ImageFormatException($"{what}: entry count is {count}, at most {MaxEntries}");
        }

        var entriesEnd = HeaderSize + (PartitionEntry.Size * count);
        if (bytes.Length < entriesEnd + 4)
        {
            throw new ImageFormatException($"{what}: {count} entries need {entriesEnd + 4} bytes, only {bytes.Length} present");
        }

        var entryCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes[entriesEnd..]);
        var expectedEntryCrc = Crc32.HashToUInt32(bytes[HeaderSize..entriesEnd]);
        if (entryCrc != expectedEntryCrc)
        {
            throw new ImageFormatException($"{what}: entry CRC32 is 0x{entryCrc:X8}, expected 0x{expectedEntryCrc:X8}");
        }

        var entries = new List<PartitionEntry>(count);
        for (var i = 0; i < count; i++)
        {
            entries.Add(ReadEntry(bytes.Slice(HeaderSize + (i * PartitionEntry.Size), PartitionEntry.Size)));
        }

        return new PartitionTable(entries, version, age);
    }

    /// <summary>
    /// What is wrong with this table for a flash of <paramref name="flashSize"/> bytes: names too long
    /// or not ASCII, duplicate names, slots beyond the flash, overlapping slots, a table overlapping
    /// its own copies at 0xE000/0xF000. Empty when the table is usable.
    /// </summary>
    public IReadOnlyList<string> FindProblems(long flashSize)
    {
        var problems = new List<string>();
        if (Entries.Count > MaxEntries)
        {
            problems.Add($"{Entries.Count} entries, at most {MaxEntries}");
        }

        foreach (var entry in Entries)
        {
            if (entry.Name.Length == 0 || entry.Name.Length > PartitionEntry.MaxNameLength || entry.Name.Any(c => c is < (char)0x21 or > (char)0x7E))
            {
                problems.Add($"entry \"{entry.Name}\": a name must be 1..{PartitionEntry.MaxNameLength} printable ASCII characters");
            }

            if (entry.ActiveIndex > 1)
            {
                problems.Add($"entry \"{entry.Name}\": active index {entry.ActiveIndex}, must be 0 or 1");
            }
        }

        foreach (var name in Entries.GroupBy(e => e.Name).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            problems.Add($"entry name \"{name}\" is used twice");
        }

        var slots = Slots().ToList();
        foreach (var (entry, slot, address, size) in slots)
        {
            if (size == 0)
            {
                problems.Add($"entry \"{entry.Name}\" slot {slot} has size 0");
            }
            else if (address + (long)size > flashSize)
            {
                problems.Add($"entry \"{entry.Name}\" slot {slot} (0x{address:X}+0x{size:X}) ends beyond the {flashSize / 1024} KiB flash");
            }

            if (address < DefaultAddress1 + 0x1000)
            {
                problems.Add($"entry \"{entry.Name}\" slot {slot} at 0x{address:X} overlaps boot2 or the partition tables (below 0x10000)");
            }
        }

        for (var i = 0; i < slots.Count; i++)
        {
            for (var j = i + 1; j < slots.Count; j++)
            {
                var a = slots[i];
                var b = slots[j];
                if (a.Size != 0 && b.Size != 0 && a.Address < (long)b.Address + b.Size && b.Address < (long)a.Address + a.Size)
                {
                    problems.Add($"entry \"{a.Entry.Name}\" slot {a.Slot} (0x{a.Address:X}+0x{a.Size:X}) overlaps entry \"{b.Entry.Name}\" slot {b.Slot} (0x{b.Address:X}+0x{b.Size:X})");
                }
            }
        }

        return problems;
    }

    /// <summary>Throws <see cref="ImageFormatException"/> with every problem <see cref="FindProblems"/> finds.</summary>
    public void EnsureUsable(long flashSize, string what = "partition table")
    {
        var problems = FindProblems(flashSize);
        if (problems.Count > 0)
        {
            throw new ImageFormatException($"{what}: {string.Join("; ", problems)}");
        }
    }

    private IEnumerable<(PartitionEntry Entry, int Slot, uint Address, uint Size)> Slots()
    {
        foreach (var entry in Entries)
        {
            yield return (entry, 0, entry.Address0, entry.Size0);
            if (entry.Size1 != 0 || entry.Address1 != 0)
            {
                yield return (entry, 1, entry.Address1, entry.Size1);
            }
        }
    }

    private static void WriteEntry(PartitionEntry entry, Span<byte> span)
    {
        span[0] = entry.Type;
        span[1] = entry.Device;
        span[2] = entry.ActiveIndex;
        var name = Encoding.ASCII.GetBytes(entry.Name);
        if (name.Length > 8)
        {
            throw new ImageFormatException($"partition table: entry name \"{entry.Name}\" is longer than the 9-byte field allows with its NUL");
        }

        name.CopyTo(span[3..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], entry.Address0);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], entry.Address1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], entry.Size0);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], entry.Size1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], entry.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[32..], entry.Age);
    }

    private static PartitionEntry ReadEntry(ReadOnlySpan<byte> span)
    {
        var nameField = span.Slice(3, 9);
        var nul = nameField.IndexOf((byte)0);
        var name = Encoding.ASCII.GetString(nul < 0 ? nameField : nameField[..nul]);
        return new PartitionEntry(
            span[0],
            span[1],
            span[2],
            name,
            BinaryPrimitives.ReadUInt32LittleEndian(span[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[28..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[32..]));
    }
}
