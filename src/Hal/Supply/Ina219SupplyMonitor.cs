using System.Device.I2c;
using Iot.Device.Adc;
using UnitsNet;

namespace Fixture.Hal.Supply;

/// <summary>
/// An INA219 in series with the unit's rail, through the Iot.Device.Bindings class. Calibrated from
/// the shunt and the full-scale current so the current register reads in a known LSB.
/// </summary>
public sealed class Ina219SupplyMonitor : ISupplyMonitor
{
    private readonly Ina219 _chip;
    private readonly I2cDevice _device;

    public Ina219SupplyMonitor(I2cDevice device, string name, ElectricResistance shunt, ElectricCurrent maxCurrent)
    {
        _device = device;
        Name = name;
        // Datasheet: current LSB = max / 2^15, CAL = 0.04096 / (LSB · Rshunt), truncated; the LSB is
        // recomputed from the truncated CAL so readings are exact for the value written.
        var calibration = Calibration(shunt, maxCurrent);
        CurrentLsb = ElectricCurrent.FromAmperes(0.04096 / (calibration * shunt.Ohms));
        _chip = Guard(() =>
        {
            var chip = new Ina219(device);
            chip.Reset();
            chip.SetCalibration(calibration, (float)CurrentLsb.Amperes);
            return chip;
        });
    }

    public string Name { get; }

    public ElectricCurrent CurrentLsb { get; }

    public static ushort Calibration(ElectricResistance shunt, ElectricCurrent maxCurrent)
    {
        var lsb = maxCurrent.Amperes / 32768;
        var exact = 0.04096 / (lsb * shunt.Ohms);
        return exact is >= 1 and <= 0xFFFE
            ? (ushort)exact
            : throw new ArgumentOutOfRangeException(nameof(maxCurrent), $"A {shunt.Ohms} Ω shunt cannot be calibrated for {maxCurrent.Amperes} A on an INA219.");
    }

    public SupplyReading Read() => Guard(() => new SupplyReading(_chip.ReadBusVoltage(), _chip.ReadCurrent()));

    public void Dispose()
    {
        _chip.Dispose();
        _device.Dispose();
    }

    private T Guard<T>(Func<T> io)
    {
        try
        {
            return io();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or ArgumentException)
        {
            throw new HardwareFaultException($"Supply monitor {Name} did not answer: {ex.Message} Check its I2C wiring, address and power.", ex);
        }
    }
}
