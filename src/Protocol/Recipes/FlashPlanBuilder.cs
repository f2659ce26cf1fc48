using System.Security.Cryptography;
using Fixture.Protocol.Compression;
using Fixture.Protocol.Images;
using Fixture.Protocol.Plans;

namespace Fixture.Protocol.Recipes;

/// <summary>Compresses one region's bytes for decompress-write (0x3F): a complete .xz stream.</summary>
public delegate byte[] RegionCompressor(ReadOnlySpan<byte> data);

/// <summary>
/// Turns a loaded recipe into the flash plan every unit gets. Addresses come from the partition table
/// (the FW entry's active slot, the "factory" entry, the table's own address0/address1), never from
/// constants; regions that do not fit their slot, share a 4 KiB erase sector, or start off a sector
/// boundary are refused. Regions above 4096 bytes are xz-compressed here, once per recipe.
/// </summary>
/// <remarks>
/// Region order: clean-slate erases first, then boot2, both table copies, the factory parameters, and
/// the firmware last. Every region costs the same wherever it stands (no region's erase or write
/// depends on another), so the order only decides how soon a bad unit is found and what goes first:
/// the short regions come first, so write-protected flash, erase or program
/// errors fail the unit within about a second instead of after the 7 s firmware write, and the old
/// owner's PSM data is gone before anything new is written. A cycle cut short is a FAIL whatever it
/// left behind; the next attempt plans every region again (hash-skip keeps what is already right).
/// </remarks>
public static class FlashPlanBuilder
{
    /// <summary>Name of the partition-table entry that holds the factory parameters (BL602 and TG7100C tables alike).</summary>
    public const string FactoryPartition = "factory";

    /// <summary>
    /// Entries no plan may erase or write (the factory entry only with the recipe's factory parameters):
    /// the SDK's mfg_media layer may keep the unit's factory MAC and RF calibration there (mfg, rf_para),
    /// and nothing the fixture writes could restore them.
    /// </summary>
    public static IReadOnlyList<string> FactoryDataPartitions { get; } = ["mfg", "rf_para", FactoryPartition];

    /// <summary>Regions larger than this go as xz through 0x3F; smaller ones as plain 0x31 writes (§6.4).</summary>
    public const int CompressionThreshold = 4096;

    /// <summary>The loader erases whole 4 KiB sectors (§6.3).</summary>
    public const uint SectorSize = 0x1000;

    /// <summary>Builds the plan, compressing with <see cref="XzEncoder"/>.</summary>
    /// <exception cref="FlashPlanException">A region does not fit its slot, overlaps another, or is misplaced.</exception>
    public static FlashPlan Build(Recipe recipe) => Build(recipe, XzEncoder.Encode);

