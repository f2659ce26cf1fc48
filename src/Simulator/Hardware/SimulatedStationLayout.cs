using Fixture.Hal.Configuration;

namespace Fixture.Simulator.Hardware;

/// <summary>Widens a simulated station to N sockets (`--sockets N`), copying its first socket.</summary>
public static class SimulatedStationLayout
{
    /// <summary>
    /// Socket k (0-based) gets port "sim:k+1" and the first socket's simulated lines moved k chips up,
    /// so no pin is used twice; its monitor and lamps are copied the same way. Sockets already present
    /// beyond the first are replaced.
    /// </summary>
    public static StationConfig WithSockets(StationConfig config, int sockets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sockets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sockets, StationConfigValidator.MaxSockets);
        if (config.Sockets.Count == 0)
        {
            throw new ArgumentException("The station has no socket to copy.", nameof(config));
        }

        var template = config.Sockets[0];
        var panelChips = PanelLines(config.Station).Select(l => l.Chip ?? 0).ToHashSet();
        var socketChip = template.Lines?.Power?.Chip ?? 0;
        return new StationConfig
        {
            Station = config.Station,
            Timing = config.Timing,
            Sockets = [template, .. Enumerable.Range(1, sockets - 1).Select(k => Copy(template, k, NextFreeChip(panelChips, socketChip, k)))],
        };
    }

    private static int NextFreeChip(HashSet<int> panelChips, int first, int k)
    {
        var chip = first;
        for (var step = 0; step < k; step++)
        {
            do
            {
                chip++;
            }
            while (panelChips.Contains(chip));
        }

        return chip - first;
    }

    private static SocketConfig Copy(SocketConfig template, int k, int chipOffset) => new()
    {
        Id = k + 1,
        Serial = template.Serial is null ? null : new SerialConfig
        {
            Port = $"sim:{k + 1}",
            BootromBaud = template.Serial.BootromBaud,
            LoaderBaud = template.Serial.LoaderBaud,
            ConsoleBaud = template.Serial.ConsoleBaud,
            ModemLinesInverted = template.Serial.ModemLinesInverted,
        },
        Lines = template.Lines is null ? null : new SocketLinesConfig
        {
            Power = Shift(template.Lines.Power, chipOffset),
            Boot = Shift(template.Lines.Boot, chipOffset),
            Reset = Shift(template.Lines.Reset, chipOffset),
        },
        StartButton = Shift(template.StartButton, chipOffset),
        Lamps = template.Lamps is null ? null : new LampsConfig
        {
            Pass = Shift(template.Lamps.Pass, chipOffset),
            Fail = Shift(template.Lamps.Fail, chipOffset),
            Busy = Shift(template.Lamps.Busy, chipOffset),
        },
        SupplyMonitor = template.SupplyMonitor,
    };

    private static LineConfig? Shift(LineConfig? line, int chipOffset) =>
        line is null || !string.Equals(line.Driver, SimulatedStationHardware.DriverName, StringComparison.OrdinalIgnoreCase)
            ? line
            : new LineConfig { Driver = line.Driver, Chip = (line.Chip ?? 0) + chipOffset, Line = line.Line, Polarity = line.Polarity };

    private static IEnumerable<LineConfig> PanelLines(StationSection? station) =>
        station is null
            ? []
            : new[] { station.Abort, station.Buzzer, station.Guard, station.Esd, station.Lamps?.Pass, station.Lamps?.Fail, station.Lamps?.Busy }
                .Concat(station.StartButtons)
                .OfType<LineConfig>();
}
