using System.Device.Gpio;
using System.Device.I2c;
using Iot.Device.Mcp23xxx;

namespace Fixture.Hal.Drivers;

/// <summary>
/// The binding's MCP23017 turns a pin into an output before writing its level, so an active-low
/// relay would close for one I2C transfer while its line is being opened. This writes the output
/// latch first, then the direction. No reset or interrupt pins: the binding never creates a
/// GpioController of its own.
/// </summary>
internal sealed class LatchFirstMcp23017 : Mcp23017
{
    public LatchFirstMcp23017(I2cDevice device)
        : base(device, -1, -1, -1, null, shouldDispose: true)
    {
    }

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        if (mode == PinMode.Output)
        {
            Write(pinNumber, initialValue);
        }

        SetPinMode(pinNumber, mode);
    }
}
