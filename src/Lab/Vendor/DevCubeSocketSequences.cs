using Fixture.Controller.Workflow;
using Fixture.Hal.Lines;

namespace Fixture.Lab.Vendor;

/// <summary>
/// A socket's lines worked the vendor's way (<see cref="DevCubeResetDance"/>): the station's phases call these where
/// they would call the station's own sequences. Only the entry into download mode is the vendor's; power-off and the
/// firmware start stay the station's (the vendor tool neither powers a unit down for good nor starts its firmware, and
/// the station still has to de-energise the socket and make its report row).
/// </summary>
internal sealed class DevCubeSocketSequences(HostSocket socket) : ISocketSequences
{
    public bool CanBootFirmware => socket.Station.CanBootFirmware;

    /// <summary>The vendor's dance (1 070 ms), with TX back to idle-high first: the vendor's port holds no break.</summary>
    public async Task EnterDownloadModeAsync(CancellationToken cancellationToken)
    {
        if (socket.Link.IsOpen)
        {
            socket.Link.SetBreak(false);
        }

        await DevCubeResetDance.ReplayAsync(socket.Lines, socket.Time, cancellationToken);
    }

    /// <summary>Nothing: BOOT is pulled up on the vendor's fixture.</summary>
    public Task ReleaseBootAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task BootFirmwareAsync(CancellationToken cancellationToken) => socket.Station.BootFirmwareAsync(cancellationToken);

    public Task<PowerOffResult> PowerOffAsync(TimeSpan offTime, CancellationToken cancellationToken) => socket.Station.PowerOffAsync(offTime, cancellationToken);
}
