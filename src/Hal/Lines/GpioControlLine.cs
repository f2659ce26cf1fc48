using System.Device.Gpio;
using Fixture.Hal.Safety;

namespace Fixture.Hal.Lines;

/// <summary>
/// An output line on any <see cref="GpioController"/> (libgpiod, FT232H, MCP23017, modem lines,
/// simulated). The pin is opened already driven to its de-asserted level, so start-up never glitches
/// a relay on; once the station's <see cref="OutputInterlock"/> has tripped (shutdown, signal), it
/// refuses to assert.
/// </summary>
public sealed class GpioControlLine : IControlLine, IDisposable
{
    private readonly GpioController _controller;
    private readonly int _pin;
    private readonly LinePolarity _polarity;
    private readonly OutputInterlock _interlock;
    private readonly Lock _gate = new();
    private bool _disposed;

    public GpioControlLine(string name, GpioController controller, int pin, LinePolarity polarity, OutputInterlock? interlock = null)
    {
        Name = name;
        _controller = controller;
        _pin = pin;
        _polarity = polarity;
        _interlock = interlock ?? new OutputInterlock();
        try
        {
            _controller.OpenPin(pin, PinMode.Output, polarity.LevelFor(false));
        }
        catch (Exception ex) when (IsDriverFailure(ex))
        {
            throw new HardwareFaultException(
                $"{name}: could not open line {pin} as an output: {ex.Message} Check the line number, that no other program holds the line, and the device's connection.",
                ex);
        }
    }

    public string Name { get; }

    public bool IsAsserted { get; private set; }

    public LinePolarity Polarity => _polarity;

    public int Pin => _pin;

    public void Set(bool asserted)
    {
        if (asserted && _interlock.IsTripped)
        {
            throw new HardwareFaultException($"{Name}: not asserted because the station is shutting down ({_interlock.Reason}); every output stays off.");
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _controller.Write(_pin, _polarity.LevelFor(asserted));
            }
            catch (Exception ex) when (IsDriverFailure(ex))
            {
                throw new HardwareFaultException(
                    $"{Name}: could not be {(asserted ? "asserted" : "released")} (line {_pin}): {ex.Message} Check the GPIO device's cable and power.",
                    ex);
            }

            IsAsserted = asserted;
        }
    }

    /// <summary>De-energises the line, then releases the pin (a released line must mean off: see docs/wiring.md).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                _controller.Write(_pin, _polarity.LevelFor(false));
                IsAsserted = false;
                _controller.ClosePin(_pin);
            }
            catch (Exception ex) when (IsDriverFailure(ex))
            {
                // The device may already be gone (unplugged); releasing it is all that is left to do.
            }

            _disposed = true;
        }
    }

    internal static bool IsDriverFailure(Exception ex) =>
        ex is IOException or InvalidOperationException or UnauthorizedAccessException or ArgumentException
            or PlatformNotSupportedException or NotSupportedException or System.ComponentModel.Win32Exception;
}
