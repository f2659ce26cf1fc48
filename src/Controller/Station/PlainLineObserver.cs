using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Protocol.Text;

namespace Fixture.Controller.Station;

/// <summary>
/// The station as plain lines (a non-interactive console, `run --units N`, logs): one line per state
/// change, per verdict and per message, each starting with its socket so gang runs stay readable.
/// Progress snapshots within a state are not printed. Thread-safe: whole lines, one at a time.
/// </summary>
public sealed class PlainLineObserver : IStationObserver
{
    private readonly TextWriter _output;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, (string State, string? Attempt)> _last = [];
    private readonly bool _verbose;

    /// <param name="verbose">Also print every state change and retry (not only verdicts and messages).</param>
    public PlainLineObserver(TextWriter output, bool verbose = true)
    {
        _output = output;
        _verbose = verbose;
    }

    public void OnSocketChanged(SocketSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate)
        {
            if (_last.TryGetValue(snapshot.Socket, out var last) && last.State == snapshot.State && last.Attempt == snapshot.Attempt)
            {
                return;
            }

            _last[snapshot.Socket] = (snapshot.State, snapshot.Attempt);
            // A region's check, erase and verify would triple the lines; its write start says which region is on.
            if (_verbose && snapshot.State is not ("Idle" or "Checking" or "Erasing" or "Verifying" or StationSocketStates.Locked))
            {
                Write(snapshot.Socket, $"{snapshot.State}: {snapshot.Attempt ?? snapshot.Step}");
            }
        }
    }

    public void OnUnitFinished(UnitOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var row = outcome.Row;
        var total = row.TotalTime is { } t ? t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "";
        lock (_gate)
        {
            var verification = row.VerificationUnit is VerificationUnitKind.None ? "" : $"  ({row.VerificationUnit.ToText()} verification unit, not in yield)";
            Write(row.Socket, $"{outcome.Headline}  MAC {row.Mac ?? "-"}  SSID {row.SsidSeen ?? "-"}  attempt {row.AttemptNumber}  {total}{(row.WeakSupplyWarning ? "  (weak supply warning)" : "")}{verification}");
            if (row.Verdict != UnitVerdict.Pass)
            {
                Write(row.Socket, $"  {outcome.Explanation}");
                if (row.Detail is { } detail)
                {
                    Write(row.Socket, $"  detail: {detail}");
                }
            }

            Write(row.Socket, $"  next: {outcome.NextStep}");
        }
    }

    public void OnStationMessage(StationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            var prefix = message.Level switch
            {
                StationMessageLevel.Error => "ERROR: ",
                StationMessageLevel.Warning => "warning: ",
                _ => "",
            };
            if (message.Socket is { } socket)
            {
                Write(socket, prefix + message.Text);
            }
            else
            {
                _output.WriteLine($"[station] {prefix}{message.Text}");
            }
        }
    }

    public void OnCountsChanged(StationCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        lock (_gate)
        {
            var fpy = counts.FirstPassYield is { } y ? y.ToString("P1", CultureInfo.InvariantCulture) : "-";
            _output.WriteLine($"[station] today: {Plural.Of(counts.Attempts, "attempt")}, {counts.Pass} PASS, {counts.Fail} FAIL, {counts.Rework} REWORK, first-pass yield {fpy}");
        }
    }

    private void Write(int socket, string text) => _output.WriteLine($"[socket {socket}] {text}");
}
