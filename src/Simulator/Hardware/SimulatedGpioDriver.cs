using System.Device.Gpio;

namespace Fixture.Simulator.Hardware;

/// <summary>
/// A simulated GPIO chip under a real <see cref="GpioController"/>: tracks each pin's mode and level,
/// lets tests and the simulated station drive input pins (a start button), raises edge callbacks, and
/// keeps a time-stamped log of every transition on the station's <see cref="TimeProvider"/>.
/// A pin that is not an output is released (floating): the wiring treats it as a de-energised relay.
/// </summary>
public sealed class SimulatedGpioDriver : GpioDriver
{
    private readonly TimeProvider _time;
    private readonly int _pinCount;
    private readonly Dictionary<int, PinState> _pins = [];
    private readonly List<PinTransition> _log = [];
    private readonly Lock _gate = new();

    public SimulatedGpioDriver(string name, TimeProvider time, int pinCount = 64)
    {
        Name = name;
        _time = time;
        _pinCount = pinCount;
    }

    public string Name { get; }

    /// <summary>Raised after an output pin's level or mode changes (not for driven inputs), outside the driver's lock.</summary>
    public event EventHandler<PinTransition>? OutputChanged;

    protected override int PinCount => _pinCount;

    /// <summary>A snapshot of every transition so far, oldest first.</summary>
    public IReadOnlyList<PinTransition> Transitions
    {
        get
        {
            lock (_gate)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>The level an output drives, or null when the pin is released (closed or an input).</summary>
    public PinValue? DrivenLevel(int pin)
    {
        lock (_gate)
        {
            return _pins.TryGetValue(pin, out var state) && state.IsOpen && state.Mode == PinMode.Output ? state.Output : null;
        }
    }

    public bool IsPinOpen(int pin)
    {
        lock (_gate)
        {
            return _pins.TryGetValue(pin, out var state) && state.IsOpen;
        }
    }

    /// <summary>Drives an input pin from outside (a button, a switch), raising edge callbacks.</summary>
    public void DriveInput(int pin, PinValue level)
    {
        List<PinChangeEventHandler> toCall = [];
        PinEventTypes edge;
        lock (_gate)
        {
            var state = State(pin);
            var before = state.InputLevel;
            state.External = level;
            if (before == level)
            {
                return;
            }

            edge = level == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            Log(pin, PinTransitionKind.InputDriven, state.Mode, level);
            toCall.AddRange(state.Callbacks.Where(c => (c.Events & edge) != 0).Select(c => c.Handler));
        }

        foreach (var handler in toCall)
        {
            handler(this, new PinValueChangedEventArgs(edge, pin));
        }
    }

    protected override void OpenPin(int pinNumber)
    {
        Transition(pinNumber, state =>
        {
            state.IsOpen = true;
            state.Mode = PinMode.Input;
            return PinTransitionKind.Opened;
        });
    }

    protected override void ClosePin(int pinNumber)
    {
        Transition(pinNumber, state =>
        {
            state.IsOpen = false;
            state.Callbacks.Clear();
            return PinTransitionKind.Closed;
        });
    }

    protected override void SetPinMode(int pinNumber, PinMode mode) => SetPinMode(pinNumber, mode, PinValue.Low);

    /// <summary>The level is set before the pin turns into an output, so opening never glitches a relay.</summary>
    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        Transition(pinNumber, state =>
        {
            if (mode == PinMode.Output)
            {
                state.Output = initialValue;
            }

            state.Mode = mode;
            return PinTransitionKind.ModeChanged;
        });
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate)
        {
            return State(pinNumber).Mode;
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    protected override PinValue Read(int pinNumber)
    {
        lock (_gate)
        {
            var state = State(pinNumber);
            return state.Mode == PinMode.Output ? state.Output : state.InputLevel;
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            var state = State(pinNumber);
            if (!state.IsOpen)
            {
                throw new InvalidOperationException($"Simulated {Name}: pin {pinNumber} is not open.");
            }

            if (state.Mode != PinMode.Output)
            {
                // Like a real chip: a write to an input only sets the latch it will drive once it is an output.
                state.Output = value;
                return;
            }
        }

        Transition(pinNumber, state =>
        {
            if (state.Output == value)
            {
                return null;
            }

            state.Output = value;
            return PinTransitionKind.Written;
        });
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        using var fired = new ManualResetEventSlim();
        PinEventTypes seen = PinEventTypes.None;
        void Handler(object sender, PinValueChangedEventArgs e)
        {
            seen = e.ChangeType;
            fired.Set();
        }

        AddCallbackForPinValueChangedEvent(pinNumber, eventTypes, Handler);
        try
        {
            fired.Wait(cancellationToken);
            return new WaitForEventResult { EventTypes = seen, TimedOut = false };
        }
        catch (OperationCanceledException)
        {
            return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
        }
        finally
        {
            RemoveCallbackForPinValueChangedEvent(pinNumber, Handler);
        }
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            State(pinNumber).Callbacks.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            State(pinNumber).Callbacks.RemoveAll(c => c.Handler == callback);
        }
    }

    /// <summary>Disposing the controller releases every pin; the log stays readable for tests.</summary>
    protected override void Dispose(bool disposing)
    {
        int[] open;
        lock (_gate)
        {
            open = [.. _pins.Where(p => p.Value.IsOpen).Select(p => p.Key)];
        }

        foreach (var pin in open)
        {
            ClosePin(pin);
        }

        base.Dispose(disposing);
    }

    private PinState State(int pin)
    {
        if (pin < 0 || pin >= _pinCount)
        {
            throw new ArgumentOutOfRangeException(nameof(pin), pin, $"Simulated {Name} has pins 0–{_pinCount - 1}.");
        }

        if (!_pins.TryGetValue(pin, out var state))
        {
            state = new PinState();
            _pins.Add(pin, state);
        }

        return state;
    }

    private void Transition(int pin, Func<PinState, PinTransitionKind?> change)
    {
        PinTransition? transition = null;
        lock (_gate)
        {
            var state = State(pin);
            var wasDriving = state.IsOpen && state.Mode == PinMode.Output;
            if (change(state) is { } kind)
            {
                var level = state.Mode == PinMode.Output ? state.Output : state.InputLevel;
                transition = Log(pin, kind, state.Mode, level);
                if (!wasDriving && !(state.IsOpen && state.Mode == PinMode.Output) && kind != PinTransitionKind.Written)
                {
                    transition = null; // an input opening or closing changes no output
                }
            }
        }

        if (transition is { } t)
        {
            OutputChanged?.Invoke(this, t);
        }
    }

    private PinTransition Log(int pin, PinTransitionKind kind, PinMode mode, PinValue level)
    {
        var state = _pins[pin];
        var transition = new PinTransition(_time.GetUtcNow(), Name, pin, kind, mode, level, state.IsOpen && state.Mode == PinMode.Output);
        _log.Add(transition);
        return transition;
    }

    private sealed class PinState
    {
        public bool IsOpen { get; set; }

        public PinMode Mode { get; set; } = PinMode.Input;

        public PinValue Output { get; set; } = PinValue.Low;

        public PinValue? External { get; set; }

        /// <summary>Undriven inputs follow their pull resistor (floating reads low).</summary>
        public PinValue InputLevel => External ?? (Mode == PinMode.InputPullUp ? PinValue.High : PinValue.Low);

        public List<(PinEventTypes Events, PinChangeEventHandler Handler)> Callbacks { get; } = [];
    }
}

public enum PinTransitionKind
{
    Opened,
    ModeChanged,
    Written,
    Closed,
    InputDriven,
}

/// <summary>One logged change on a simulated chip.</summary>
/// <param name="IsDriving">The pin drives <paramref name="Level"/> after this change (an open output).</param>
public readonly record struct PinTransition(DateTimeOffset At, string Chip, int Pin, PinTransitionKind Kind, PinMode Mode, PinValue Level, bool IsDriving);
