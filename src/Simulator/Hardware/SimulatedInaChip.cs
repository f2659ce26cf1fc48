using System.Device.I2c;

namespace Fixture.Simulator.Hardware;

/// <summary>
/// An INA219/INA236 at register level on Iot.Device.Bindings' <see cref="I2cSimulatedDeviceBase"/>,
/// so the unchanged bindings (and our monitors built on them) read it as they would the real chip.
/// The measurement registers are computed on each read from the unit's <see cref="ISimulatedSupplyLoad"/>
/// through the physical shunt; writing the configuration register's reset bit restores the defaults.
/// </summary>
public abstract class SimulatedInaChip : I2cSimulatedDeviceBase
{
    protected const byte Configuration = 0x00;
    protected const byte ShuntVoltage = 0x01;
    protected const byte BusVoltage = 0x02;
    protected const byte Power = 0x03;
    protected const byte Current = 0x04;
    protected const byte Calibration = 0x05;

    private readonly Func<ISimulatedSupplyLoad?> _load;

    protected SimulatedInaChip(I2cConnectionSettings settings, double shuntOhms, Func<ISimulatedSupplyLoad?> load)
        : base(settings)
    {
        ShuntOhms = shuntOhms;
        _load = load;
        RegisterMap[Configuration] = new Register<ushort>(DefaultConfiguration, OnConfigurationWritten, null);
        RegisterMap[Calibration] = new Register<ushort>(0);
        RegisterMap[ShuntVoltage] = Measurement(() => (ushort)ShuntCounts());
        RegisterMap[BusVoltage] = Measurement(BusCounts);
        RegisterMap[Current] = Measurement(() => (ushort)CurrentCounts());
        RegisterMap[Power] = Measurement(PowerCounts);
    }

    /// <summary>The shunt resistor actually fitted (the physics; the binding is told its own value by config).</summary>
    public double ShuntOhms { get; }

    /// <summary>Register transfers so far, for tests that check the binding really went through the bus.</summary>
    public int Transfers { get; private set; }

    public ushort CalibrationValue => ((Register<ushort>)RegisterMap[Calibration]).Value;

    protected abstract ushort DefaultConfiguration { get; }

    protected double LoadAmps => _load()?.CurrentAmps ?? 0;

    protected double RailVolts => _load()?.RailVolts ?? 0;

    /// <summary>One I2C transaction: a write sets the register pointer (and, with two data bytes, the register, big-endian); a read returns the pointed register.</summary>
    public override void WriteRead(byte[] inputBuffer, byte[] outputBuffer)
    {
        Transfers++;
        if (inputBuffer.Length >= 1)
        {
            CurrentRegister = inputBuffer[0];
            if (inputBuffer.Length >= 3 && RegisterMap.TryGetValue(CurrentRegister, out var target) && target is Register<ushort> writable && !IsMeasurement(CurrentRegister))
            {
                writable.Value = (ushort)((inputBuffer[1] << 8) | inputBuffer[2]);
            }
        }

        if (outputBuffer.Length == 0)
        {
            return;
        }

        if (!RegisterMap.TryGetValue(CurrentRegister, out var register))
        {
            throw new IOException($"Simulated {GetType().Name}: register 0x{CurrentRegister:X2} does not exist (the chip NAKs).");
        }

        var value = ((Register<ushort>)register).Value;
        outputBuffer[0] = (byte)(value >> 8);
        if (outputBuffer.Length > 1)
        {
            outputBuffer[1] = (byte)value;
        }
    }

    protected abstract short ShuntCounts();

    protected abstract ushort BusCounts();

    protected abstract short CurrentCounts();

    protected abstract ushort PowerCounts();

    protected static short Saturate(double value, double limit) =>
        (short)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), -limit, limit);

    private static bool IsMeasurement(byte register) => register is ShuntVoltage or BusVoltage or Current or Power;

    private static Register<ushort> Measurement(Func<ushort> read) => new(0, null, _ => read());

    private ushort OnConfigurationWritten(ushort value)
    {
        if ((value & 0x8000) == 0)
        {
            return value;
        }

        // Reset bit: every register back to its power-on value; the bit clears itself.
        ((Register<ushort>)RegisterMap[Calibration]).Value = 0;
        return DefaultConfiguration;
    }
}

/// <summary>INA219: shunt LSB 10 µV (±320 mV at the default gain), bus LSB 4 mV in bits 15–3, current = shunt × CAL / 4096.</summary>
public sealed class SimulatedIna219Chip : SimulatedInaChip
{
    public SimulatedIna219Chip(I2cConnectionSettings settings, double shuntOhms, Func<ISimulatedSupplyLoad?> load)
        : base(settings, shuntOhms, load)
    {
    }

    protected override ushort DefaultConfiguration => 0x399F;

    protected override short ShuntCounts() => Saturate(LoadAmps * ShuntOhms / 10e-6, 32000);

    protected override ushort BusCounts()
    {
        var counts = (int)Math.Clamp(Math.Round(RailVolts / 0.004), 0, 8000);
        return (ushort)((counts << 3) | 0x2); // CNVR: a conversion is ready
    }

    protected override short CurrentCounts() => (short)Math.Clamp(ShuntCounts() * CalibrationValue / 4096, short.MinValue, short.MaxValue);

    protected override ushort PowerCounts() => (ushort)Math.Clamp(Math.Abs(CurrentCounts()) * (BusCounts() >> 3) / 5000, 0, ushort.MaxValue);
}

/// <summary>INA236 (ADCRANGE 0): shunt LSB 2.5 µV (±81.92 mV), bus LSB 1.6 mV, current = shunt × CAL / 2048; identifies as TI 0xA080.</summary>
public sealed class SimulatedIna236Chip : SimulatedInaChip
{
    private const byte ManufacturerId = 0x3E;
    private const byte DeviceId = 0x3F;

    public SimulatedIna236Chip(I2cConnectionSettings settings, double shuntOhms, Func<ISimulatedSupplyLoad?> load)
        : base(settings, shuntOhms, load)
    {
        RegisterMap[ManufacturerId] = new Register<ushort>(0x5449);
        RegisterMap[DeviceId] = new Register<ushort>(0xA080);
    }

    protected override ushort DefaultConfiguration => 0x4127;

    protected override short ShuntCounts() => Saturate(LoadAmps * ShuntOhms / 2.5e-6, short.MaxValue);

    protected override ushort BusCounts() => (ushort)Math.Clamp(Math.Round(RailVolts / 0.0016), 0, 0x7FFF);

    protected override short CurrentCounts() => (short)Math.Clamp(ShuntCounts() * CalibrationValue / 2048, short.MinValue, short.MaxValue);

    protected override ushort PowerCounts() => (ushort)Math.Clamp(Math.Abs(CurrentCounts()) * BusCounts() / 20000, 0, ushort.MaxValue);
}
