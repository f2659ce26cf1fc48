using Fixture.Controller.Station;
using Fixture.Protocol.Flashing;

namespace Fixture.Controller.Workflow;

/// <summary>
/// What the operator sees of a socket's unit: the phases' progress and the machine's state changes as
/// <see cref="SocketSnapshot"/>s for the station's observer — every state change at once, progress within
/// a state at most every <see cref="SnapshotInterval"/>. One per socket.
/// </summary>
internal sealed class UnitSnapshots : IUnitObserver
{
    /// <summary>Progress snapshots of one socket are at least this far apart (state changes always go out).</summary>
    public static readonly TimeSpan SnapshotInterval = TimeSpan.FromMilliseconds(100);

    private readonly IStationObserver _observer;
    private readonly SocketEnvironment _socket;
    private UnitAttempt? _attempt;
    private Func<UnitState> _state = () => UnitState.Idle;
    private Action<FlashPhase> _followFlash = _ => { };
    private long _lastSnapshot = long.MinValue;
    private string? _region;
    /// <summary>The retry the current state made, shown beside its step until the state changes.</summary>
    private string? _retry;

    public UnitSnapshots(IStationObserver observer, SocketEnvironment socket)
    {
        _observer = observer;
        _socket = socket;
    }

    /// <summary>A new unit: its attempt, where the machine is, and how the machine follows the flasher's phases.</summary>
    public void Begin(UnitAttempt attempt, Func<UnitState> state, Action<FlashPhase> followFlash)
    {
        _attempt = attempt;
        _state = state;
        _followFlash = followFlash;
    }

    /// <summary>
    /// The machine entered <paramref name="state"/>: shown at once (with the region inside Flashing). A retry
    /// shown in the state before is news no more: each state shows its own detail.
    /// </summary>
    public void StateChanged(UnitState state)
    {
        _region = IsRegionPhase(state) ? _region : null;
        _retry = null;
        Show(_region is { } region ? $"{Describe(state)} {region}" : Describe(state), force: true);
    }

    public void Show(string step, bool force = false, long? bytesDone = null, long? bytesTotal = null, string? retry = null)
    {
        var time = _socket.Time;
        var now = time.GetTimestamp();
        if (retry is not null)
        {
            _retry = retry;
        }

        if (!force && _lastSnapshot != long.MinValue && time.GetElapsedTime(_lastSnapshot, now) < SnapshotInterval)
        {
            return;
        }

        _lastSnapshot = now;
        var attempt = _attempt;
        _observer.OnSocketChanged(new SocketSnapshot(
            _socket.Number,
            _state().ToString(),
            step,
            _region,
            bytesDone,
            bytesTotal,
            attempt?.Mac,
            attempt?.UnitId,
            attempt is null ? TimeSpan.Zero : time.GetElapsedTime(attempt.StartedTimestamp, now),
            _retry));
    }

    public void FlashPhaseChanged(string region, FlashPhase phase)
    {
        _region = region;
        _followFlash(phase);
    }

    public void Error(string text) =>
        _observer.OnStationMessage(new StationMessage(StationMessageLevel.Error, text, _socket.Number));

    private static bool IsRegionPhase(UnitState state) =>
        state is UnitState.Checking or UnitState.Erasing or UnitState.Writing or UnitState.Verifying;

    private static string Describe(UnitState state) => state switch
    {
        UnitState.Idle => "ready",
        UnitState.PoweringUp => "checking the rail and powering up",
        UnitState.EnteringBootloader => "entering the bootloader",
        UnitState.Handshaking => "bootrom handshake",
        UnitState.LoadingHelper => "loading the flash helper",
        UnitState.Identifying => "reading eFuse identity and flash id",
        UnitState.BackingUp => "backing up the stock flash",
        UnitState.Flashing => "flashing",
        UnitState.Checking => "checking a region",
        UnitState.Erasing => "erasing",
        UnitState.Writing => "writing",
        UnitState.Verifying => "verifying",
        UnitState.Booting => "booting the new firmware",
        UnitState.VerifyingBoot => "reading the boot log",
        UnitState.Failed => "stopping the attempt",
        UnitState.PoweringDown => "powering down",
        _ => "writing the report",
    };
}
