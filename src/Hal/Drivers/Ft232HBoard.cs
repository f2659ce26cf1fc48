using System.Device.Gpio;
using System.Device.I2c;
using Iot.Device.Ft232H;

namespace Fixture.Hal.Drivers;

/// <summary>
/// One FT232H USB adapter (D2XX driver), shared by the lines on its GPIO pins (D3–D7, C0–C7; D0–D2
/// carry I2C) and the expanders or monitors on its I2C bus. Selected by serial number, or the first found.
/// </summary>
public sealed class Ft232HBoard : IDisposable
{
    public const string Scheme = "ft232h";

    private const string Check = "check the cable and the FTDI driver (D2XX: libftd2xx.so on Linux, ftd2xx.dll on Windows; on Linux unload ftdi_sio or add a udev rule).";

    private readonly Ft232HDevice _device;
    private GpioController? _gpio;

    private Ft232HBoard(Ft232HDevice device)
    {
        _device = device;
    }

    public string SerialNumber => _device.SerialNumber;

    public GpioController Gpio => _gpio ??= _device.CreateGpioController();

    public static string BoardKey(string serial) => $"ft232h board {(serial.Length == 0 ? "(first)" : serial)}";

    /// <summary>Finds the adapter (once per station) or says clearly why it cannot.</summary>
    public static Ft232HBoard Open(string serial, string key, StationDevices devices) =>
        devices.GetOrOpen(BoardKey(serial), () => Find(serial, key));

    public I2cDevice OpenI2cDevice(I2cRequest request)
    {
        try
        {
            return _device.CreateI2cDevice(new I2cConnectionSettings(_device.GetDefaultI2cBusNumber(), request.Address));
        }
        catch (Exception ex) when (LineChecks.IsOpenFailure(ex))
        {
            throw new HardwareFaultException($"{request.Label} ({request.Key}): I2C on FT232H {SerialNumber} at 0x{request.Address:X2} failed: {ex.Message} Check the wiring of D0 (SCL), D1+D2 (SDA) and the pull-ups.", ex);
        }
    }

    public void Dispose()
    {
        _gpio?.Dispose();
        _device.Dispose();
    }

    private static Ft232HBoard Find(string serial, string key)
    {
        List<Ft232HDevice> found;
        try
        {
            found = Ft232HDevice.GetFt232H();
        }
        catch (Exception ex) when (LineChecks.IsOpenFailure(ex))
        {
            throw new HardwareFaultException($"FT232H not found for {key}: the FTDI D2XX library could not be loaded ({ex.GetType().Name}); {Check}", ex);
        }

        var device = serial.Length == 0 ? found.FirstOrDefault() : found.FirstOrDefault(d => d.SerialNumber == serial);
        if (device is null)
        {
            var seen = found.Count == 0 ? "none connected" : "connected: " + string.Join(", ", found.Select(d => d.SerialNumber));
            var which = serial.Length == 0 ? "" : $" with serial number {serial}";
            throw new HardwareFaultException($"FT232H{which} not found for {key} ({seen}): {Check}");
        }

        return new Ft232HBoard(device);
    }
}
