using System.Buffers.Binary;
using System.CommandLine;
using System.Security.Cryptography;
using Fixture.Protocol.Images;
using Fixture.Protocol.Images.DeviceTree;

namespace Fixture.Controller.Cli;

/// <summary>
/// `fixture image inspect FILE`: recognises a boot header, a whole_img / whole_img_boot2 file, a helper
/// (RAM) image, a binary partition table or a .dtb by its magic and prints its fields with the validity
/// of every CRC and hash. An invalid file still gets its fields printed, then the one-line error and exit 2.
/// A file with none of those magics is described as raw code — what a recipe's `firmware` and `boot2`
/// inputs are (the flash plan adds the boot header) — with the version strings it carries; exit 0.
/// </summary>
internal static class ImageInspection
{
    private const uint DeviceTreeMagic = 0xD00DFEED;

    /// <summary>Load addresses at or above this are RAM (the helper's 0x22010000); flash images say 0x1000/0x2000.</summary>
    private const uint RamStart = 0x2000_0000;

    public static Command Command()
    {
        var fileArgument = new Argument<string>("FILE") { Description = "Image, partition table or .dtb to decode." };
        var command = new Command("inspect", "Decode an image file and check its CRCs and hashes.") { fileArgument };
        command.SetAction(parse => ImageCommands.Guarded(parse, output =>
        {
            var path = parse.GetValue(fileArgument)!;
            if (path.EndsWith(".bin.xz", StringComparison.Ordinal))
            {
                return InspectBackup(path, output, parse);
            }

            var bytes = ImageCommands.ReadInput(path, "file");
            output.WriteLine($"{path}: {bytes.Length} bytes, SHA-256 {ImageCommands.Sha256(bytes)}");
            var problem = bytes.Length < 4 ? "too short to be an image" : Inspect(bytes, path, output);
            return problem is null ? ExitCodes.Ok : SetupErrors.BadInput(parse, $"{path}: {problem}");
        }));
        return command;
    }

