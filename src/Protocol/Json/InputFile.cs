using System.Globalization;
using System.Runtime.InteropServices;

namespace Fixture.Protocol.Json;

/// <summary>Why an input file was not read.</summary>
public enum InputFileProblem
{
    /// <summary>Nothing at that path.</summary>
    NotFound,

    /// <summary>A folder, a device (/dev/zero), a pipe (FIFO) or a socket: only regular files are read.</summary>
    NotARegularFile,

    /// <summary>Larger than the limit for its kind of file.</summary>
    TooLarge,

    /// <summary>There, but the system refused to read it (permissions, I/O error).</summary>
    Unreadable,
}

/// <summary>An input file that was not read. <see cref="Exception.Message"/> is "&lt;path&gt;: &lt;reason&gt;", one line.</summary>
public sealed class InputFileException : Exception
{
    public InputFileException(string path, InputFileProblem problem, string reason, Exception? innerException = null)
        : base($"{path}: {reason}", innerException)
    {
        Path = path;
        Problem = problem;
        Reason = reason;
    }

    public string Path { get; }

    public InputFileProblem Problem { get; }

    /// <summary>What is wrong and what to do, without the path (callers that name the file their own way use this).</summary>
    public string Reason { get; }
}

/// <summary>
/// The one way the fixture reads a file it is given (configurations, recipes and the files they name,
/// criteria, unit files): regular files only — never a device such as /dev/zero, a FIFO that would block
/// forever, or a folder — and never more than a limit chosen for the kind of file, so a wrong path cannot
/// exhaust memory. The limit is checked before reading and again while reading (a file may grow, and
/// /proc-like files report no size).
/// </summary>
public static partial class InputFile
{
    /// <summary>Reads the whole file, at most <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="limitReason">Why the limit is what it is, for the message ("the 2 MiB flash in flash.sizeBytes"); null: "the limit for this kind of file".</param>
    /// <exception cref="InputFileException">Not found, not a regular file, too large, or unreadable.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes, string? limitReason = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var why = limitReason ?? "the limit for this kind of file";
        CheckKind(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (!stream.CanSeek)
            {
                // Windows: a character device (CON, COM1) or a pipe opens, but is not a file on a disk.
                throw NotRegular(path, "a device or a pipe");
            }

            if (stream.Length > maxBytes)
            {
                throw TooLarge(path, stream.Length.ToString("N0", CultureInfo.InvariantCulture), maxBytes, why);
            }

            return ReadAtMost(stream, path, maxBytes, why);
        }
        catch (FileNotFoundException e)
        {
            throw new InputFileException(path, InputFileProblem.NotFound, "file not found", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new InputFileException(path, InputFileProblem.NotFound, "file not found (its folder does not exist)", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new InputFileException(path, InputFileProblem.Unreadable, $"cannot be read ({e.Message})", e);
        }
    }

    private static byte[] ReadAtMost(FileStream stream, string path, long maxBytes, string why)
    {
        var buffer = new byte[(int)Math.Min(Math.Max(stream.Length, 4096), maxBytes + 1)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > maxBytes)
                {
                    throw TooLarge(path, "more than " + maxBytes.ToString("N0", CultureInfo.InvariantCulture), maxBytes, why);
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
            }

            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                return total == buffer.Length ? buffer : buffer[..total];
            }

            total += read;
        }
    }

    /// <summary>
    /// The path with every symbolic link in it followed (the folders on the way included), as far as the
    /// path exists: where a read of it really goes. A link cycle ends the resolution where it is found.
    /// </summary>
    public static string ResolveLinks(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ResolveLinks(Path.GetFullPath(path), depth: 0);
    }

    /// <summary>True when <paramref name="path"/> lies inside <paramref name="folder"/> (both full paths, links already resolved).</summary>
    public static bool IsInside(string path, string folder)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(folder);
        var relative = Path.GetRelativePath(folder, path);
        return relative != "." && relative != ".."
            && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !Path.IsPathRooted(relative);
    }

    private static string ResolveLinks(string fullPath, int depth)
    {
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo entry = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (entry.LinkTarget is { } target && depth < 40)
            {
                // A relative target is relative to the link's folder; it may hold links of its own.
                next = ResolveLinks(Path.GetFullPath(target, current), depth + 1);
            }

            current = next;
        }

        return current;
    }

    /// <summary>Refuses folders everywhere, and devices, pipes and sockets where the system says what a path is (Linux).</summary>
    private static void CheckKind(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InputFileException(path, InputFileProblem.NotARegularFile, "is a folder, not a file: name the file itself");
        }

        if (OperatingSystem.IsLinux() && LinuxFileType(path) is { } type && type != RegularFile)
        {
            throw NotRegular(path, type switch
            {
                CharacterDevice => "a character device",
                BlockDevice => "a block device",
                Fifo => "a pipe (FIFO)",
                Socket => "a socket",
                _ => "not a file",
            });
        }
    }

    private static InputFileException NotRegular(string path, string what) =>
        new(path, InputFileProblem.NotARegularFile, $"is not a regular file but {what}: name a file");

    private static InputFileException TooLarge(string path, string size, long maxBytes, string why) =>
        new(path, InputFileProblem.TooLarge, $"is {size} bytes, larger than {maxBytes.ToString("N0", CultureInfo.InvariantCulture)} ({why}): is it the right file?");

    private const int FileTypeMask = 0xF000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int BlockDevice = 0x6000;
    private const int RegularFile = 0x8000;
    private const int Socket = 0xC000;

    /// <summary>The S_IFMT bits of the file the path leads to (links followed), or null when Linux cannot say (no statx, no such file).</summary>
    private static int? LinuxFileType(string path)
    {
        // struct statx has the same layout on every Linux architecture: stx_mask at 0, stx_mode (u16) at 28.
        const int atCurrentDirectory = -100;
        const uint statxType = 0x1;
        var buffer = new byte[256];
        try
        {
            if (Statx(atCurrentDirectory, path, 0, statxType, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }

        var mask = BitConverter.ToUInt32(buffer, 0);
        return (mask & statxType) == 0 ? null : BitConverter.ToUInt16(buffer, 28) & FileTypeMask;
    }

    private static unsafe int Statx(int directory, string path, int flags, uint mask, byte[] buffer)
    {
        fixed (byte* result = buffer)
        {
            return StatxNative(directory, path, flags, mask, result);
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatxNative(int directory, string path, int flags, uint mask, byte* buffer);
}