    /// <summary>Builds the plan with a given compressor (called once per region above 4096 bytes).</summary>
    /// <exception cref="FlashPlanException">A region does not fit its slot, overlaps another, or is misplaced.</exception>
    public static FlashPlan Build(Recipe recipe, RegionCompressor compress)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(compress);
        var laid = Lay(recipe);
        Check(laid, recipe);
        CheckFactoryData(laid, recipe);
        var regions = laid
            .OrderBy(r => Rank(r.Region.Kind))
            .ThenBy(r => r.Region.Address)
            .Select(r => r.Region.Data.Length > CompressionThreshold ? r.Region with { Compressed = compress(r.Region.Data.Span) } : r.Region)
            .ToList();
        return new FlashPlan(recipe.Name, regions);
    }

    /// <summary>SHA-256 the chip reports for <paramref name="length"/> erased bytes (all 0xFF).</summary>
    public static byte[] ErasedSha256(uint length)
    {
        var erased = new byte[length];
        erased.AsSpan().Fill(0xFF);
        return SHA256.HashData(erased);
    }

    private static List<LaidRegion> Lay(Recipe recipe)
    {
        var layout = recipe.PartitionLayout;
        var table = layout.Table;
        var regions = new List<LaidRegion>();

        var boot2 = FlashImage.Build(recipe.Boot2.Bytes.Span, FlashImageKind.Boot2);
        var tableStart = Math.Min(layout.TableAddress0, layout.TableAddress1);
        regions.Add(new(Written("boot2", FlashRegionKind.Boot2, 0, boot2), new Slot("the space below the partition table", 0, tableStart)));

        var tableBytes = table.ToBytes();
        foreach (var address in new[] { layout.TableAddress0, layout.TableAddress1 })
        {
            regions.Add(new(Written($"partition@0x{address:X}", FlashRegionKind.PartitionTable, address, tableBytes), new Slot("its 4 KiB sector", address, SectorSize)));
        }

        var fw = table.Firmware ?? throw Missing(recipe, "firmware", "the partition table has no firmware entry (type 0)");
        var firmware = FlashImage.Build(recipe.Firmware.Bytes.Span, FlashImageKind.Firmware);
        regions.Add(new(
            Written("firmware", FlashRegionKind.Firmware, fw.ActiveAddress, firmware),
            new Slot($"the {fw.Name} slot {fw.ActiveIndex}", fw.ActiveAddress, fw.ActiveSize)));

        var factory = table.Find(FactoryPartition) ?? throw Missing(recipe, "factory", $"the partition table has no \"{FactoryPartition}\" entry");
        regions.Add(new(
            Written("factory", FlashRegionKind.FactoryParameters, factory.ActiveAddress, recipe.FactoryParametersFile.Bytes.ToArray()),
            new Slot($"the {factory.Name} slot {factory.ActiveIndex}", factory.ActiveAddress, factory.ActiveSize)));

        foreach (var erase in recipe.CleanSlate.Effective)
        {
            var range = CleanSlateRange.Resolve(erase, table);
            if (range.Problem is { } problem)
            {
                throw Missing(recipe, range.Name, problem);
            }

            if (range.IsNothing)
            {
                continue;
            }

            var region = new FlashRegion(range.Name, FlashRegionKind.EraseOnly, range.Address, ReadOnlyMemory<byte>.Empty, ErasedSha256(range.Length), null, range.Length);
            regions.Add(new(region, new Slot($"entry {erase.Partition}", range.Address, range.Length)));
        }

        return regions;
    }

    private static void Check(List<LaidRegion> laid, Recipe recipe)
    {
        var flashSize = recipe.Flash.SizeBytes;
        foreach (var (region, slot) in laid)
        {
            if (region.Address % SectorSize != 0)
            {
                throw new FlashPlanException(
                    FlashPlanProblem.Misaligned,
                    $"recipe {recipe.Path}: {Describe(region)} does not start on a 4 KiB sector; erasing it would wipe the bytes before it",
                    region.Name);
            }

            if (region.Address + (long)region.EraseLength > flashSize)
            {
                throw new FlashPlanException(
                    FlashPlanProblem.BeyondFlash,
                    $"recipe {recipe.Path}: {Describe(region)} ends beyond the {flashSize / 1024} KiB flash",
                    region.Name);
            }

            if (region.Address < slot.Start || region.Address + (long)region.EraseLength > slot.Start + slot.Size)
            {
                throw new FlashPlanException(
                    FlashPlanProblem.DoesNotFit,
                    $"recipe {recipe.Path}: {Describe(region)}{Source(region, recipe)} does not fit {slot.What} " +
                    $"(0x{slot.Start:X}+0x{slot.Size:X}, {slot.Size:N0} bytes); use a smaller image or a partition table with a larger slot",
                    region.Name);
            }
        }

        for (var i = 0; i < laid.Count; i++)
        {
            for (var j = i + 1; j < laid.Count; j++)
            {
                var (a, b) = (laid[i].Region, laid[j].Region);
                if (SectorStart(a) < SectorEnd(b) && SectorStart(b) < SectorEnd(a))
                {
                    throw new FlashPlanException(
                        FlashPlanProblem.Overlap,
                        $"recipe {recipe.Path}: {Describe(a)} and {Describe(b)} share flash (erase works in 4 KiB sectors, so one would wipe the other)",
                        a.Name,
                        b.Name);
                }
            }
        }
    }

    private static void CheckFactoryData(List<LaidRegion> laid, Recipe recipe)
    {
        var table = recipe.PartitionLayout.Table;
        foreach (var entry in table.Entries.Where(e => FactoryDataPartitions.Contains(e.Name, StringComparer.Ordinal)))
        {
            foreach (var (start, size) in new[] { (entry.Address0, entry.Size0), (entry.Address1, entry.Size1) }.Where(s => s.Item2 > 0))
            {
                foreach (var (region, _) in laid)
                {
                    var allowed = region.Kind == FlashRegionKind.FactoryParameters && entry.Name == FactoryPartition;
                    var first = SectorStart(region);
                    var end = SectorEnd(region);
                    if (!allowed && first < start + (long)size && start < end)
                    {
                        throw new FlashPlanException(
                            FlashPlanProblem.FactoryData,
                            $"recipe {recipe.Path}: {Describe(region)} would {(region.IsEraseOnly ? "erase" : "write")} the partition-table entry \"{entry.Name}\" (0x{start:X}+0x{size:X}), "
                            + "which holds the unit's own factory data (a factory MAC, RF calibration) that nothing could restore; take it out of the clean-slate list or move the region",
                            region.Name);
                    }
                }
            }
        }
    }

    private static FlashRegion Written(string name, FlashRegionKind kind, uint address, byte[] data) =>
        new(name, kind, address, data, SHA256.HashData(data), null, (uint)data.Length);

    private static long SectorStart(FlashRegion region) => region.Address / SectorSize * SectorSize;

    private static long SectorEnd(FlashRegion region) => (region.Address + (long)region.EraseLength + SectorSize - 1) / SectorSize * SectorSize;

    private static string Describe(FlashRegion region) =>
        $"{region.Name} (0x{region.Address:X}..0x{region.Address + (long)region.EraseLength - 1:X}, {region.EraseLength:N0} bytes)";

    private static string Source(FlashRegion region, Recipe recipe) => region.Kind switch
    {
        FlashRegionKind.Firmware => $" from {recipe.Firmware.FileName}",
        FlashRegionKind.Boot2 => $" from {recipe.Boot2.FileName}",
        FlashRegionKind.FactoryParameters => $" from {recipe.FactoryParametersFile.FileName}",
        _ => string.Empty,
    };

    private static int Rank(FlashRegionKind kind) => kind switch
    {
        FlashRegionKind.EraseOnly => 0,
        FlashRegionKind.Boot2 => 1,
        FlashRegionKind.PartitionTable => 2,
        FlashRegionKind.FactoryParameters => 3,
        _ => 4,
    };

    private static FlashPlanException Missing(Recipe recipe, string region, string problem) =>
        new(FlashPlanProblem.MissingPartition, $"recipe {recipe.Path}: {region}: {problem}", region);

    private readonly record struct Slot(string What, uint Start, long Size);

    private readonly record struct LaidRegion(FlashRegion Region, Slot Slot);
}
