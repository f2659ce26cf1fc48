using Fixture.Protocol.Images;

namespace Fixture.Protocol.Recipes;

/// <summary>A clean-slate erase resolved against the partition table: the flash range it means, or why it means none.</summary>
/// <param name="Name">Region name for logs and reports, e.g. "erase PSM", "erase FW slot 1 header".</param>
/// <param name="Address">First byte to erase.</param>
/// <param name="Length">Bytes to erase.</param>
/// <param name="Problem">Why the erase cannot be resolved (no such entry, no such slot), else null.</param>
/// <remarks>
/// The inactive slot of an entry with one slot only (OpenBL602's 1 MB table has a single FW slot) is nothing:
/// no older image can linger there, so the range is empty (<see cref="IsNothing"/>) rather than a problem.
/// </remarks>
public readonly record struct CleanSlateRange(string Name, uint Address, uint Length, string? Problem)
{
    /// <summary>Resolved to no range at all: the inactive slot of a single-slot entry.</summary>
    public bool IsNothing => Problem is null && Length == 0;

    public static CleanSlateRange Resolve(CleanSlateErase erase, PartitionTable table)
    {
        ArgumentNullException.ThrowIfNull(erase);
        ArgumentNullException.ThrowIfNull(table);
        var entry = table.Find(erase.Partition);
        if (entry is null)
        {
            return Unresolved(erase, $"there is no entry named \"{erase.Partition}\" (names are case-sensitive: {string.Join(", ", table.Entries.Select(e => e.Name))})");
        }

        if (erase.Slot == PartitionSlotChoice.Inactive && entry.Size1 == 0 && entry.ActiveIndex == 0)
        {
            return new CleanSlateRange($"erase {entry.Name} inactive slot (none: one slot only)", 0, 0, null);
        }

        var slot = erase.Slot switch
        {
            PartitionSlotChoice.Slot1 => 1,
            PartitionSlotChoice.Inactive => 1 - entry.ActiveIndex,
            _ => 0,
        };
        var (address, size) = slot == 1 ? (entry.Address1, entry.Size1) : (entry.Address0, entry.Size0);
        if (size == 0)
        {
            return Unresolved(erase, $"entry \"{entry.Name}\" has no slot {slot} (size{slot} is 0)");
        }

        var length = erase.HeaderOnly ? Math.Min(CleanSlateErase.HeaderEraseLength, size) : size;
        var what = erase.HeaderOnly ? " header" : string.Empty;
        var name = entry.Address1 == 0 && entry.Size1 == 0 ? $"erase {entry.Name}{what}" : $"erase {entry.Name} slot {slot}{what}";
        return new CleanSlateRange(name, address, length, null);
    }

    private static CleanSlateRange Unresolved(CleanSlateErase erase, string problem) =>
        new($"erase {erase}", 0, 0, $"erase {erase}: {problem}");
}
