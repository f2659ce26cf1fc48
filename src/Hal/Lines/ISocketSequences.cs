namespace Fixture.Hal.Lines;

/// <summary>
/// What the unit workflow asks of a socket's wiring (issue 14): relays/modem lines (<see cref="SocketSequences"/>),
/// the operator (<see cref="ManualSocketSequences"/>), or nothing at all (<see cref="NoLineSequences"/>).
/// </summary>
public interface ISocketSequences
{
    /// <summary>Whether <see cref="BootFirmwareAsync"/> really restarts the unit from flash; false: boot it with loader command 0x33 (flash_boot).</summary>
    bool CanBootFirmware { get; }

    /// <summary>Brings the unit into UART download mode (BOOT high at reset).</summary>
    Task EnterDownloadModeAsync(CancellationToken cancellationToken);

    /// <summary>After the bootrom answered: the BOOT strap may go (manual: the operator lets go of the pad).</summary>
    Task ReleaseBootAsync(CancellationToken cancellationToken);

    /// <summary>Runs the flashed firmware from flash, where the wiring can.</summary>
    Task BootFirmwareAsync(CancellationToken cancellationToken);

    /// <summary>Takes the unit's power away for <paramref name="offTime"/>, where the wiring can.</summary>
    Task<PowerOffResult> PowerOffAsync(TimeSpan offTime, CancellationToken cancellationToken);
}
