using System.Text;

namespace Fixture.Simulator.Firmware;

/// <summary>
/// UART0 as the firmware sees it: direct prints (printf/puts/bk_printf) go out at once; OpenBeken's
/// threaded log lines go into a 4 KB ring buffer that its log_serial task empties in 128-byte chunks
/// every 10 ms, so they arrive late and may be split by direct prints (openbl602-boot.md §2b).
/// Once GPIO16 is given a pin role the pad stops being UART TX: everything after is lost, including
/// what is still in the ring.
/// </summary>
internal sealed class FirmwareConsole
{
    public const int RingCapacity = 4096;
    public const int ChunkSize = 128;
    public static readonly TimeSpan DrainPeriod = TimeSpan.FromMilliseconds(10);

    private readonly IFirmwareChip _chip;
    private readonly FirmwareScheduler _scheduler;
    private readonly Queue<byte> _ring = new();
    private TimeSpan _drainOrigin;
    private bool _drainScheduled;
    private bool _threadStarted;
    private bool _halted;

    public FirmwareConsole(IFirmwareChip chip, FirmwareScheduler scheduler)
    {
        _chip = chip;
        _scheduler = scheduler;
    }

    /// <summary>GPIO16 no longer carries UART TX.</summary>
    public bool IsSilenced { get; private set; }

    public void SetBaud(int baud)
    {
        if (!IsSilenced)
        {
            _chip.SetConsoleBaud(baud);
        }
    }

    /// <summary>A direct print: on the wire now.</summary>
    public void Print(string text)
    {
        if (!IsSilenced)
        {
            _chip.ConsoleWrite(Encoding.ASCII.GetBytes(text));
        }
    }

    /// <summary>A threaded OpenBeken log line (addLogAdv): "\r\n" is appended and it waits in the ring.</summary>
    public void Log(string line)
    {
        if (IsSilenced)
        {
            return;
        }

        if (!_threadStarted)
        {
            // The log_serial task wakes every 10 ms from the moment logging starts.
            _threadStarted = true;
            _drainOrigin = _scheduler.Now;
        }

        foreach (var b in Encoding.ASCII.GetBytes(line + "\r\n"))
        {
            if (_ring.Count == RingCapacity)
            {
                _ring.Dequeue(); // a full ring overwrites its oldest bytes
            }

            _ring.Enqueue(b);
        }

        ScheduleDrain();
    }

    /// <summary>The pad of GPIO16 becomes a GPIO: nothing more reaches the UART, the ring is lost.</summary>
    public void Silence()
    {
        IsSilenced = true;
        _ring.Clear();
    }

    /// <summary>The firmware hung: the log task no longer runs, what is in the ring stays there.</summary>
    public void Halt() => _halted = true;

    private void ScheduleDrain()
    {
        if (_drainScheduled)
        {
            return;
        }

        _drainScheduled = true;
        var sinceOrigin = _scheduler.Now - _drainOrigin;
        var periods = (sinceOrigin.Ticks / DrainPeriod.Ticks) + 1;
        _scheduler.At(_drainOrigin + TimeSpan.FromTicks(periods * DrainPeriod.Ticks), Drain);
    }

    private void Drain()
    {
        _drainScheduled = false;
        if (IsSilenced || _halted || _ring.Count == 0)
        {
            return;
        }

        var chunk = new byte[Math.Min(ChunkSize, _ring.Count)];
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = _ring.Dequeue();
        }

        _chip.ConsoleWrite(chunk);
        if (_ring.Count > 0)
        {
            ScheduleDrain();
        }
    }
}
