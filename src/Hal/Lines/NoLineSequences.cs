namespace Fixture.Hal.Lines;

/// <summary>
/// Wiring <c>none</c> for POWER and BOOT/CHIP_EN (issue 14 §1): the unit is already in UART download mode when
/// the flash starts (held there by a jig, a PLC or the operator) and nothing here can change that. Every step
/// returns at once; the firmware is booted with loader command 0x33, which does not depend on the strap.
/// </summary>
public sealed class NoLineSequences : ISocketSequences
{
    public bool CanBootFirmware => false;

    public Task EnterDownloadModeAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;

    public Task ReleaseBootAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing to drive: the caller uses 0x33 (see <see cref="CanBootFirmware"/>).</summary>
    public Task BootFirmwareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>No power line: the unit stays powered; the result says so (off time zero, nothing measured).</summary>
    public Task<PowerOffResult> PowerOffAsync(TimeSpan offTime, CancellationToken cancellationToken) =>
        Task.FromResult(new PowerOffResult(TimeSpan.Zero, TxHeldLow: false, RailAtEnd: null, Discharged: null));
}
