namespace Fixture.Hal.Lines;

/// <summary>
/// One input signal of the station (start button, abort button, lid/guard switch, ESD monitor),
/// with its polarity applied: <see cref="IsActive"/> is true when the button is pressed or the
/// guard reports "safe to power".
/// </summary>
public interface IInputLine
{
    string Name { get; }

    bool IsActive { get; }

    /// <summary>Raised on the inactive → active edge (debounced by the driver where it can).</summary>
    event EventHandler? Activated;
}
