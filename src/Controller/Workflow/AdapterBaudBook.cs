using Fixture.Protocol.Baud;

namespace Fixture.Controller.Workflow;

/// <summary>
/// The station's learned loader rate per adapter (<see cref="AdapterBaudMemory"/>, in the station's report folder
/// as <see cref="AdapterBaudMemory.FileName"/>), shared by its sockets: a socket asks where its next unit starts
/// and says at which rate a unit's loader completed. Thread-safe. A file that cannot be written only costs the
/// next unit its step-downs again, so a write failure is a warning, never a unit's failure.
/// </summary>
internal sealed class AdapterBaudBook
{
    private readonly Lock _gate = new();
    private readonly AdapterBaudMemory? _memory;
    private readonly Dictionary<string, int> _unsaved = new(StringComparer.Ordinal);

    private AdapterBaudBook(AdapterBaudMemory? memory)
    {
        _memory = memory;
    }

    /// <summary>Nothing remembered beyond the process (benchmarks, phases run outside a station).</summary>
    public static AdapterBaudBook InMemory() => new(null);

    /// <summary>The book kept in <paramref name="directory"/>; <see cref="Problem"/> says when the file there was ignored.</summary>
    public static AdapterBaudBook In(string directory) => new(AdapterBaudMemory.Load(Path.Combine(directory, AdapterBaudMemory.FileName)));

    /// <summary>Why the file was ignored at start-up, for one warning; null when it read cleanly or did not exist.</summary>
    public string? Problem => _memory?.Problem;

    /// <summary>The highest rate a unit's loader completed at on <paramref name="adapter"/>, or null.</summary>
    public int? Learned(string? adapter)
    {
        if (string.IsNullOrWhiteSpace(adapter))
        {
            return null;
        }

        lock (_gate)
        {
            return _unsaved.TryGetValue(adapter, out var baud) ? baud : _memory?.HighestCompleted(adapter);
        }
    }

    /// <summary>Records that a unit's loader completed at <paramref name="baud"/> on <paramref name="adapter"/>; returns a warning when the file could not be written.</summary>
    public string? Completed(string? adapter, int baud, DateTimeOffset nowUtc)
    {
        if (string.IsNullOrWhiteSpace(adapter))
        {
            return null;
        }

        lock (_gate)
        {
            _unsaved[adapter] = baud;
            if (_memory is null)
            {
                return null;
            }

            try
            {
                _memory.RecordCompleted(adapter, baud, nowUtc);
                _unsaved.Remove(adapter);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"could not save the learned loader rate of adapter {adapter} to {_memory.Path}: {e.Message} (the station keeps it until it stops; check the report folder's permissions and free space)";
            }
        }
    }
}
