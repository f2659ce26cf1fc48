namespace Fixture.Hal.Drivers;

/// <summary>
/// The shared devices a station has opened (GPIO controllers, FT232H boards, expanders), by device
/// key, so that two lines on one chip share its controller. Disposes them in reverse order of opening.
/// </summary>
public sealed class StationDevices : IDisposable
{
    private readonly Dictionary<string, object> _devices = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _openOrder = [];
    private readonly Lock _gate = new();

    public StationDevices(I2cBusRegistry i2cBuses)
    {
        I2cBuses = i2cBuses;
    }

    public I2cBusRegistry I2cBuses { get; }

    public T GetOrOpen<T>(string deviceKey, Func<T> open)
        where T : class
    {
        lock (_gate)
        {
            if (_devices.TryGetValue(deviceKey, out var existing))
            {
                return (T)existing;
            }

            var device = open();
            _devices.Add(deviceKey, device);
            if (device is IDisposable disposable)
            {
                _openOrder.Add(disposable);
            }

            return device;
        }
    }

    /// <summary>Registers something to dispose with the station (an I2C device a monitor uses).</summary>
    public void Own(IDisposable disposable)
    {
        lock (_gate)
        {
            _openOrder.Add(disposable);
        }
    }

    public void Dispose()
    {
        List<IDisposable> toDispose;
        lock (_gate)
        {
            toDispose = [.. _openOrder];
            _openOrder.Clear();
            _devices.Clear();
        }

        for (var i = toDispose.Count - 1; i >= 0; i--)
        {
            try
            {
                toDispose[i].Dispose();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or HardwareFaultException)
            {
                // Closing a device that has already gone (unplugged FT232H) must not stop the others closing.
            }
        }
    }
}
