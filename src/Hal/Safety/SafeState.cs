using System.Runtime.InteropServices;
using Fixture.Hal.Lines;

namespace Fixture.Hal.Safety;

/// <summary>
/// Every output of the station de-energised: at start-up, after each unit, on dispose, on an
/// unhandled exception, and on Ctrl+C / SIGTERM / SIGQUIT (well inside the 2 s System.CommandLine
/// gives a cancelled command). Shutting down trips the <see cref="OutputInterlock"/>, so a workflow
/// still running cannot power a unit again.
/// </summary>
public sealed class SafeState : IDisposable
{
    private readonly IReadOnlyList<IControlLine> _outputs;
    private readonly OutputInterlock _interlock;
    private readonly List<IDisposable> _hooks = [];
    private readonly Lock _gate = new();

    public SafeState(IEnumerable<IControlLine> outputs, OutputInterlock interlock)
    {
        // Released in the order given: callers put POWER lines first, so units lose their supply before anything else changes.
        _outputs = [.. outputs];
        _interlock = interlock;
    }

    public IReadOnlyList<IControlLine> Outputs => _outputs;

    public OutputInterlock Interlock => _interlock;

    /// <summary>Runs one unit's cycle on a socket and leaves its lines de-energised whatever happens.</summary>
    public static async Task RunUnitAsync(SocketLines lines, Func<CancellationToken, Task> cycle, CancellationToken cancellationToken)
    {
        try
        {
            await cycle(cancellationToken);
        }
        finally
        {
            lines.ReleaseAll();
        }
    }

    /// <summary>De-energises every output, trying them all; throws naming every line that failed.</summary>
    public void Apply()
    {
        List<string>? failures = null;
        List<Exception>? errors = null;
        lock (_gate)
        {
            foreach (var line in _outputs)
            {
                try
                {
                    line.Set(false);
                }
                catch (Exception ex) when (ex is HardwareFaultException or ObjectDisposedException or InvalidOperationException)
                {
                    (failures ??= []).Add(line.Name);
                    (errors ??= []).Add(ex);
                }
            }
        }

        if (failures is not null)
        {
            throw new HardwareFaultException(
                $"Could not de-energise {string.Join(", ", failures)}: switch the station's supply off by hand and check the GPIO device.",
                new AggregateException(errors!));
        }
    }

    /// <summary>Trips the interlock and de-energises everything; never throws (it runs from signal and crash handlers).</summary>
    public void Shutdown(string reason)
    {
        _interlock.Trip(reason);
        try
        {
            Apply();
        }
        catch (HardwareFaultException)
        {
            // Best effort: the lines that could be released are; a hard kill leaves what docs/wiring.md describes.
        }
    }

    /// <summary>Applies the safe state on SIGINT, SIGTERM, SIGQUIT, process exit and unhandled exceptions.</summary>
    public void InstallProcessHooks()
    {
        lock (_gate)
        {
            if (_hooks.Count > 0)
            {
                return;
            }

            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
            {
                // The handler does not cancel the signal: System.CommandLine (or the runtime) still ends the process.
                _hooks.Add(PosixSignalRegistration.Create(signal, context => OnSignal(context.Signal)));
            }

            AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var hook in _hooks)
            {
                hook.Dispose();
            }

            if (_hooks.Count > 0)
            {
                AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
                AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            }

            _hooks.Clear();
        }

        Shutdown("station closed");
    }

    internal void OnSignal(PosixSignal signal) => Shutdown($"{signal} received");

    private void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e) => Shutdown("unhandled exception");

    private void OnProcessExit(object? sender, EventArgs e) => Shutdown("process exit");
}
