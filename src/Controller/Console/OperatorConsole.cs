using Fixture.Controller.Station;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Fixture.Controller.OperatorScreen;

/// <summary>
/// The screen a factory operator looks at all shift (Spectre.Console): a tile per socket, a big
/// PASS / FAIL / REWORK with the reason and the next step, today's counts and first-pass yield,
/// station messages, and the keys (Enter, socket digits, abort with confirmation, unit-id scans,
/// lot and operator). As <see cref="IStationObserver"/> it only records what the sockets' loops hand
/// it (thread-safe, never waits on drawing); <see cref="RunAsync"/> reads keys and redraws. As
/// <see cref="IOperatorInput"/> it raises its events on that render loop.
/// </summary>
public sealed class OperatorConsole : IStationObserver, IOperatorInput, IOperatorRequests
{
    /// <summary>Below this many columns the screen is not worth drawing: use plain lines instead.</summary>
    public const int MinimumWidth = 30;

    private static readonly TimeSpan ClockRefresh = TimeSpan.FromSeconds(1);

    private readonly IAnsiConsole console;
    private readonly OperatorConsoleOptions options;
    private readonly TimeProvider time;
    private readonly ConsoleState state;
    private readonly OperatorKeys keys;

    public OperatorConsole(IAnsiConsole console, OperatorConsoleOptions options, TimeProvider time)
    {
        options.Validate();
        this.console = console;
        this.options = options;
        this.time = time;
        state = new ConsoleState(options.Sockets, options.Lot, options.Operator, time);
        keys = new OperatorKeys(options, state, this);
    }

    public event EventHandler<StartRequest>? StartRequested;

    public event EventHandler<int?>? AbortRequested;

    public event EventHandler<UnitIdEntry>? UnitIdEntered;

    public event EventHandler<ShiftEntry>? ShiftEntered;

    public event EventHandler<UnlockEntry>? UnlockRequested;

    /// <summary>
    /// Whether this console can be used: an interactive terminal that understands ANSI, keys that come
    /// from a person (not a pipe), and at least <see cref="MinimumWidth"/> columns. When false, the
    /// station shows plain lines instead.
    /// </summary>
    public static bool IsSupported(IAnsiConsole console, bool inputIsTerminal)
    {
        var capabilities = console.Profile.Capabilities;
        return inputIsTerminal && capabilities.Interactive && capabilities.Ansi && console.Profile.Width >= MinimumWidth;
    }

    /// <summary><see cref="IsSupported(IAnsiConsole, bool)"/> for this process's own terminal.</summary>
    public static bool IsSupported() => IsSupported(AnsiConsole.Console, !Console.IsInputRedirected);

    public void OnSocketChanged(SocketSnapshot snapshot) => state.Apply(snapshot);

    public void OnUnitFinished(UnitOutcome outcome) => state.Apply(outcome);

    public void OnStationMessage(StationMessage message) => state.Apply(message);

    public void OnCountsChanged(StationCounts counts) => state.Apply(counts);

    /// <summary>Reads the keys waiting in the console's input as one burst and acts on them.</summary>
    public void ProcessInput()
    {
        var burst = new List<ConsoleKeyInfo>();
        while (burst.Count < 256 && console.Input.IsKeyAvailable() && console.Input.ReadKey(intercept: true) is { } key)
        {
            burst.Add(key);
        }

        if (burst.Count > 0)
        {
            keys.Handle(burst);
        }
    }

    /// <summary>The screen as it is now, sized for the console's current width and height.</summary>
    public IRenderable Render() =>
        ConsoleView.Build(
            state.Capture(),
            keys.Status,
            options,
            new Size(console.Profile.Width, console.Profile.Height),
            console.Profile.Capabilities.Unicode,
            Elapsed);

    /// <summary>
    /// Reads keys and redraws until cancelled: every <see cref="OperatorConsoleOptions.PollInterval"/>
    /// when something changed, and every second for the running clocks. Owns the console meanwhile
    /// (nothing else may write to it).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var live = new LiveDisplay(console, Render())
        {
            AutoClear = false,
            Overflow = VerticalOverflow.Ellipsis,
            Cropping = VerticalOverflowCropping.Bottom,
        };
        await live.StartAsync(async context =>
        {
            var drawn = long.MinValue;
            var drawnAt = time.GetTimestamp();
            while (!cancellationToken.IsCancellationRequested)
            {
                ProcessInput();
                var version = state.Version;
                if (version != drawn || time.GetElapsedTime(drawnAt) >= ClockRefresh)
                {
                    drawn = version;
                    drawnAt = time.GetTimestamp();
                    context.UpdateTarget(Render());
                    context.Refresh();
                }

                try
                {
                    await Task.Delay(options.PollInterval, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            context.UpdateTarget(Render());
            context.Refresh();
        });
    }

    void IOperatorRequests.Start(StartRequest request) => Raise(StartRequested, request);

    void IOperatorRequests.Abort(int? socket) => Raise(AbortRequested, socket);

    void IOperatorRequests.BindUnitId(UnitIdEntry entry) => Raise(UnitIdEntered, entry);

    void IOperatorRequests.SetShift(ShiftEntry entry) => Raise(ShiftEntered, entry);

    void IOperatorRequests.Unlock(UnlockEntry entry) => Raise(UnlockRequested, entry);

    /// <summary>
    /// Where Enter confirms a socket's instruction ("Hold BOOT and plug the unit in, then press Enter") before it would
    /// start anything: the station's <see cref="OperatorPrompts.TryConfirm"/>, set by <see cref="StationConsole"/>.
    /// </summary>
    public Func<int?, bool>? ConfirmInstruction { get; set; }

    bool IOperatorRequests.TryConfirm(int? socket) => ConfirmInstruction?.Invoke(socket) ?? false;

    private TimeSpan Elapsed(SocketTile tile) =>
        tile is { IsBusy: true, Snapshot: { } snapshot }
            ? snapshot.Elapsed + time.GetElapsedTime(tile.SnapshotTimestamp)
            : tile.Snapshot?.Elapsed ?? TimeSpan.Zero;

    private void Raise<T>(EventHandler<T>? handler, T request)
    {
        try
        {
            handler?.Invoke(this, request);
        }
        catch (Exception e)
        {
            // Whatever the station's handler throws, the operator reads why rather than losing the screen.
            state.Apply(new StationMessage(StationMessageLevel.Error, $"The station refused the request: {e.Message}"));
        }
    }
}
