using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Hal.Lines;
using Fixture.Hal.Serial;
using Fixture.Simulator.Hardware;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Hal.Tests;

/// <summary>A unit as the station wiring sees it: records every pin change in order.</summary>
internal sealed class RecordingUnitPins : ISimulatedUnitPins
{
    public List<string> Calls { get; } = [];

    public bool Powered { get; private set; }

    public bool BootHigh { get; private set; }

    public bool ChipEnableHigh { get; private set; } = true;

    public bool TxBreak { get; private set; }

    public event Action<bool>? PowerChanged;

    public void SetPower(bool on)
    {
        Powered = on;
        Calls.Add($"power {(on ? "on" : "off")}");
        PowerChanged?.Invoke(on);
    }

    public void SetBootStrap(bool high)
    {
        BootHigh = high;
        Calls.Add($"boot {(high ? "high" : "low")}");
    }

    public void SetChipEnable(bool high)
    {
        ChipEnableHigh = high;
        Calls.Add($"chip_en {(high ? "high" : "low")}");
    }

    public void SetHostTxBreak(bool holdLow)
    {
        TxBreak = holdLow;
        Calls.Add($"break {(holdLow ? "on" : "off")}");
    }
}

internal sealed class SettableLoad : ISimulatedSupplyLoad
{
    public double RailVolts { get; set; }

    public double CurrentAmps { get; set; }
}

/// <summary>A serial link that only records what the sequences do to it (and forwards break to a unit).</summary>
internal sealed class RecordingSerialLink(string portName, RecordingUnitPins? unit = null) : ISerialLink, IModemLines
{
    public List<string> Calls { get; } = [];

    public string PortName => portName;

    public string AdapterIdentity => "test link";

    public bool IsOpen { get; private set; }

    public int BaudRate { get; private set; }

    public Stream Stream { get; } = new MemoryStream();

    public bool DataTerminalReady
    {
        get => field;
        set
        {
            field = value;
            Calls.Add($"dtr {value}");
        }
    }

    public bool RequestToSend
    {
        get => field;
        set
        {
            field = value;
            Calls.Add($"rts {value}");
        }
    }

    public void Open(int baudRate)
    {
        IsOpen = true;
        BaudRate = baudRate;
        Calls.Add($"open {baudRate}");
    }

    public void SetBaudRate(int baudRate) => BaudRate = baudRate;

    public void SetBreak(bool holdTxLow)
    {
        Calls.Add($"break {holdTxLow}");
        unit?.SetHostTxBreak(holdTxLow);
    }

    public void DiscardInput()
    {
    }

    public void Close()
    {
        IsOpen = false;
        Calls.Add("close");
    }

    public void Dispose() => Close();
}

/// <summary>Builds stations on the simulated driver for tests.</summary>
internal static class SimStation
{
    public static LineConfig Sim(int line, LinePolarity polarity = LinePolarity.ActiveHigh, int chip = 0) =>
        new() { Driver = "simulated", Chip = chip, Line = line, Polarity = polarity };

    public static SocketConfig Socket(int index, LinePolarity polarity = LinePolarity.ActiveHigh, SupplyMonitorConfig? monitor = null) => new()
    {
        Serial = new SerialConfig { Port = $"sim:{index + 1}" },
        Lines = new SocketLinesConfig { Power = Sim(3 * index, polarity), Boot = Sim((3 * index) + 1, polarity), Reset = Sim((3 * index) + 2, polarity) },
        SupplyMonitor = monitor,
    };

    public static StationConfig Config(int sockets = 1, LinePolarity polarity = LinePolarity.ActiveHigh, SupplyMonitorConfig? monitor = null, TimingConfig? timing = null) => new()
    {
        Station = new StationSection
        {
            Id = "test-station",
            StartButtons = [Sim(40, LinePolarity.ActiveLow)],
            Abort = Sim(41, LinePolarity.ActiveLow),
            Lamps = new LampsConfig { Pass = Sim(50), Fail = Sim(51), Busy = Sim(52) },
            Buzzer = Sim(53),
        },
        Timing = timing ?? new TimingConfig(),
        Sockets = [.. Enumerable.Range(0, sockets).Select(i => Socket(i, polarity, monitor))],
    };

    public static (HardwareCatalog Catalog, SimulatedStationHardware Sim) Catalog(TimeProvider time, Func<SerialLinkRequest, ISerialLink>? links = null)
    {
        var sim = new SimulatedStationHardware(time);
        var catalog = new HardwareCatalog(
            LineDriverRegistry.CreateWithHardwareDrivers(),
            I2cBusRegistry.CreateWithHardwareBuses(),
            links ?? (r => new RecordingSerialLink(r.Serial.Port!)));
        sim.Register(catalog);
        return (catalog, sim);
    }

    /// <summary>Opens a validated station; the unit in socket 0 is wired to the returned pins.</summary>
    public static (StationHardware Station, SimulatedStationHardware Sim, RecordingUnitPins Unit) Open(StationConfig config, FakeTimeProvider time, ISimulatedSupplyLoad? load = null)
    {
        var unit = new RecordingUnitPins();
        var (catalog, sim) = Catalog(time, r => new RecordingSerialLink(r.Serial.Port!, r.SocketIndex == 0 ? unit : null));
        var problems = StationConfigValidator.Validate(config, catalog.LineDrivers, catalog.I2cBuses);
        Assert.Empty(problems);
        sim.Wire(config);
        sim.ConnectUnit(0, unit, load);
        var station = StationHardware.Open(config, catalog, time);
        unit.Calls.Clear();
        return (station, sim, unit);
    }

    /// <summary>
    /// Without a synchronization context, await continuations run inline inside FakeTimeProvider.Advance,
    /// so each line change is logged at exactly the fake time it happens.
    /// </summary>
    public static void RunContinuationsInline() => SynchronizationContext.SetSynchronizationContext(null);
}
