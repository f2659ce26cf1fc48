using System.Text.Json;

namespace Fixture.Protocol.Baud;

/// <summary>
/// Per adapter identity (USB vid:pid + serial, or its by-id path), the highest loader rate that completed, kept in
/// a small JSON file beside the reports (issue 14 §2): <c>{"version":1,"adapters":{"usb:10c4:ea60:0001":{"baud":1000000,"updatedUtc":"…"}}}</c>.
/// Every change is written to a temporary file, flushed and renamed over the old one. A file that cannot be read
/// is reported in <see cref="Problem"/> and treated as empty (it only saves time; the next good unit rewrites it).
/// </summary>
public sealed class AdapterBaudMemory
{
    private readonly Dictionary<string, (int Baud, DateTimeOffset Updated)> _entries;

    private AdapterBaudMemory(string path, Dictionary<string, (int, DateTimeOffset)> entries, string? problem)
    {
        Path = path;
        _entries = entries;
        Problem = problem;
    }

    /// <summary>The usual file name in the reports folder.</summary>
    public const string FileName = "adapter-baud.json";

    public string Path { get; }

    /// <summary>Why the file was ignored (broken JSON, wrong shape), for one warning; null when it read cleanly or did not exist.</summary>
    public string? Problem { get; }

    public IReadOnlyCollection<string> Adapters => _entries.Keys;

    public static AdapterBaudMemory Load(string path)
    {
        var entries = new Dictionary<string, (int, DateTimeOffset)>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return new AdapterBaudMemory(path, entries, null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("adapters", out var adapters) || adapters.ValueKind != JsonValueKind.Object)
            {
                return new AdapterBaudMemory(path, entries, $"{path}: no \"adapters\" object: the learned adapter rates were ignored and will be rewritten");
            }

            foreach (var adapter in adapters.EnumerateObject())
            {
                if (adapter.Value.ValueKind == JsonValueKind.Object
                    && adapter.Value.TryGetProperty("baud", out var baud) && baud.TryGetInt32(out var rate) && rate > 0
                    && adapter.Value.TryGetProperty("updatedUtc", out var updated) && updated.TryGetDateTimeOffset(out var at))
                {
                    entries[adapter.Name] = (rate, at);
                }
                else
                {
                    return new AdapterBaudMemory(path, [], $"{path}: adapter \"{adapter.Name}\" has no valid \"baud\"/\"updatedUtc\": the learned adapter rates were ignored and will be rewritten");
                }
            }

            return new AdapterBaudMemory(path, entries, null);
        }
        catch (JsonException ex)
        {
            return new AdapterBaudMemory(path, entries, $"{path}: not valid JSON ({ex.Message}): the learned adapter rates were ignored and will be rewritten");
        }
    }

    /// <summary>The highest rate that completed on <paramref name="adapter"/>, or null.</summary>
    public int? HighestCompleted(string adapter) => _entries.TryGetValue(adapter, out var entry) ? entry.Baud : null;

    /// <summary>Records that a unit completed at <paramref name="baud"/> on <paramref name="adapter"/>, and writes the file when that changed what is known.</summary>
    public void RecordCompleted(string adapter, int baud, DateTimeOffset nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(adapter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baud);
        if (_entries.TryGetValue(adapter, out var known) && known.Baud == baud)
        {
            return;
        }

        _entries[adapter] = (baud, nowUtc);
        Save();
    }

    private void Save()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            json.WriteStartObject("adapters");
            foreach (var (adapter, (baud, updated)) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(adapter);
                json.WriteNumber("baud", baud);
                json.WriteString("updatedUtc", updated.ToUniversalTime());
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        Backup.AtomicFile.Write(Path, buffer.ToArray());
    }
}
