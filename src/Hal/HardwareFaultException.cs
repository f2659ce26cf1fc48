namespace Fixture.Hal;

/// <summary>
/// The station's own hardware failed (a GPIO write, an I2C transfer, a vanished serial port).
/// The message says which device or line and what to check; the unit under test is not to blame.
/// </summary>
public class HardwareFaultException : Exception
{
    public HardwareFaultException(string message)
        : base(message)
    {
    }

    public HardwareFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
