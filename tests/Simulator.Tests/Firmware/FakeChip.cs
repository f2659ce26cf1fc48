using System.Text;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Flash;
using Fixture.Simulator.Unit;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Simulator.Tests.Firmware;

/// <summary>What left UART0 TX: when (since the last reset), at which baud, which bytes.</summary>
internal sealed record ConsoleChunk(int Boot, TimeSpan At, int Baud, byte[] Bytes)
{
    public string Text => Encoding.ASCII.GetString(Bytes);
}

/// <summary>
/// A stand-in for the unit model: a fake clock, memory flash, eFuse, a console sink that records
/// the baud of every byte, load current, and power/reset that stop and restart the firmware run.
/// </summary>
internal sealed class FakeChip : IFirmwareChip
{
    private readonly Func<IFirmwareChip, IFirmwareRun> _starter;
    private IFirmwareRun? _run;
    private long _resetAt;

    public FakeChip(Func<IFirmwareChip, IFirmwareRun> starter, MemoryFlash? flash = null, FakeEfuse? efuse = null, UnitIdentity? identity = null)
    {
        _starter = starter;
        Flash = flash ?? new MemoryFlash();
        Efuse = efuse ?? new FakeEfuse();
        Identity = identity ?? new UnitIdentity { Name = "fake", EfuseRegion0 = Efuse.Raw };
    }

    /// <summary>The unit's variants (MAC line, mfg_media); its eFuse bytes are <see cref="Efuse"/>'s.</summary>
    public UnitIdentity Identity { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));

    public TimeProvider Clock => Time;

    public MemoryFlash Flash { get; }

    ISpiFlash IFirmwareChip.Flash => Flash;

    public FakeEfuse Efuse { get; }

    IEfuse IFirmwareChip.Efuse => Efuse;

    public int ConsoleBaud { get; private set; } = 2_000_000;

    public List<ConsoleChunk> Output { get; } = [];

    public List<string> Resets { get; } = [];

    /// <summary>When each firmware run started, on the fake clock.</summary>
    public List<DateTimeOffset> StartTimes { get; } = [];

    public List<(TimeSpan At, double Amps)> Loads { get; } = [];

    public double LoadCurrent { get; private set; }

    /// <summary>How many times the firmware has been started (1 = first boot).</summary>
    public int Boots { get; private set; }

    public TimeSpan SinceReset => Time.GetElapsedTime(_resetAt);

    public IFirmwareRun? Run => _run;

    public void SetConsoleBaud(int baud) => ConsoleBaud = baud;

    public void ConsoleWrite(ReadOnlySpan<byte> bytes) => Output.Add(new ConsoleChunk(Boots, SinceReset, ConsoleBaud, bytes.ToArray()));

    public void RequestReset(string reason)
    {
        Resets.Add(reason);
        _run?.Stop();
        Start();
    }

    public void SetLoadCurrent(double amps)
    {
        LoadCurrent = amps;
        Loads.Add((SinceReset, amps));
    }

    public void PowerOn() => Start();

    public void PowerOff()
    {
        _run?.Stop();
        _run = null;
        LoadCurrent = 0;
    }

    /// <summary>Advances the fake clock in small steps so every timer fires at its own time.</summary>
    public void RunFor(TimeSpan duration, TimeSpan? step = null)
    {
        var s = step ?? TimeSpan.FromMilliseconds(1);
        for (var t = TimeSpan.Zero; t < duration; t += s)
        {
            Time.Advance(s);
        }
    }

    /// <summary>A boot: power on, run, power off.</summary>
    public void Boot(TimeSpan runFor)
    {
        PowerOn();
        RunFor(runFor);
        PowerOff();
    }

    public string Text(int? boot = null) => string.Concat(Output.Where(c => boot is null || c.Boot == boot).Select(c => c.Text));

    /// <summary>Time since reset at which the byte ending the first occurrence of <paramref name="text"/> went out.</summary>
    public TimeSpan? TimeOf(string text, int? boot = null)
    {
        var chunks = Output.Where(c => boot is null || c.Boot == boot).ToList();
        var all = string.Concat(chunks.Select(c => c.Text));
        var at = all.IndexOf(text, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var end = at + text.Length;
        var offset = 0;
        foreach (var chunk in chunks)
        {
            offset += chunk.Bytes.Length;
            if (offset >= end)
            {
                return chunk.At;
            }
        }

        return null;
    }

    private void Start()
    {
        Boots++;
        StartTimes.Add(Time.GetUtcNow());
        _resetAt = Time.GetTimestamp();
        _run = _starter(this);
    }
}
