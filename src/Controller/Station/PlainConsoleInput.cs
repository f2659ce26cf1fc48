namespace Fixture.Controller.Station;

/// <summary>
/// The operator's keyboard (and barcode scanner, which types and presses Enter) in plain-line mode:
/// Enter starts every idle socket, "N" starts socket N, "a" aborts all, "a N" aborts socket N,
/// "id N CODE" binds a scanned unit id to socket N, "lot X" / "op X" set lot and operator,
/// "unlock N ID" unlocks locked socket N for technician ID, "golden N" / "known-bad N" start socket N
/// with a verification unit (the verification gate).
/// Lines are read on a thread of their own; the station marshals onto the sockets' loops.
/// </summary>
public sealed class PlainConsoleInput : IOperatorInput, IDisposable
{
    private readonly TextReader _reader;
    private readonly TaskCompletionSource _leadingCommands = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;

    public PlainConsoleInput(TextReader reader)
    {
        _reader = reader;
    }

    public event EventHandler<StartRequest>? StartRequested;

    public event EventHandler<int?>? AbortRequested;

    public event EventHandler<UnitIdEntry>? UnitIdEntered;

    public event EventHandler<ShiftEntry>? ShiftEntered;

    public event EventHandler<UnlockEntry>? UnlockRequested;

    /// <summary>The input reached its end (a closed pipe, <c>&lt;/dev/null</c>, Ctrl+D): no more typed commands or starts will come from it.</summary>
    public event EventHandler? InputClosed;

    /// <summary>Completes at the first empty line or the end of the input: the commands a script gave before its first start.</summary>
    public Task LeadingCommands => _leadingCommands.Task;

    public void Start(CancellationToken stop)
    {
        _thread = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (_reader.ReadLine() is not { } line)
                {
                    _leadingCommands.TrySetResult();
                    InputClosed?.Invoke(this, EventArgs.Empty);
                    return;
                }

                Handle(line);
                if (line.Trim().Length == 0)
                {
                    _leadingCommands.TrySetResult();
                }
            }
        })
        {
            IsBackground = true,
            Name = "operator console input",
        };
        _thread.Start();
    }

    /// <summary>Acts on one typed line (public for tests and for scripted input).</summary>
    public void Handle(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        switch (parts)
        {
            case []:
                StartRequested?.Invoke(this, new StartRequest(null));
                break;
            case [var n] when int.TryParse(n, out var socket):
                StartRequested?.Invoke(this, new StartRequest(socket));
                break;
            case ["a" or "abort"]:
                AbortRequested?.Invoke(this, null);
                break;
            case ["a" or "abort", var n] when int.TryParse(n, out var socket):
                AbortRequested?.Invoke(this, socket);
                break;
            case ["id", var n, var code] when int.TryParse(n, out var socket):
                UnitIdEntered?.Invoke(this, new UnitIdEntry(socket, code));
                break;
            case ["golden" or "known-bad", var n] when int.TryParse(n, out var socket):
                StartRequested?.Invoke(this, new StartRequest(socket, parts[0] == "golden" ? Reports.VerificationUnitKind.Golden : Reports.VerificationUnitKind.KnownBad));
                break;
            case ["unlock", var n, var technician] when int.TryParse(n, out var socket):
                UnlockRequested?.Invoke(this, new UnlockEntry(socket, technician.Trim()));
                break;
            case ["lot", ..]:
                ShiftEntered?.Invoke(this, new ShiftEntry(line.Trim()[3..].Trim(), null));
                break;
            case ["op", ..]:
                ShiftEntered?.Invoke(this, new ShiftEntry(null, line.Trim()[2..].Trim()));
                break;
            default:
                break;
        }
    }

    public void Dispose()
    {
        // The reader thread is a background thread blocked in ReadLine; it ends with the process.
    }
}

/// <summary>The station's GPIO start and abort buttons (shared and per socket) as operator input.</summary>
public sealed class PanelInput : IOperatorInput
{
    public PanelInput(FixtureStation station)
    {
        ArgumentNullException.ThrowIfNull(station);
        foreach (var button in station.Panel.StartButtons)
        {
            button.Activated += (_, _) => StartRequested?.Invoke(this, new StartRequest(null));
        }

        if (station.Panel.Abort is { } abort)
        {
            abort.Activated += (_, _) => AbortRequested?.Invoke(this, null);
        }

        foreach (var (number, button) in station.SocketStartButtons)
        {
            button.Activated += (_, _) => StartRequested?.Invoke(this, new StartRequest(number));
        }
    }

    public event EventHandler<StartRequest>? StartRequested;

    public event EventHandler<int?>? AbortRequested;

    public event EventHandler<UnitIdEntry>? UnitIdEntered
    {
        add { }
        remove { }
    }

    public event EventHandler<ShiftEntry>? ShiftEntered
    {
        add { }
        remove { }
    }

    public event EventHandler<UnlockEntry>? UnlockRequested
    {
        add { }
        remove { }
    }
}
