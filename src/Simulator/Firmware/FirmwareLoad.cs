namespace Fixture.Simulator.Firmware;

/// <summary>
/// What the chip draws while each stage runs, in amperes (read by the simulated supply monitor).
/// Rough BL602 figures: the bootrom a few mA, the CPU running firmware with the radio idle tens of
/// mA, more once the radio beacons an AP or scans for a network.
/// </summary>
public static class FirmwareLoad
{
    /// <summary>The bootrom with nothing to run (corrupt boot2).</summary>
    public const double BootromIdle = 0.006;

    /// <summary>boot2 checking images, or looping on "BLSP boot2 fail".</summary>
    public const double Boot2 = 0.012;

    /// <summary>The application running, radio not yet up.</summary>
    public const double FirmwareIdle = 0.032;

    /// <summary>Station mode scanning/connecting.</summary>
    public const double StationConnecting = 0.068;

    /// <summary>The soft AP beaconing.</summary>
    public const double AccessPointUp = 0.082;
}
