using System.Device.Gpio;

namespace Fixture.Hal.Lines;

/// <summary>
/// A debounced input (start, abort, guard, ESD) on any <see cref="GpioController"/>. A level change
/// only counts once it has been stable for the debounce time on the station's <see cref="TimeProvider"/>;
/// <see cref="Activated"/> is raised once per inactive → active change, on the timer's thread
/// (subscribers marshal it onto their own loop).
/// </summary>
public sealed class GpioInputLine : IInputLine, IDisposable
{
    private readonly GpioController _controller;
    private readonly int _pin;
    private readonly LinePolarity _polarity;
    private readonly TimeSpan _debounce;
    private readonly ITimer _settleTimer;
    private readonly Lock _gate = new();
    private bool _stableActive;
    private bool _disposed;

    public GpioInputLine(string name, GpioController controller, int pin, LinePolarity polarity, TimeSpan debounce, TimeProvider time)
    {
        Name = name;
        _controller = controller;
        _pin = pin;
        _polarity = polarity;
        _debounce = debounce;
        _settleTimer = time.CreateTimer(_ => Settle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        try
        {
            // An active-low button pulls to ground: use the chip's pull-up where it has one.
            var mode = polarity == LinePolarity.ActiveLow && controller.IsPinModeSupported(pin, PinMode.InputPullUp)
                ? PinMode.InputPullUp
                : PinMode.Input;
            controller.OpenPin(pin, mode);
            _stableActive = ReadActive();
            controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, OnEdge);
        }
        catch (Exception ex) when (GpioControlLine.IsDriverFailure(ex))
        {
            _settleTimer.Dispose();
            throw new HardwareFaultException($"{name}: could not open line {pin} as an input: {ex.Message} Check the line number and the device's connection.", ex);
        }
    }

    public string Name { get; }

    /// <summary>The debounced state.</summary>
    public bool IsActive
    {
        get
        {
            lock (_gate)
            {
                return _stableActive;
            }
        }
    }

    public event EventHandler? Activated;

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _settleTimer.Dispose();
        try
        {
            _controller.UnregisterCallbackForPinValueChangedEvent(_pin, OnEdge);
            _controller.ClosePin(_pin);
        }
        catch (Exception ex) when (GpioControlLine.IsDriverFailure(ex))
        {
            // The device may already be gone; nothing else to release.
        }
    }

    private bool ReadActive() => _polarity.IsAsserted(_controller.Read(_pin));

    private void OnEdge(object sender, PinValueChangedEventArgs e)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                // Every edge restarts the wait: contact bounce never reaches the station.
                _settleTimer.Change(_debounce, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Settle()
    {
        bool raise;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            bool active;
            try
            {
                active = ReadActive();
            }
            catch (Exception ex) when (GpioControlLine.IsDriverFailure(ex))
            {
                return;
            }

            raise = active && !_stableActive;
            _stableActive = active;
        }

        if (raise)
        {
            Activated?.Invoke(this, EventArgs.Empty);
        }
    }
}
