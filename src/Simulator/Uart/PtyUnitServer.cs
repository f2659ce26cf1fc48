using Fixture.Simulator.Timing;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Uart;

/// <summary>
/// Serves one simulated unit on a pseudo-terminal in real time: bytes the client writes on the
/// slave go into the unit's UART at the baud the client set (read from the master's termios), and
/// what the unit sends comes out on the slave when the wire model says it arrives. A client at the
/// wrong rate gets garbage, as it would from hardware. Bytes written to the master are not
/// themselves paced (a pty has no baud): the pacing is the link's.
/// </summary>
public sealed class PtyUnitServer : IDisposable
{
    private readonly PseudoTerminal _pty;
    private readonly SimulatedSerialLink _link;
    private readonly Thread _reader;
    private readonly CancellationTokenSource _stop = new();
    private Task? _writer;

    public PtyUnitServer(SimulatedUnit unit, TimeProvider clock, TimingModel? timing = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        Unit = unit;
        _pty = PseudoTerminal.Open();
        _link = new SimulatedSerialLink("pty:" + _pty.SlavePath, clock, timing ?? unit.Timing);
        _link.Attach(unit);
        _reader = new Thread(ReadFromClient) { IsBackground = true, Name = "pty " + _pty.SlavePath };
    }

    public SimulatedUnit Unit { get; }

    /// <summary>The device path a flasher opens.</summary>
    public string SlavePath => _pty.SlavePath;

    /// <summary>Bytes received from the client so far.</summary>
    public long BytesFromClient { get; private set; }

    public void Start()
    {
        var baud = _pty.ReadHostBaud();
        _link.Open(baud > 0 ? baud : 115_200);
        _reader.Start();
        _writer = PumpToClientAsync(_stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_reader.IsAlive)
        {
            _reader.Join(TimeSpan.FromSeconds(1));
        }

        _link.Dispose();
        try
        {
            _writer?.Wait(TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            // the pump ends with the link's closing error
        }

        _pty.Dispose();
        _stop.Dispose();
    }

    private void ReadFromClient()
    {
        while (!_stop.IsCancellationRequested)
        {
            var bytes = _pty.Read(10);
            FollowClientBaud();
            if (bytes.Length > 0)
            {
                BytesFromClient += bytes.Length;
                _link.Stream.Write(bytes);
            }
        }
    }

    /// <summary>The client may change its baud at any time (bootrom 500k → loader 2M → console).</summary>
    private void FollowClientBaud()
    {
        var baud = _pty.ReadHostBaud();
        if (baud > 0 && baud != _link.BaudRate && _link.IsOpen)
        {
            _link.SetBaudRate(baud);
        }
    }

    private async Task PumpToClientAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (!cancellationToken.IsCancellationRequested)
        {
            int n;
            try
            {
                n = await _link.Stream.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
            {
                return;
            }

            if (n > 0)
            {
                _pty.Write(buffer.AsSpan(0, n));
            }
        }
    }
}
