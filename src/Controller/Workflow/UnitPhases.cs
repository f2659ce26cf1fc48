using Fixture.Controller.Workflow.Phases;

namespace Fixture.Controller.Workflow;

/// <summary>
/// The station's flashing phases for one socket, built once per socket with their Polly pipelines on the
/// socket's clock, and the way to start a unit on them (<see cref="NewUnit"/>). The state machine runs
/// them one state at a time (<see cref="UnitWorkflow"/>); the flash benchmark measures them on a
/// one-socket simulated station.
/// </summary>
internal sealed class UnitPhases
{
    /// <param name="socket">The socket the units sit in (its lines, port, clock).</param>
    /// <param name="settings">The station's settings; <see cref="WorkflowSettings.Profile"/> holds every protocol option.</param>
    /// <param name="recorder">Attempt numbers, rework decisions, the report folder.</param>
    /// <param name="gate">The station's power-on stagger.</param>
    public UnitPhases(SocketEnvironment socket, WorkflowSettings settings, IUnitRecorder recorder, PowerOnGate gate)
    {
        Socket = socket;
        Settings = settings;
        Recorder = recorder;
        Power = new PowerPhase(settings, socket.Time, gate);
        Bootrom = new BootromPhase(settings, socket.Time, Power);
        Helper = new HelperPhase(settings, socket.Time);
        Loader = new LoaderPhase(settings, socket.Time);
        Identify = new IdentifyPhase(settings, Loader);
        Backup = new BackupPhase(settings, socket.Time);
        Plan = new PlanPhase(settings, socket.Time);
    }

    /// <summary>The stock-firmware backup before the first erase (when the station keeps backups).</summary>
    public BackupPhase Backup { get; }

    public SocketEnvironment Socket { get; }

    public WorkflowSettings Settings { get; }

    public IUnitRecorder Recorder { get; }

    /// <summary>Power-up in download mode, power cycles, power-down (<see cref="PowerPhase"/>).</summary>
    public PowerPhase Power { get; }

    /// <summary>Bootrom handshake with power-cycle retries, boot info, rework decision.</summary>
    public BootromPhase Bootrom { get; }

    public HelperPhase Helper { get; }

    /// <summary>The loader's handshake at the working baud, and work through it retried together.</summary>
    public LoaderPhase Loader { get; }

    /// <summary>eFuse identity, predicted MAC, JEDEC id (through <see cref="Loader"/>).</summary>
    public IdentifyPhase Identify { get; }

    /// <summary>The flash plan with its progress.</summary>
    public PlanPhase Plan { get; }

    /// <summary>A new unit in this socket: its attempt numbered by the station, nothing found yet.</summary>
    public UnitContext NewUnit(UnitRequest request, IUnitObserver observer)
    {
        var time = Socket.Time;
        var attempt = new UnitAttempt(Socket.Number, Recorder.NextAttemptNumber(), Recorder.UtcNow(), time.GetTimestamp())
        {
            UnitId = request.UnitId,
            Lot = request.Lot,
            Operator = request.Operator,
            Verification = request.Verification,
        };
        var unit = new UnitContext(Socket, Settings, Recorder, attempt, observer, request);
        try
        {
            unit.RawLog = RawUartLog.Open(Recorder.ReportDirectory, Settings.Station, DateOnly.FromDateTime(attempt.StartedUtc.UtcDateTime), attempt.Number, Socket.Number);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            attempt.Note($"raw log not written: {e.Message}");
        }

        return unit;
    }
}
