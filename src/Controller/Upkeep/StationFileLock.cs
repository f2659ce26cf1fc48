namespace Fixture.Controller.Upkeep;

/// <summary>
/// A short-held lock between fixture processes on one station's files (the running station and a
/// technician's <c>fixture socket unlock</c>): a lock file opened with <see cref="FileShare.None"/>, the
/// same idea as the report writer's <c>.writer.lock</c>, but held only for one read-change-write and
/// waited for on the station's <see cref="TimeProvider"/> when another process has it.
/// </summary>
public sealed class StationFileLock : IDisposable
{
    /// <summary>How long <see cref="AcquireAsync"/> waits by default: far longer than any holder keeps it.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(25);

    private readonly FileStream stream;

    private StationFileLock(FileStream stream) => this.stream = stream;

    public string Path => stream.Name;

    /// <summary>Takes the lock now, or returns null when another holder has it.</summary>
    /// <exception cref="StationRecordException">The folder cannot be written.</exception>
    public static StationFileLock? TryAcquire(string path)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            return new StationFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StationRecordException(path, $"Cannot create the lock file {path}: {ex.Message} Check the report folder's permissions.", ex);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Takes the lock, waiting (on <paramref name="time"/>) while another process holds it.</summary>
    /// <exception cref="StationRecordException">Still held after <paramref name="wait"/>, or the folder cannot be written.</exception>
    public static async Task<StationFileLock> AcquireAsync(string path, TimeProvider time, TimeSpan wait, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(time);
        var start = time.GetTimestamp();
        while (true)
        {
            if (TryAcquire(path) is { } taken)
            {
                return taken;
            }

            if (time.GetElapsedTime(start) >= wait)
            {
                throw new StationRecordException(path, $"Another fixture process has held {path} for more than {wait.TotalSeconds:0} s. Check for a hung fixture process on this station, stop it, then try again.");
            }

            await Task.Delay(RetryInterval, time, ct);
        }
    }

    public void Dispose() => stream.Dispose();
}
