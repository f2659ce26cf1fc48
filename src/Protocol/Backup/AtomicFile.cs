namespace Fixture.Protocol.Backup;

/// <summary>Replaces a small file whole: a reader sees the old bytes or the new ones, never a torn mix.</summary>
public static class AtomicFile
{
    /// <summary>Writes to "path.tmp", flushes to disk, then renames over <paramref name="path"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
