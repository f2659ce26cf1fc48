namespace Fixture.Controller.Upkeep;

/// <summary>Why and since when a socket is locked; <see cref="By"/> is <c>station</c> for an automatic lock.</summary>
public sealed record SocketLock(string Reason, DateTimeOffset AtUtc, string By);

/// <summary>
/// One socket's persistent state: its lock, the current runs of consecutive failures and FIXTURE_FAULTs
/// (what <see cref="SocketLockoutPolicy"/> counts), and its insertion (cycle) counter since the pogo
/// block was last replaced.
/// </summary>
public sealed record SocketRecord(int Socket, SocketLock? Lock = null, int FailureStreak = 0, int FixtureFaultStreak = 0, long Insertions = 0)
{
    public bool IsLocked => Lock is not null;
}

/// <summary>One relay's operation counter since it was last replaced: socket and line (<c>POWER</c>, <c>BOOT</c>, <c>RESET</c>).</summary>
public sealed record RelayRecord(int Socket, string Line, long Operations);

/// <summary>One socket's verification results since the gate last closed (UTC times; null: not yet).</summary>
public sealed record SocketVerification(int Socket, DateTimeOffset? GoldenPassedUtc = null, DateTimeOffset? KnownBadFailedUtc = null);

/// <summary>
/// The verification gate's record (issue 12 §2): the configuration and recipe SHA-256 the station last ran with
/// (a change is audited and closes the gate), why the gate last closed, and each socket's results since then.
/// </summary>
public sealed record VerificationRecord(string ConfigSha256, string RecipeSha256, string ClosedBecause, IReadOnlyList<SocketVerification> Sockets)
{
    /// <summary>The socket's results (none yet when it has no entry).</summary>
    public SocketVerification Socket(int socket) => Sockets.FirstOrDefault(s => s.Socket == socket) ?? new SocketVerification(socket);

    public VerificationRecord With(SocketVerification socket) =>
        this with { Sockets = [.. Sockets.Where(s => s.Socket != socket.Socket).Append(socket).OrderBy(s => s.Socket)] };
}

/// <summary>
/// The station's persistent state beside its reports (<c>station-state.json</c>): per socket
/// <see cref="SocketRecord"/>, per relay <see cref="RelayRecord"/>. Immutable: every change returns a
/// new state, which <see cref="StationStateStore.UpdateAsync(Func{StationState, StationState}, CancellationToken)"/> writes.
/// </summary>
public sealed record StationState(string Station, IReadOnlyList<SocketRecord> Sockets, IReadOnlyList<RelayRecord> Relays, VerificationRecord? Verification = null)
{
    public static StationState Empty(string station) => new(station, [], []);

    /// <summary>The socket's record (a fresh one when the socket has none yet).</summary>
    public SocketRecord Socket(int socket)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(socket, 1);
        return Sockets.FirstOrDefault(s => s.Socket == socket) ?? new SocketRecord(socket);
    }

    /// <summary>The relay's counter (0 when never counted).</summary>
    public long RelayOperations(int socket, string line) =>
        Relays.FirstOrDefault(r => r.Socket == socket && string.Equals(r.Line, line, StringComparison.Ordinal))?.Operations ?? 0;

    public StationState With(SocketRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return this with { Sockets = [.. Sockets.Where(s => s.Socket != record.Socket).Append(record).OrderBy(s => s.Socket)] };
    }

    /// <summary>One more unit inserted into <paramref name="socket"/> (one attempt).</summary>
    public StationState CountInsertion(int socket) => With(Socket(socket) with { Insertions = Socket(socket).Insertions + 1 });

    /// <summary>Adds <paramref name="operations"/> switchings of a socket's relay.</summary>
    public StationState CountRelayOperations(int socket, string line, long operations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(socket, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(line);
        ArgumentOutOfRangeException.ThrowIfNegative(operations);
        return WithRelay(new RelayRecord(socket, line, RelayOperations(socket, line) + operations));
    }

    public StationState WithRelay(RelayRecord relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return this with
        {
            Relays = [.. Relays.Where(r => r.Socket != relay.Socket || !string.Equals(r.Line, relay.Line, StringComparison.Ordinal))
                .Append(relay).OrderBy(r => r.Socket).ThenBy(r => r.Line, StringComparer.Ordinal)],
        };
    }
}
