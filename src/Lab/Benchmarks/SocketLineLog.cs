using Fixture.Controller.Simulation;
using Fixture.Hal.Configuration;
using Fixture.Hal.Lines;

namespace Fixture.Lab.Benchmarks;

/// <summary>A socket line the benchmarks cut their phases at.</summary>
internal enum SocketSignal
{
    Power,
    Boot,

    /// <summary>CHIP_EN held low: asserted = chip in reset, released = chip runs.</summary>
    Reset,
}

/// <summary>One line transition as the simulated GPIO chip saw it: when (a timestamp on the socket's clock) and the port's counters then.</summary>
internal sealed record LineMark(long At, long Writes, long BytesWritten, long BytesDelivered);

/// <summary>
/// A socket's POWER, BOOT and CHIP_EN transitions as the simulated GPIO chip saw them (what the station really
/// drove, not what its configuration says it should), stamped on the socket's clock with the simulated port's
/// counters. The flashing and cycle benchmarks cut their phases here.
/// </summary>
internal sealed class SocketLineLog
{
    private readonly Lock _gate = new();
    private readonly List<(SocketSignal Signal, bool Asserted, LineMark Mark)> _seen = [];

    public SocketLineLog(SimulatedStation station, SocketLinesConfig lines, TimeProvider clock, int socketIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(station);
        ArgumentNullException.ThrowIfNull(lines);
        var link = station.Link(socketIndex);
        foreach (var (signal, line) in new[] { (SocketSignal.Power, lines.Power), (SocketSignal.Boot, lines.Boot), (SocketSignal.Reset, lines.Reset) })
        {
            if (line is null)
            {
                continue;
            }

            var pin = line.Line!.Value;
            var chip = station.Hardware.Chip(line.Chip ?? 0);
            var polarity = line.Polarity!.Value;
            chip.OutputChanged += (_, t) =>
            {
                if (t.Pin == pin && t.IsDriving)
                {
                    lock (_gate)
                    {
                        _seen.Add((signal, polarity.IsAsserted(t.Level), new LineMark(clock.GetTimestamp(), link.Writes, link.BytesWritten, link.BytesDelivered)));
                    }
                }
            };
        }
    }

    /// <summary>The first time <paramref name="signal"/> went to <paramref name="asserted"/> at or after <paramref name="after"/> (a timestamp), or null.</summary>
    public LineMark? First(SocketSignal signal, bool asserted, long after = long.MinValue)
    {
        lock (_gate)
        {
            return _seen.Where(s => s.Signal == signal && s.Asserted == asserted && s.Mark.At >= after).Select(s => (LineMark?)s.Mark).FirstOrDefault();
        }
    }
}
