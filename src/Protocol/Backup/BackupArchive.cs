using System.Globalization;
using System.Security.Cryptography;
using Fixture.Protocol.Compression;
using Fixture.Protocol.Identity;
using Fixture.Protocol.Json;
using SharpCompress.Compressors.Xz;

namespace Fixture.Protocol.Backup;

/// <summary>A backup file that cannot be restored: the message says which file and why; nothing was touched.</summary>
public sealed class BackupFileException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// A stock-firmware backup read back and checked for `fixture restore` (issue 14 §3): the .bin.xz decodes as one
/// .xz stream, its sidecar (same name, .json) is strict JSON of <see cref="BackupRecord"/>'s form, names this image,
/// and the decoded bytes have the sidecar's size and SHA-256. Only then is <see cref="Image"/> offered.
/// </summary>
public sealed class BackupArchive
{
    /// <summary>Largest flash a BL602 module carries (JEDEC capacity 0x18): no backup image is larger.</summary>
    public const long MaxImageBytes = 16L * 1024 * 1024;

    private static readonly JsonInputRules SidecarRules = new("backup sidecar", "a backup sidecar object { \"version\": 1, \"chipId\": ..., \"sha256\": ..., ... }") { MaxBytes = 64 * 1024 };

    private BackupArchive(string imagePath, string sidecarPath, BackupRecord record, byte[] image)
    {
        ImagePath = imagePath;
        SidecarPath = sidecarPath;
        Record = record;
        Image = image;
    }

    public string ImagePath { get; }

    public string SidecarPath { get; }

    /// <summary>What the sidecar says about the unit and the image.</summary>
    public BackupRecord Record { get; }

    /// <summary>The whole flash as it was read, address 0 first; its SHA-256 is <see cref="BackupRecord.Sha256"/>.</summary>
    public byte[] Image { get; }

    /// <summary>The sidecar that belongs to a backup image: "X.bin.xz" → "X.json".</summary>
    public static string SidecarOf(string imagePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        return imagePath.EndsWith(".bin.xz", StringComparison.Ordinal) ? imagePath[..^".bin.xz".Length] + ".json" : imagePath + ".json";
    }

    /// <summary>Reads and checks a backup image and its sidecar.</summary>
    /// <exception cref="BackupFileException">Either file is missing or unreadable, the xz does not decode, the sidecar is not a backup sidecar, or size or SHA-256 differ.</exception>
    public static BackupArchive Load(string imagePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        if (!imagePath.EndsWith(".bin.xz", StringComparison.Ordinal))
        {
            throw new BackupFileException($"{imagePath}: not a backup image (a backup is <chip_id>_<mac>_<utc>.bin.xz with its .json sidecar beside it)");
        }

        var sidecarPath = SidecarOf(imagePath);
        var record = ReadSidecar(sidecarPath);
        if (!string.Equals(record.ImageFile, Path.GetFileName(imagePath), StringComparison.Ordinal))
        {
            throw new BackupFileException($"{sidecarPath}: \"image\" names {JsonPath.Escape(record.ImageFile)}, not {Path.GetFileName(imagePath)}: the sidecar belongs to another backup");
        }

        byte[] compressed;
        try
        {
            compressed = InputFile.ReadAllBytes(imagePath, MaxImageBytes * 2, "twice the largest BL602 flash");
        }
        catch (InputFileException e)
        {
            throw new BackupFileException($"{imagePath}: {(e.Problem == InputFileProblem.NotFound ? "not found" : e.Reason)}", e);
        }

        var image = Decode(compressed, imagePath);
        if (image.LongLength != record.Size)
        {
            throw new BackupFileException(string.Create(CultureInfo.InvariantCulture, $"{imagePath}: decodes to {image.LongLength} bytes, but its sidecar says {record.Size}: the backup is damaged; do not restore it"));
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(image));
        if (!string.Equals(sha, record.Sha256, StringComparison.Ordinal))
        {
            throw new BackupFileException($"{imagePath}: SHA-256 of the decoded image is {sha}, but its sidecar says {record.Sha256}: the backup is damaged; do not restore it");
        }

        return new BackupArchive(imagePath, sidecarPath, record, image);
    }