    /// <summary>A stock-firmware backup (issue 14 §3): its sidecar's facts, checked against the decoded image, and the partition table it holds.</summary>
    private static int InspectBackup(string path, TextWriter output, ParseResult parse)
    {
        Protocol.Backup.BackupArchive archive;
        try
        {
            archive = Protocol.Backup.BackupArchive.Load(path);
        }
        catch (Protocol.Backup.BackupFileException e)
        {
            return SetupErrors.BadInput(parse, e.Message);
        }

        var r = archive.Record;
        output.WriteLine($"{path}: stock-firmware backup of chip {r.ChipId} (MAC {r.Mac}), JEDEC {r.JedecId}, taken {r.TakenUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        output.WriteLine($"  image: {r.Size} bytes, SHA-256 {r.Sha256} (decoded and checked against the sidecar {Path.GetFileName(archive.SidecarPath)})");
        output.WriteLine($"  firmware: {r.Firmware ?? "not recognised"}");
        foreach (var address in new[] { PartitionTable.DefaultAddress0, PartitionTable.DefaultAddress1 })
        {
            try
            {
                var table = PartitionTable.Parse(archive.Image.AsSpan((int)address, 0x1000).ToArray(), $"{path}@0x{address:X}");
                output.WriteLine($"  partition table at 0x{address:X}: {table.Entries.Count} entries");
                WriteEntries(output, table);
                break;
            }
            catch (ImageFormatException e)
            {
                output.WriteLine($"  no valid partition table at 0x{address:X}: {e.Message}");
            }
        }

        return ExitCodes.Ok;
    }

    public static void WriteEntries(TextWriter output, PartitionTable table)
    {
        output.WriteLine("  #  type  name     active  address0  size0     address1  size1     len       age");
        for (var i = 0; i < table.Entries.Count; i++)
        {
            var e = table.Entries[i];
            output.WriteLine($"  {i,-2} {e.Type,4}  {e.Name,-7}  {e.ActiveIndex,6}  0x{e.Address0:X6}  0x{e.Size0:X6}  0x{e.Address1:X6}  0x{e.Size1:X6}  0x{e.Length:X6}  {e.Age}");
        }
    }

    /// <summary>Prints what the file is; returns the first problem found, or null when everything checks out.</summary>
    private static string? Inspect(byte[] bytes, string path, TextWriter output)
    {
        var magicLe = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (magicLe == BootHeader.BootMagic)
        {
            return InspectBootImage(bytes, path, output);
        }

        if (magicLe == PartitionTable.Magic)
        {
            var table = PartitionTable.Parse(bytes, path);
            output.WriteLine($"partition table: version {table.Version}, {table.Entries.Count} entries, age {table.Age}, header CRC valid, entry CRC valid ({table.ByteLength} bytes used)");
            WriteEntries(output, table);
            return null;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(bytes) == DeviceTreeMagic)
        {
            var parameters = FactoryParameters.Parse(bytes, path);
            output.WriteLine($"device tree (factory parameters): console UART baud {parameters.ConsoleBaudRate}, tx pin {parameters.ConsoleTxPin?.ToString() ?? "?"}, rx pin {parameters.ConsoleRxPin?.ToString() ?? "?"}, MAC mode {parameters.MacMode ?? "(none)"}");
            WriteNode(output, parameters.Root, "  ");
            return null;
        }

        DescribeRaw(bytes, output);
        return null;
    }

    // A raw image has no header to check: say what it can be and what the plan will do with it.
    private static void DescribeRaw(byte[] bytes, TextWriter output)
    {
        output.WriteLine($"raw code or data: no boot header (\"BFNP\"), partition table (\"BFPT\") or device tree (0xD00DFEED); starts with {Convert.ToHexString(bytes, 0, 4)}");
        output.WriteLine("  as a recipe's firmware (OpenBL602_<version>.bin) or boot2 (blsp_boot2) input this is the expected form: the flash plan adds the boot header (code at 0x1000 or 0x2000)");
        var openBl602 = bytes.AsSpan().IndexOf("OpenBL602"u8) >= 0;
        var versions = VersionStrings(bytes).Take(MaxVersionsShown + 1).ToList();
        output.WriteLine($"  'OpenBL602' {(openBl602 ? "appears" : "does not appear")} in it; "
            + (versions.Count == 0
                ? "no version string (digits and dots, NUL-terminated) found"
                : $"version strings: {string.Join(", ", versions.Take(MaxVersionsShown))}{(versions.Count > MaxVersionsShown ? ", …" : string.Empty)} (a recipe's firmware.expectedVersion must be one of them)"));
    }

    private const int MaxVersionsShown = 5;

    /// <summary>NUL-terminated strings such as `1.17.366` (digits and at least two dots), each once, in file order.</summary>
    private static IEnumerable<string> VersionStrings(byte[] bytes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b is (>= (byte)'0' and <= (byte)'9') or (byte)'.')
            {
                continue;
            }

            if (b == 0 && i - start is >= 5 and <= 32 && (start == 0 || bytes[start - 1] is < 0x20 or > 0x7E))
            {
                var text = System.Text.Encoding.ASCII.GetString(bytes, start, i - start);
                if (text.Count(c => c == '.') >= 2 && !text.Contains("..", StringComparison.Ordinal) && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[^1]) && seen.Add(text))
                {
                    yield return text;
                }
            }

