using System.Globalization;
using Fixture.Controller.Audit;
using Fixture.Controller.Reports;

namespace Fixture.Controller.Upkeep;

/// <summary>What one finished attempt changed: the socket's record, a lock it just got, and its wear counters past a limit.</summary>
public sealed record AttemptUpkeep(SocketRecord Record, SocketLock? NewLock, IReadOnlyList<WearStatus> Wear);

/// <summary>
/// The station's lockout and wear bookkeeping over its state file and audit log — what the station
/// (phase B) calls when an attempt finishes and before it starts a socket, and what
/// <c>fixture socket unlock</c>/<c>counters --reset</c> call. Every change is one locked
/// read-change-write of the state file; a lock, unlock or reset is appended to the audit log while the
/// state lock is still held (state lock, then audit lock: always in that order).
/// </summary>
public sealed class StationUpkeep
{
    private readonly SocketLockoutPolicy policy;

    public StationUpkeep(StationStateStore store, AuditLog audit, LockoutSettings lockout, WearLimits wear)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        Audit = audit ?? throw new ArgumentNullException(nameof(audit));
        Limits = wear ?? throw new ArgumentNullException(nameof(wear));
        policy = new SocketLockoutPolicy(lockout);
        if (!string.Equals(store.Station, audit.Station, StringComparison.Ordinal))
        {
            throw new ArgumentException($"State store of '{store.Station}' and audit log of '{audit.Station}' are not the same station's.", nameof(audit));
        }
    }

    public StationStateStore Store { get; }

    public AuditLog Audit { get; }

    public WearLimits Limits { get; }

    /// <summary>The station's upkeep under <paramref name="reportDirectory"/>.</summary>
    public static StationUpkeep For(string reportDirectory, string station, TimeProvider time, LockoutSettings? lockout = null, WearLimits? wear = null) =>
        new(StationStateStore.For(reportDirectory, station, time), AuditLog.For(reportDirectory, station, time), lockout ?? LockoutSettings.Default, wear ?? WearLimits.Default);

    /// <summary>
    /// Why <paramref name="socket"/> must not start a unit (its lock's reason, or a wear counter at its
    /// stop limit), or null when it may. Reads the file, so an unlock by another process counts at once.
    /// </summary>
    public string? WhyRefused(int socket)
    {
        var state = Store.Read();
        if (state.Socket(socket).Lock is { } held)
        {
            return $"Socket {socket} is locked since {held.AtUtc:yyyy-MM-dd HH:mm} UTC by {held.By}: {held.Reason}";
        }

        return WearCounters.Evaluate(state, Limits).FirstOrDefault(s => s.Socket == socket && s.Level == WearLevel.Stop)?.Text;
    }

    /// <summary>
    /// Records a finished attempt (after its report row is on disk): the socket's insertion counter,
    /// the relay operations it made (line → count, may be empty), the failure runs, and a lock when a
    /// run reached its limit — audited as <see cref="AuditKind.Lock"/> by <c>station</c>.
    /// </summary>
    public async Task<AttemptUpkeep> AttemptFinishedAsync(
        int socket,
        UnitVerdict verdict,
        FailureCode? code,
        VerificationUnitKind verification,
        DateTimeOffset atUtc,
        IReadOnlyDictionary<string, long>? relayOperations = null,
        CancellationToken ct = default)
    {
        var (state, decision) = await Store.UpdateAsync(
            before =>
            {
                var after = verification == VerificationUnitKind.Selftest ? before : before.CountInsertion(socket);
                foreach (var (line, count) in relayOperations ?? new Dictionary<string, long>())
                {
                    after = after.CountRelayOperations(socket, line, count);
                }

                var decided = policy.Observe(after.Socket(socket), verdict, code, verification, atUtc);
                return (after.With(decided.Record), decided);
            },
            ct);
        if (decision.NewLock is { } newLock)
        {
            await Audit.AppendAsync(AuditEntry.Of(AuditEntry.Station, AuditKind.Lock, ("socket", Number(socket)), ("reason", newLock.Reason)), ct);
        }

        var wear = WearCounters.Evaluate(state, Limits).Where(s => s.Socket == socket && s.Level != WearLevel.Ok).ToList();
        return new AttemptUpkeep(state.Socket(socket), decision.NewLock, wear);
    }

    /// <summary>Locks a socket by hand (a technician taking it out of service), audited.</summary>
    /// <exception cref="ArgumentException">No usable id or reason.</exception>
    public async Task<SocketRecord> LockAsync(int socket, string by, string reason, DateTimeOffset atUtc, CancellationToken ct = default)
    {
        AuditLog.ValidateWho(by);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        SocketRecord? result = null;
        await Store.UpdateAsync(
            state =>
            {
                result = state.Socket(socket) with { Lock = new SocketLock(reason, atUtc.ToUniversalTime(), by) };
                return state.With(result);
            },
            ct);
        await Audit.AppendAsync(AuditEntry.Of(by, AuditKind.Lock, ("socket", Number(socket)), ("reason", reason)), ct);
        return result!;
    }

    /// <summary>Unlocks a socket for technician <paramref name="by"/>, audited with the lock's reason. False when it was not locked (nothing recorded).</summary>
    /// <exception cref="ArgumentException">No usable technician id.</exception>
    public async Task<(bool Unlocked, SocketLock? Was)> UnlockAsync(int socket, string by, CancellationToken ct = default)
    {
        AuditLog.ValidateWho(by);
        var (_, was) = await Store.UpdateAsync(
            state =>
            {
                var record = state.Socket(socket);
                return record.Lock is null ? (state, (SocketLock?)null) : (state.With(SocketLockoutPolicy.Unlock(record, by)), record.Lock);
            },
            ct);
        if (was is null)
        {
            return (false, null);
        }

        await Audit.AppendAsync(AuditEntry.Of(by, AuditKind.Unlock, ("socket", Number(socket)), ("was", was.Reason), ("locked_by", was.By), ("locked_at", was.AtUtc.ToString("O", CultureInfo.InvariantCulture))), ct);
        return (true, was);
    }

    /// <summary>Sets a socket's insertion counter to 0 (new pogo block), audited with the count it had.</summary>
    /// <exception cref="ArgumentException">No usable id.</exception>
    public async Task<long> ResetInsertionsAsync(int socket, string by, CancellationToken ct = default)
    {
        AuditLog.ValidateWho(by);
        var (_, was) = await Store.UpdateAsync(state => WearCounters.ResetInsertions(state, socket, by), ct);
        await Audit.AppendAsync(AuditEntry.Of(by, AuditKind.CounterReset, ("counter", "insertions"), ("socket", Number(socket)), ("was", Number(was))), ct);
        return was;
    }

    /// <summary>Sets one relay's operation counter to 0 (new relay), audited with the count it had.</summary>
    /// <exception cref="ArgumentException">No usable id, or the socket has no such relay counter.</exception>
    public async Task<long> ResetRelayAsync(int socket, string line, string by, CancellationToken ct = default)
    {
        AuditLog.ValidateWho(by);
        var (_, was) = await Store.UpdateAsync(state => WearCounters.ResetRelay(state, socket, line, by), ct);
        await Audit.AppendAsync(AuditEntry.Of(by, AuditKind.CounterReset, ("counter", "relay"), ("socket", Number(socket)), ("line", line), ("was", Number(was))), ct);
        return was;
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
