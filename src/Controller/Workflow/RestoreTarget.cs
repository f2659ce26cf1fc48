using Fixture.Protocol.Backup;
using Fixture.Protocol.Compression;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;
using System.Globalization;
using System.Security.Cryptography;

namespace Fixture.Controller.Workflow;

/// <summary>
/// What `fixture restore` puts back (issue 14 §3): a checked backup and the one-region plan that writes its whole
/// image from address 0 with the usual erase, write and SHA-256 verify. A station opened with one runs the usual
/// phases up to the verify, for this unit only: the JEDEC id must be the backup's and the chip id the backup's, there
/// is no new backup, and no boot check (the unit will boot what the backup holds, <see cref="BootsWhat"/>).
/// </summary>
public sealed class RestoreTarget
{
    public RestoreTarget(BackupArchive archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        Archive = archive;
        Plan = new FlashPlan($"restore of {Path.GetFileName(archive.ImagePath)}", Regions(archive.Image));
    }

    public BackupArchive Archive { get; }

    /// <summary>
    /// The whole flash erased (and checked erased), then every run of 4 KiB sectors that hold anything but 0xFF
    /// written at its address (xz through 0x3F above 4096 bytes) and verified: together the whole image. Erased
    /// stretches are not sent as data: megabytes of 0xFF decompress faster than the loader programs them, and its
    /// replies would be lost.
    /// </summary>
    public FlashPlan Plan { get; }

    private static List<FlashRegion> Regions(byte[] image)
    {
        var size = (uint)image.Length;
        var regions = new List<FlashRegion>
        {
            new("erase whole flash", FlashRegionKind.EraseOnly, 0, ReadOnlyMemory<byte>.Empty, FlashPlanBuilder.ErasedSha256(size), null, size),
        };
        var sector = (int)FlashPlanBuilder.SectorSize;
        for (var start = 0; start < image.Length;)
        {
            if (IsErased(image, start, sector))
            {
                start += sector;
                continue;
            }

            var end = start + sector;
            while (end < image.Length && !IsErased(image, end, sector))
            {
                end += sector;
            }

            end = Math.Min(end, image.Length);
            var data = image.AsMemory(start, end - start);
            regions.Add(new FlashRegion(
                string.Create(CultureInfo.InvariantCulture, $"backup@0x{start:X6}"),
                FlashRegionKind.Firmware,
                (uint)start,
                data,
                SHA256.HashData(data.Span),
                data.Length > FlashPlanBuilder.CompressionThreshold ? XzEncoder.Encode(data.Span) : null,
                (uint)data.Length));
            start = end;
        }

        return regions;
    }

    private static bool IsErased(byte[] image, int start, int length) =>
        !image.AsSpan(start, Math.Min(length, image.Length - start)).ContainsAnyExcept((byte)0xFF);

    /// <summary>What the unit will boot once restored, in words.</summary>
    public string BootsWhat => Archive.Record.Firmware ?? "the firmware the backup holds (not recognised by name)";
}