            start = i + 1;
        }
    }

    private static string? InspectBootImage(byte[] bytes, string path, TextWriter output)
    {
        var header = BootHeader.Read(bytes);
        var ram = header.ImageStart >= RamStart;
        var kind = bytes.Length == BootHeader.Size ? "boot header" : ram ? "helper (RAM) image" : null;
        FlashImageKind? flashKind = kind is null ? GuessFlashKind(bytes, header) : null;
        output.WriteLine(kind ?? (flashKind == FlashImageKind.Boot2 ? "whole_img_boot2 (boot2 flash image, code at 0x2000)" : "whole_img (firmware flash image, code at 0x1000)"));
        WriteHeader(output, header, ram);
        var problems = header.FindProblems();
        if (problems.Count > 0)
        {
            return $"boot header: {problems[0]}";
        }

        if (ram)
        {
            var helper = HelperImage.Parse(bytes, path);
            foreach (var (segment, i) in helper.Segments.Select((s, i) => (s, i)))
            {
                output.WriteLine($"  segment {i}: dest 0x{segment.Header.Destination:X8}, {segment.Header.Length} bytes, header CRC valid, data CRC 0x{segment.Header.DataCrc:X8} valid");
            }

            output.WriteLine($"  hash: {(helper.BootHeader.IsHashIgnored ? "ignored (hash_ignore)" : "valid")}");
            return null;
        }

        if (flashKind is { } imageKind)
        {
            var image = FlashImage.Read(bytes, imageKind, path);
            var hashValid = image.IsHashValid;
            output.WriteLine($"  code: {image.Code.Length} bytes at 0x{image.CodeOffset:X}, hash {(image.Header.IsHashIgnored ? "ignored (hash_ignore)" : hashValid ? "valid" : "INVALID")}");
            if (!hashValid && !image.Header.IsHashIgnored)
            {
                return $"SHA-256 of the code is {ImageCommands.Sha256(image.Code.Span)}, the header says {Convert.ToHexStringLower(header.Hash)}";
            }
        }

        return null;
    }

    /// <summary>whole_img_boot2 (code at 0x2000) or whole_img (code at 0x1000): whichever offset the hash matches, else the length says.</summary>
    private static FlashImageKind GuessFlashKind(byte[] bytes, BootHeader header)
    {
        foreach (var kind in new[] { FlashImageKind.Boot2, FlashImageKind.Firmware })
        {
            var offset = FlashImage.CodeOffsetOf(kind);
            if (header.ImageLength > 0 && offset + (long)header.ImageLength <= bytes.Length
                && SHA256.HashData(bytes.AsSpan(offset, (int)header.ImageLength)).AsSpan().SequenceEqual(header.Hash))
            {
                return kind;
            }
        }

        return bytes.Length == FlashImage.Boot2CodeOffset + header.ImageLength ? FlashImageKind.Boot2 : FlashImageKind.Firmware;
    }

    private static void WriteHeader(TextWriter output, BootHeader header, bool ram)
    {
        output.WriteLine($"  magic 0x{header.Magic:X8} ({(header.HasValidMagic ? "BFNP" : "WRONG")}), revision {header.Revision}");
        output.WriteLine($"  flash config: magic 0x{header.FlashConfigMagic:X8}{(header.FlashConfigMagic == BootHeader.FlashConfigMagicValue ? $", CRC 0x{header.FlashConfigCrc:X8} {Valid(header.IsFlashConfigCrcValid)}" : " (not applied)")}");
        output.WriteLine($"  clock config: magic 0x{header.ClockConfigMagic:X8}{(header.ClockConfigMagic == BootHeader.ClockConfigMagicValue ? $", CRC 0x{header.ClockConfigCrc:X8} {Valid(header.IsClockConfigCrcValid)}" : " (not applied)")}");
        output.WriteLine($"  boot config {header.BootConfig}");
        output.WriteLine(ram ? $"  segment count {header.SegmentCount}" : $"  image length {header.ImageLength}");
        output.WriteLine($"  entry 0x{header.BootEntry:X8}, image start 0x{header.ImageStart:X8}");
        output.WriteLine($"  hash {Convert.ToHexStringLower(header.Hash)}");
        var crc = header.IsHeaderCrcIgnored ? "ignored (crc_ignore, 0xDEADBEEF)" : Valid(header.IsHeaderCrcValid);
        output.WriteLine($"  header CRC 0x{header.HeaderCrc:X8} {crc}");
    }

    private static void WriteNode(TextWriter output, DeviceTreeNode node, string indent)
    {
        foreach (var child in node.Children)
        {
            output.WriteLine($"{indent}{child.Name} ({child.Properties.Count} properties)");
            WriteNode(output, child, indent + "  ");
        }
    }

    private static string Valid(bool valid) => valid ? "valid" : "INVALID";
}
