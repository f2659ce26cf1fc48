using Fixture.Hal.Lines;

namespace Fixture.Controller.Station;

/// <summary>
/// Where sockets without relays (lines "manual") show their instructions (issue 14 §1): one instruction at a time
/// per socket, as a station message for that socket on the operator console or in plain lines, and, when it waits,
/// until the operator confirms with Enter (<see cref="TryConfirm"/>: the station routes a start request to a waiting
/// socket first). Abort ends a wait through the unit's token. Waits complete on the thread that confirms; the
/// awaiting workflow resumes on its own socket loop.
/// </summary>
public sealed class OperatorPrompts : IOperatorPrompt
{
    private readonly IStationObserver _observer;
    private readonly Lock _gate = new();
    private readonly List<(string Socket, TaskCompletionSource Confirmed)> _waiting = [];

    public OperatorPrompts(IStationObserver observer)
    {
        _observer = observer;
    }

    /// <summary>Raised after an instruction was shown (for a terminal that must say "press Enter" its own way).</summary>
    public event EventHandler<OperatorInstruction>? Shown;

    /// <summary>Whether some socket waits for the operator's Enter.</summary>
    public bool IsWaiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count > 0;
            }
        }
    }

    public async Task ShowAsync(OperatorInstruction instruction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        cancellationToken.ThrowIfCancellationRequested();
        var number = SocketNumber(instruction.Socket);
        _observer.OnStationMessage(new StationMessage(StationMessageLevel.Info, (number is null ? instruction.Socket + ": " : "") + "OPERATOR: " + instruction.Text, number));
        Shown?.Invoke(this, instruction);
        if (!instruction.WaitsForKey)
        {
            return;
        }

        var confirmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = (instruction.Socket, confirmed);
        lock (_gate)
        {
            _waiting.Add(entry);
        }

        try
        {
            using var registration = cancellationToken.Register(() => confirmed.TrySetCanceled(cancellationToken));
            await confirmed.Task;
        }
        finally
        {
            lock (_gate)
            {
                _waiting.Remove(entry);
            }
        }
    }

    /// <summary>
    /// The operator pressed Enter (for socket <paramref name="socket"/>, or for whichever socket has waited longest):
    /// that wait ends. False when no such socket waits (the key is then a start, as usual).
    /// </summary>
    public bool TryConfirm(int? socket)
    {
        TaskCompletionSource? confirmed = null;
        lock (_gate)
        {
            foreach (var (label, waiting) in _waiting)
            {
                if (socket is null || SocketNumber(label) == socket)
                {
                    confirmed = waiting;
                    break;
                }
            }
        }

        return confirmed?.TrySetResult() ?? false;
    }

    /// <summary>"socket 3" → 3 (the sockets' labels); null for anything else.</summary>
    private static int? SocketNumber(string label) =>
        label.StartsWith("socket ", StringComparison.Ordinal) && int.TryParse(label.AsSpan("socket ".Length), out var n) ? n : null;
}
