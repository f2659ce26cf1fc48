namespace Fixture.Hal.Lines;

/// <summary>
/// One output signal of the fixture (a socket's POWER, BOOT or CHIP_EN relay, a lamp, the buzzer),
/// with its polarity already applied: callers speak of "asserted", never of pin levels.
/// </summary>
/// <remarks>
/// Asserted means: POWER = the unit is powered; BOOT = GPIO8 pulled high (UART download);
/// RESET = CHIP_EN pulled low (the chip is held in reset); lamp/buzzer = on.
/// The de-energised (safe) state of every line is "not asserted".
/// </remarks>
public interface IControlLine
{
    /// <summary>Configuration name of the line, e.g. "socket 2 POWER", used in error messages.</summary>
    string Name { get; }

    /// <summary>The last state written (lines are outputs; this is not a read-back of the pin).</summary>
    bool IsAsserted { get; }

    /// <summary>Drives the line. Throws <see cref="HardwareFaultException"/> when the driver fails.</summary>
    void Set(bool asserted);
}
