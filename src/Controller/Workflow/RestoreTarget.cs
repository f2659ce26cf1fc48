using Fixture.Protocol.Backup;
using Fixture.Protocol.Compression;
using Fixture.Protocol.Plans;

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
        var image = archive.Image;
        Plan = new FlashPlan(
            $"restore of {Path.GetFileName(archive.ImagePath)}",
            [new FlashRegion("backup image", FlashRegionKind.Firmware, 0, image, System.Security.Cryptography.SHA256.HashData(image), XzEncoder.Encode(image), (uint)image.Length)]);
    }

    public BackupArchive Archive { get; }

    /// <summary>One region: the whole image at 0, xz-compressed for 0x3F.</summary>
    public FlashPlan Plan { get; }

    /// <summary>What the unit will boot once restored, in words.</summary>
    public string BootsWhat => Archive.Record.Firmware is { } firmware
        ? $"{firmware}, as it did when the backup was taken"
        : "the firmware the backup holds (not recognised by name), as it did when the backup was taken";
}
