using System.Device.Gpio;
using Fixture.Hal.Serial;

namespace Fixture.Hal.Drivers;

/// <summary>
/// A serial adapter's DTR (pin 0) and RTS (pin 1) as a two-pin, output-only GpioDriver, so modem
/// lines get the same polarity handling and safe state as every other line. Pin levels are electrical:
/// with an inverting adapter, High means the signal is de-asserted.
/// </summary>
public sealed class ModemLinesGpioDriver : GpioDriver
{
    private readonly IModemLines _modem;
    private readonly bool _inverted;
    private readonly PinValue[] _levels = [PinValue.High, PinValue.High];

    public ModemLinesGpioDriver(IModemLines modem, bool inverted)
    {
        _modem = modem;
        _inverted = inverted;
    }

    protected override int PinCount => 2;

    protected override void OpenPin(int pinNumber) => Check(pinNumber);

    protected override void ClosePin(int pinNumber) => Check(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        Check(pinNumber);
        if (mode != PinMode.Output)
        {
            throw new NotSupportedException("DTR and RTS are outputs only.");
        }
    }

    protected override PinMode GetPinMode(int pinNumber) => PinMode.Output;

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => mode == PinMode.Output;

    protected override PinValue Read(int pinNumber) => _levels[Check(pinNumber)];

    protected override void Write(int pinNumber, PinValue value)
    {
        var signalAsserted = (value == PinValue.High) != _inverted;
        if (Check(pinNumber) == 0)
        {
            _modem.DataTerminalReady = signalAsserted;
        }
        else
        {
            _modem.RequestToSend = signalAsserted;
        }

        _levels[pinNumber] = value;
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("DTR and RTS are outputs only.");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("DTR and RTS are outputs only.");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("DTR and RTS are outputs only.");

    private static int Check(int pinNumber) =>
        pinNumber is 0 or 1 ? pinNumber : throw new ArgumentOutOfRangeException(nameof(pinNumber), pinNumber, "Modem lines are pin 0 (DTR) and pin 1 (RTS).");
}
