namespace Fixture.Hal.Lines;

/// <summary>The three lines that put one unit into download mode, reset it and power it.</summary>
/// <param name="Power">Asserted: the unit's 3.3 V supply is switched on.</param>
/// <param name="Boot">Asserted: GPIO8 is held high, so a reset enters the UART bootloader.</param>
/// <param name="Reset">Asserted: CHIP_EN is held low, so the chip is in reset.</param>
public sealed record SocketLines(IControlLine Power, IControlLine Boot, IControlLine Reset)
{
    /// <summary>De-energises every line (power off first), whatever state they were in.</summary>
    public void ReleaseAll()
    {
        List<Exception>? errors = null;
        foreach (var line in new[] { Power, Boot, Reset })
        {
            try
            {
                line.Set(false);
            }
            catch (HardwareFaultException ex)
            {
                (errors ??= []).Add(ex);
            }
        }

        if (errors is not null)
        {
            throw new AggregateException("Could not de-energise every socket line.", errors);
        }
    }
}
