namespace Fixture.Simulator.Hardware;

/// <summary>
/// The physical pins of a simulated unit as the station's relays and transistors drive them.
/// Levels are electrical: the simulated wiring has already turned relay states into them.
/// </summary>
public interface ISimulatedUnitPins
{
    /// <summary>3.3 V supply switched on (true) or off.</summary>
    void SetPower(bool on);

    /// <summary>GPIO8 (BOOT strap) high (true) or low.</summary>
    void SetBootStrap(bool high);

    /// <summary>CHIP_EN high (true: chip runs) or low (chip held in reset).</summary>
    void SetChipEnable(bool high);

    /// <summary>The host adapter holds TX low (break) or leaves it idle-high (back-powering risk).</summary>
    void SetHostTxBreak(bool holdLow);
}
