using System.Text.Json;
using System.Text.Json.Serialization;
using Fixture.Controller.Reports.Csv;

namespace Fixture.Controller.Upkeep;

/// <summary>
/// Reads and writes <c>&lt;reports&gt;/&lt;station&gt;/station-state.json</c>. Reading is strict: an
/// unknown key, a missing one, a wrong type, a socket listed twice, a negative counter or another
/// station's file is refused with a <see cref="StationRecordException"/> naming the file and what is
/// wrong, and nothing is changed. Writing is atomic (temporary file, flushed to disk, renamed over
/// the old one): a crash leaves the old state or the new one. <see cref="UpdateAsync(Func{StationState, StationState}, CancellationToken)"/>
/// holds <c>.state.lock</c> across read-change-write, so a technician's <c>fixture socket unlock</c> and
/// the running station never lose each other's change.
/// </summary>
public sealed class StationStateStore
{
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        WriteIndented = true,
    };

    private readonly TimeProvider time;

    private StationStateStore(string file, string station, TimeProvider time)
    {
        FilePath = file;
        Station = station;
        this.time = time;
    }

    public string FilePath { get; }

    public string Station { get; }

    /// <exception cref="ArgumentException">The station name cannot name files.</exception>
    public static StationStateStore For(string reportDirectory, string station, TimeProvider time)
    {
        ReportLayout.ValidateStationName(station);
        ArgumentNullException.ThrowIfNull(time);
        return new StationStateStore(StationRecordLayout.StateFile(reportDirectory, station), station, time);
    }

    /// <summary>The state as on disk; an empty state when there is no file yet.</summary>
    /// <exception cref="StationRecordException">The file is unreadable or not a valid state file.</exception>
    public StationState Read()
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(FilePath))
            {
                return StationState.Empty(Station);
            }

            bytes = File.ReadAllBytes(FilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StationRecordException(FilePath, $"Cannot read the station state {FilePath}: {ex.Message} Check the report folder and its permissions.", ex);
        }

        return Parse(bytes, FilePath, Station);
    }

    /// <summary>Reads, applies <paramref name="change"/> and writes the result, under the state lock; returns the state now on disk.</summary>
    /// <exception cref="StationRecordException">The file is bad (nothing changed), cannot be written, or another process held the lock too long.</exception>
    public async Task<StationState> UpdateAsync(Func<StationState, StationState> change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return (await UpdateAsync(state => (change(state), 0), ct)).State;
    }

    /// <summary>As <see cref="UpdateAsync(Func{StationState, StationState}, CancellationToken)"/>, also returning what the change decided.</summary>
    public async Task<(StationState State, T Result)> UpdateAsync<T>(Func<StationState, (StationState State, T Result)> change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var held = await StationFileLock.AcquireAsync(StationRecordLayout.StateLockFile(FilePath), time, StationFileLock.DefaultWait, ct);
        var before = Read();
        var (after, result) = change(before);
        if (!ReferenceEquals(after, before))
        {
            Write(after);
        }

        return (after, result);
    }

    /// <summary>Parses a state file's bytes strictly.</summary>
    /// <exception cref="StationRecordException">Not a valid state file of <paramref name="station"/>; the message names the file and the problem.</exception>
    public static StationState Parse(ReadOnlySpan<byte> json, string file, string station)
    {
        StateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<StateDocument>(json, Options);
        }
        catch (JsonException ex)
        {
            throw Bad(file, $"{(ex.Path is { Length: > 1 } p ? p + ": " : "")}{FirstSentence(ex.Message)}");
        }

        if (document is null)
        {
            throw Bad(file, "is 'null', not a state object");
        }

        if (document.Version != FormatVersion)
        {
            throw Bad(file, $"is format version {document.Version}; this fixture reads version {FormatVersion} (written by another fixture version?)");
        }

        if (!string.Equals(document.Station, station, StringComparison.Ordinal))
        {
            throw Bad(file, $"belongs to station '{document.Station}', not '{station}' (copied from another station?)");
        }

        var problems = new List<string>();
        foreach (var duplicate in document.Sockets.GroupBy(s => s.Socket).Where(g => g.Count() > 1))
        {
            problems.Add($"socket {duplicate.Key} is listed {duplicate.Count()} times");
        }

        foreach (var socket in document.Sockets)
        {
            if (socket.Socket < 1)
            {
                problems.Add($"socket {socket.Socket}: sockets count from 1");
            }

            if (socket.FailureStreak < 0 || socket.FixtureFaultStreak < 0 || socket.Insertions < 0)
            {
                problems.Add($"socket {socket.Socket}: counters cannot be negative");
            }

            if (socket.Lock is { } held && (string.IsNullOrWhiteSpace(held.Reason) || string.IsNullOrWhiteSpace(held.By)))
            {
                problems.Add($"socket {socket.Socket}: a lock needs a reason and who locked it");
            }
        }

        foreach (var relay in document.Relays)
        {
            if (relay.Socket < 1 || string.IsNullOrWhiteSpace(relay.Line) || relay.Operations < 0)
            {
                problems.Add($"relay '{relay.Line}' of socket {relay.Socket}: needs a socket from 1, a line name and a count of 0 or more");
            }
        }

        foreach (var duplicate in document.Relays.GroupBy(r => (r.Socket, r.Line)).Where(g => g.Count() > 1))
        {
            problems.Add($"relay '{duplicate.Key.Line}' of socket {duplicate.Key.Socket} is listed {duplicate.Count()} times");
        }

        if (problems.Count > 0)
        {
            throw Bad(file, string.Join("; ", problems));
        }

        if (document.Verification is { } verification)
        {
            foreach (var duplicate in verification.Sockets.GroupBy(s => s.Socket).Where(g => g.Count() > 1 || g.Key < 1))
            {
                problems.Add($"verification: socket {duplicate.Key} is listed {duplicate.Count()} times or is not a socket number");
            }

            if (string.IsNullOrWhiteSpace(verification.ConfigSha256) || string.IsNullOrWhiteSpace(verification.RecipeSha256) || string.IsNullOrWhiteSpace(verification.ClosedBecause))
            {
                problems.Add("verification: needs configSha256, recipeSha256 and closedBecause");
            }

            if (problems.Count > 0)
            {
                throw Bad(file, string.Join("; ", problems));
            }
        }

        return new StationState(station, [.. document.Sockets.OrderBy(s => s.Socket)], [.. document.Relays.OrderBy(r => r.Socket).ThenBy(r => r.Line, StringComparer.Ordinal)], document.Verification);
    }

    /// <summary>The file's text for a state (what <see cref="UpdateAsync(Func{StationState, StationState}, CancellationToken)"/> writes).</summary>
    public static byte[] Format(StationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return JsonSerializer.SerializeToUtf8Bytes(new StateDocument(FormatVersion, state.Station, state.Sockets, state.Relays, state.Verification), Options);
    }

    private void Write(StationState state)
    {
        if (!string.Equals(state.Station, Station, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The state is station '{state.Station}''s, but this store keeps '{Station}''s.", nameof(state));
        }

        var temporary = FilePath + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Format(state));
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, FilePath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StationRecordException(FilePath, $"Cannot write the station state {FilePath}: {ex.Message} The change (lock, unlock or counter) is NOT saved: free disk space or fix the report folder, then do it again.", ex);
        }
    }

    private static StationRecordException Bad(string file, string what) =>
        new(file, $"Station state file {file} {what}. Nothing was changed: restore the file from a backup or fix it by hand (it holds the socket locks and wear counters; deleting it unlocks every socket and zeroes the counters, so record that in the audit log).") { BadContent = true };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }

    /// <summary>The file's shape; <c>verification</c> (the gate's record) is optional, so files written before it read unchanged.</summary>
    private sealed record StateDocument(int Version, string Station, IReadOnlyList<SocketRecord> Sockets, IReadOnlyList<RelayRecord> Relays, VerificationRecord? Verification = null);
}
