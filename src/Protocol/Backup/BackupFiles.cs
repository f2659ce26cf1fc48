using System.Globalization;
using Fixture.Protocol.Compression;
using Fixture.Protocol.Identity;

namespace Fixture.Protocol.Backup;

/// <summary>Where a backup went: the compressed image and its sidecar.</summary>
public sealed record BackupFilesWritten(string ImagePath, string SidecarPath, BackupRecord Record);

/// <summary>
/// Backup files in a folder the caller names: <c>&lt;chip_id&gt;_&lt;mac&gt;_&lt;utc&gt;.bin.xz</c> (the repo's own
/// .xz encoder) and <c>….json</c>. Written to temporary names, flushed, then renamed, image first: a sidecar
/// never points at a missing or torn image. The file names use the chip id and MAC as 12 hex digits.
/// </summary>
public static class BackupFiles
{
    /// <summary>"ACD8296BB7ED_703E971E9666_20250301T101500Z" (the utc part to the second).</summary>
    public static string BaseName(MacAddress chipId, MacAddress mac, DateTimeOffset takenUtc) =>
        $"{Hex(chipId)}_{Hex(mac)}_{takenUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";

    /// <summary>True when <paramref name="directory"/> already holds a backup image of this chip id (any MAC, any time).</summary>
    public static bool Exists(string directory, MacAddress chipId) =>
        Directory.Exists(directory) && Directory.EnumerateFiles(directory, $"{Hex(chipId)}_*.bin.xz").Any();

    /// <summary>The newest backup image of this chip id in <paramref name="directory"/> (by the UTC in its name), or null when there is none.</summary>
    public static string? Find(string directory, MacAddress chipId) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, $"{Hex(chipId)}_*.bin.xz").Order(StringComparer.Ordinal).LastOrDefault()
            : null;

    /// <summary>Writes the image (xz) and the sidecar for <paramref name="backup"/>.</summary>
    public static BackupFilesWritten Write(string directory, FlashBackupImage backup, BackupUnitFacts unit, DateTimeOffset takenUtc)
    {
        ArgumentNullException.ThrowIfNull(backup);
        ArgumentNullException.ThrowIfNull(unit);
        Directory.CreateDirectory(directory);
        var name = BaseName(unit.ChipId, unit.Mac, takenUtc);
        var imagePath = Path.Combine(directory, name + ".bin.xz");
        var sidecarPath = Path.Combine(directory, name + ".json");
        var record = new BackupRecord(unit.ChipId, unit.Mac, unit.JedecId, Convert.ToHexStringLower(unit.EfuseRegion0), Convert.ToHexStringLower(unit.BootInfo),
            backup.Sha256Hex, backup.Image.LongLength, FirmwareFingerprint.Recognise(backup.Image), takenUtc, Path.GetFileName(imagePath));
        AtomicFile.Write(imagePath, XzEncoder.Encode(backup.Image));
        AtomicFile.Write(sidecarPath, System.Text.Encoding.UTF8.GetBytes(record.ToJson()));
        return new BackupFilesWritten(imagePath, sidecarPath, record);
    }

    private static string Hex(MacAddress mac) => mac.ToCompactString();
}

/// <summary>What identify already read about the unit (phase B passes the workflow's readings).</summary>
/// <param name="ChipId">eFuse slot 0 (get_boot_info).</param>
/// <param name="Mac">The MAC the firmware will use (the prediction), or the chip id when none.</param>
/// <param name="JedecId">"ef4015".</param>
/// <param name="EfuseRegion0">The 128 raw bytes of 0x41.</param>
/// <param name="BootInfo">The 20 raw bytes of get_boot_info.</param>
public sealed record BackupUnitFacts(MacAddress ChipId, MacAddress Mac, string JedecId, byte[] EfuseRegion0, byte[] BootInfo);