    private static byte[] Decode(byte[] compressed, string imagePath)
    {
        try
        {
            XzStreamInfo.Parse(compressed);
            using var input = new MemoryStream(compressed, writable: false);
            using var xz = new XZStream(input);
            using var output = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = xz.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > MaxImageBytes)
                {
                    throw new BackupFileException($"{imagePath}: decodes to more than {MaxImageBytes / (1024 * 1024)} MiB, more than any BL602 flash: not a backup");
                }
            }

            return output.ToArray();
        }
        catch (Exception e) when (e is XzFormatException or InvalidDataException or InvalidOperationException or IOException or ArgumentException or IndexOutOfRangeException or NotSupportedException or SharpCompress.Common.SharpCompressException)
        {
            throw new BackupFileException($"{imagePath}: not a readable .xz stream ({e.Message}): the backup is damaged; do not restore it", e);
        }
    }

    private static BackupRecord ReadSidecar(string path)
    {
        SidecarJson json;
        try
        {
            json = JsonInput.ReadFile<SidecarJson>(path, SidecarRules, JsonInput.Options(), Check).Value;
        }
        catch (InputFileException e)
        {
            throw new BackupFileException($"{path}: {(e.Problem == InputFileProblem.NotFound ? "sidecar not found (a backup image is restored only with the .json written beside it)" : e.Reason)}", e);
        }
        catch (JsonInputException e)
        {
            throw new BackupFileException(e.Message, e);
        }

        return new BackupRecord(
            MacAddress.Parse(json.ChipId!),
            MacAddress.Parse(json.Mac!),
            json.JedecId!,
            json.EfuseRegion0!,
            json.BootInfo!,
            json.Sha256!,
            json.Size!.Value,
            json.Firmware,
            DateTimeOffset.Parse(json.TakenUtc!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            json.Image!);
    }

    private static List<JsonProblem> Check(SidecarJson json)
    {
        var problems = new List<JsonProblem>();
        void Require(bool ok, string key, string message)
        {
            if (!ok)
            {
                problems.Add(new JsonProblem(key, message));
            }
        }

        Require(json.Version == BackupRecord.FormatVersion, "version", $"must be {BackupRecord.FormatVersion} (the backup format this fixture writes)");
        Require(json.ChipId is not null && MacAddress.TryParse(json.ChipId, out _), "chipId", "must be the chip id, e.g. \"AC:D8:29:6B:B7:ED\"");
        Require(json.Mac is not null && MacAddress.TryParse(json.Mac, out _), "mac", "must be a MAC, e.g. \"70:3E:97:1E:96:66\"");
        Require(json.JedecId is { Length: 6 } id && id.All(char.IsAsciiHexDigit), "jedecId", "must be a JEDEC id of 6 hex digits, e.g. \"ef4015\"");
        Require(json.EfuseRegion0 is not null && json.EfuseRegion0.All(char.IsAsciiHexDigit), "efuseRegion0", "must be hex");
        Require(json.BootInfo is not null && json.BootInfo.All(char.IsAsciiHexDigit), "bootInfo", "must be hex");
        Require(json.Sha256 is { Length: 64 } sha && sha.All(char.IsAsciiHexDigitLower), "sha256", "must be 64 lower-case hex digits");
        Require(json.Size is > 0 and <= MaxImageBytes, "size", $"must be the image's size in bytes, 1..{MaxImageBytes}");
        Require(json.TakenUtc is not null && DateTimeOffset.TryParse(json.TakenUtc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), "takenUtc", "must be a UTC time, e.g. \"2026-12-07T14:30:00Z\"");
        Require(!string.IsNullOrEmpty(json.Image), "image", "must name the backup image file");
        return problems;
    }

    /// <summary>The sidecar as written by <see cref="BackupRecord.ToJson"/>; every key is required except firmware.</summary>
    private sealed record SidecarJson
    {
        public int? Version { get; init; }

        public string? ChipId { get; init; }

        public string? Mac { get; init; }

        public string? JedecId { get; init; }

        public string? EfuseRegion0 { get; init; }

        public string? BootInfo { get; init; }

        public string? Sha256 { get; init; }

        public long? Size { get; init; }

        public string? Firmware { get; init; }

        public string? TakenUtc { get; init; }

        public string? Image { get; init; }
    }
}
