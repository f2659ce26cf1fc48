using System.Globalization;
using Fixture.Controller.Audit;
using Fixture.Controller.Reports;

namespace Fixture.Controller.Upkeep;

/// <summary>What one finished attempt changed: the socket's record, a lock it just got, and its wear counters past a limit.</summary>
public sealed record AttemptUpkeep(SocketRecord Record, SocketLock? NewLock, IReadOnlyList<WearStatus> Wear);

/// <summary>Why a socket's start is refused: locked, a wear counter at its stop limit, or (production only) the verification gate.</summary>
public enum RefusalKind
{
    Locked,
    WornOut,
    VerificationRequired,
}

/// <summary>A refused start: what kind of refusal and the words for the operator.</summary>
public sealed record SocketRefusal(RefusalKind Kind, string Text);

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
        : this(store, audit, lockout, wear, null)
    {
    }

    internal StationUpkeep(StationStateStore store, AuditLog audit, LockoutSettings lockout, WearLimits wear, VerificationGate? gate)
    {
        Gate = gate;
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

    /// <summary>The verification gate, when the station has one configured (<c>workflow.verification</c>).</summary>
    internal VerificationGate? Gate { get; }

    /// <summary>The station's upkeep under <paramref name="reportDirectory"/>.</summary>
    public static StationUpkeep For(string reportDirectory, string station, TimeProvider time, LockoutSettings? lockout = null, WearLimits? wear = null) =>
        new(StationStateStore.For(reportDirectory, station, time), AuditLog.For(reportDirectory, station, time), lockout ?? LockoutSettings.Default, wear ?? WearLimits.Default);

    /// <summary>
    /// The station's upkeep with its configured limits and verification gate (<paramref name="wallClock"/>: the gate's hours);
    /// <paramref name="lockout"/> replaces the configured lockout rule (the lab's soak turns it off to see every unit's own verdict).
    /// </summary>
    internal static StationUpkeep For(string reportDirectory, string station, TimeProvider time, Workflow.Configuration.WorkflowConfig workflow, Station.ConfiguredIdentities identities, TimeProvider wallClock, LockoutSettings? lockout = null) =>
        new(
            StationStateStore.For(reportDirectory, station, time),
            AuditLog.For(reportDirectory, station, time),
            lockout ?? LockoutSettings.From(workflow.Lockout),
            WearLimits.From(workflow.Wear),
            new VerificationGate(workflow.Verification, identities, wallClock));

    /// <summary>
    /// Why <paramref name="socket"/> must not start a unit (its lock's reason, or a wear counter at its
    /// stop limit; for a production start also the verification gate), or null when it may. Reads the
    /// file, so an unlock by another process counts at once.
    /// </summary>
    public string? WhyRefused(int socket, VerificationUnitKind requested = VerificationUnitKind.None) => RefusalOf(socket, requested)?.Text;

    /// <summary>As <see cref="WhyRefused"/>, with the kind of refusal (what the tile shows).</summary>
    public SocketRefusal? RefusalOf(int socket, VerificationUnitKind requested)
    {
        var state = Store.Read();
        if (state.Socket(socket).Lock is { } held)
        {
            return new(RefusalKind.Locked, $"Socket {socket} is locked since {held.AtUtc:yyyy-MM-dd HH:mm} UTC by {held.By}: {held.Reason}");
        }

        if (WearCounters.Evaluate(state, Limits).FirstOrDefault(s => s.Socket == socket && s.Level == WearLevel.Stop) is { } worn)
        {
            return new(RefusalKind.WornOut, worn.Text);
        }

        return requested == VerificationUnitKind.None && Gate?.WhyRefused(state, socket) is { } why ? new(RefusalKind.VerificationRequired, why) : null;
    }

    /// <summary>What each socket still needs before production (only sockets with something missing).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> VerificationMissing(IEnumerable<int> sockets)
    {
        if (Gate is not { Required: true } gate)
        {
            return new Dictionary<int, IReadOnlyList<string>>();
        }

        var state = Store.Read();
        return sockets.Select(s => (s, gate.Missing(state, s))).Where(m => m.Item2.Count > 0).ToDictionary(m => m.s, m => m.Item2);
    }

    /// <summary>
    /// The station opened with this configuration and recipe: records their SHA-256 in the state file, audits a
    /// change (<see cref="AuditKind.ConfigChanged"/>, <see cref="AuditKind.RecipeChanged"/>) and closes the
    /// verification gate as <c>workflow.verification</c> says (audited).
    /// </summary>
    public async Task StationStartedAsync(string configFile, string configSha256, string recipeFile, string recipeSha256, CancellationToken ct = default)
    {
        if (Gate is not { } gate)
        {
            return;
        }

        var (_, entries) = await Store.UpdateAsync(state => gate.Started(state, configFile, configSha256, recipeFile, recipeSha256), ct);
        foreach (var entry in entries)
        {
            await Audit.AppendAsync(entry, ct);
        }
    }

    /// <summary>A verification unit's attempt finished (its row on disk): the gate's record and the audit log; null for a production row or without a gate.</summary>
    public async Task<VerificationOutcome?> VerificationFinishedAsync(UnitReportRow row, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (Gate is not { } gate || row.VerificationUnit is not (VerificationUnitKind.Golden or VerificationUnitKind.KnownBad))
        {
            return null;
        }

        var (_, observed) = await Store.UpdateAsync(
            state => gate.Observe(state, row) is { } seen ? (seen.State, seen) : (state, ((StationState, VerificationOutcome, AuditEntry)?)null),
            ct);
        if (observed is not { } done)
        {
            return null;
        }

        await Audit.AppendAsync(done.Item3, ct);
        return done.Item2;
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
