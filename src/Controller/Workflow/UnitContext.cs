using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Wire;

namespace Fixture.Controller.Workflow;

/// <summary>
/// Everything one unit's phases share, in one place: the socket it sits in, the station's settings, the
/// report side, what the attempt has found so far (<see cref="Attempt"/>, which becomes the row), who is
/// told about progress, and what one phase hands on to the next (the open channel, the clients, the
/// restart flag, the boot log). A phase keeps nothing of a unit in its own fields: whatever a phase
/// method reads or writes about the unit is a member here. A new context per unit.
/// </summary>
internal sealed class UnitContext
{
    public UnitContext(SocketEnvironment socket, WorkflowSettings settings, IUnitRecorder recorder, UnitAttempt attempt, IUnitObserver observer, UnitRequest request)
    {
        Socket = socket;
        Settings = settings;
        Recorder = recorder;
        Attempt = attempt;
        Observer = observer;
        Request = request;
        Recipe = settings.Recipe;
        Plan = settings.Plan;
    }

    /// <summary>The recipe variant for this unit's flash: the recipe's own until identify picks by JEDEC id.</summary>
    public Protocol.Recipes.Recipe Recipe { get; set; }

    /// <summary>The flash plan of <see cref="Recipe"/>.</summary>
    public Protocol.Plans.FlashPlan Plan { get; set; }

    /// <summary>The flash chip identify read (null before).</summary>
    public JedecId? Jedec { get; set; }

    /// <summary>The bootrom's boot info of the last handshake (null before).</summary>
    public BootInfo? BootInfo { get; set; }

    /// <summary>The socket's hardware and clock: lines and their sequences, port, supply monitor, interlocks.</summary>
    public SocketEnvironment Socket { get; }

    /// <summary>What is the same for every unit of the station: recipe, plan, protocol profile, retries, timeouts.</summary>
    public WorkflowSettings Settings { get; }

    /// <summary>The station's report side: rework decisions by chip id, the report folder.</summary>
    public IUnitRecorder Recorder { get; }

    /// <summary>What the operator gave for this unit (scanned id, lot, why an abort came).</summary>
    public UnitRequest Request { get; }

    /// <summary>What the attempt has found so far; the report row is made from it.</summary>
    public UnitAttempt Attempt { get; }

    /// <summary>Who shows the unit's progress (the workflow's snapshots; nothing outside the station).</summary>
    public IUnitObserver Observer { get; }

    public TimeProvider Time => Socket.Time;

    /// <summary>The port's one reader, opened when the unit is powered up (null before).</summary>
    public ByteChannel? Channel { get; set; }

    /// <summary>The bootrom client of the last handshake.</summary>
    public BootromClient? Bootrom { get; set; }

    /// <summary>The loader client at the working baud (null before the loader phase).</summary>
    public LoaderClient? Loader { get; set; }

    /// <summary>0x55 bursts the loader's last handshake took (0 before one).</summary>
    public int LoaderBursts { get; set; }

    /// <summary>Timestamp on <see cref="Time"/> at which the loader last answered a handshake or re-sync.</summary>
    public long? LoaderAnsweredAt { get; set; }

    /// <summary>A phase gave up on the unit's current run and asked for a power-cycle and a new handshake (the next handshake counts it).</summary>
    public bool Restarting { get; set; }

    /// <summary>The region and phase the flasher reported last (null before its first report of a run).</summary>
    public (string Region, FlashPhase Phase)? FlashPosition { get; set; }

    /// <summary>The last run of the flash plan.</summary>
    public FlashResult? Flash { get; set; }

    /// <summary>Timestamp on <see cref="Time"/> of the last CHIP_EN release into the firmware: boot-log times count from it.</summary>
    public long FirmwareResetAt { get; set; }

    /// <summary>The attempt's raw UART log (open from the attempt's start to its report row; null when it could not be created).</summary>
    public RawUartLog? RawLog { get; set; }

    /// <summary>Flushes and closes the raw log, if one is open (a crash path: the row names it as it is).</summary>
    public void CloseRawLog()
    {
        if (RawLog is { } log)
        {
            RawLog = null;
            log.Dispose();
        }
    }
}

/// <summary>What the phases tell whoever shows the unit (the workflow turns it into socket snapshots).</summary>
internal interface IUnitObserver
{
    /// <summary>What the unit is doing now, in words; shown at once when <paramref name="force"/>, else at most every snapshot interval.</summary>
    /// <param name="retry">A retry worth showing beside the step ("power-cycle 2 of 6, off 450 ms") until the state changes.</param>
    void Show(string step, bool force = false, long? bytesDone = null, long? bytesTotal = null, string? retry = null);

    /// <summary>The flasher moved to another region or another phase of a region.</summary>
    void FlashPhaseChanged(string region, FlashPhase phase);

    /// <summary>Something the technician must read now (a line that cannot be released).</summary>
    void Error(string text);
}

/// <summary>Nobody watches: a benchmark running the phases outside the station.</summary>
internal sealed class SilentUnitObserver : IUnitObserver
{
    public static SilentUnitObserver Instance { get; } = new();

    public void Show(string step, bool force = false, long? bytesDone = null, long? bytesTotal = null, string? retry = null)
    {
    }

    public void FlashPhaseChanged(string region, FlashPhase phase)
    {
    }

    public void Error(string text)
    {
    }
}
