using System.Device.I2c;
using Iot.Device.Adc;

namespace Fixture.Hal.Supply;

/// <summary>An INA236 in series with the unit's rail, through the Iot.Device.Bindings class (which calibrates itself).</summary>
public sealed class Ina236SupplyMonitor : ISupplyMonitor
{
    private readonly Ina236 _chip;

    public Ina236SupplyMonitor(I2cDevice device, string name, UnitsNet.ElectricResistance shunt, UnitsNet.ElectricCurrent maxCurrent)
    {
        Name = name;
        try
        {
            // The binding owns and disposes the device.
            _chip = new Ina236(device, shunt, maxCurrent);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException)
        {
            device.Dispose();
            throw new HardwareFaultException($"Supply monitor {name} could not be set up: {ex.Message} Check the chip type (INA236?), its address and the I2C wiring.", ex);
        }
    }

    public string Name { get; }

    public SupplyReading Read()
    {
        try
        {
            return new SupplyReading(_chip.ReadBusVoltage(), _chip.ReadCurrent());
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            throw new HardwareFaultException($"Supply monitor {Name} did not answer: {ex.Message} Check its I2C wiring, address and power.", ex);
        }
    }

    public void Dispose() => _chip.Dispose();
}
