namespace Fixture.Hal.Lines;

/// <summary>
/// Line driver <c>manual</c> (issue 14 §1): the operator is the relay. Each step is one instruction and, where
/// the unit must be in a state before the station goes on, a wait for the key. No timing a relay would give is
/// assumed: the station waits as long as the operator takes, and Abort (the token) ends every wait.
/// </summary>
public sealed class ManualSocketSequences(IOperatorPrompt prompt, string socket) : ISocketSequences
{
    public const string HoldBootAndPlugIn = "Hold BOOT and plug the unit in, then press Enter";
    public const string ReleaseBoot = "Release BOOT";
    public const string ReplugWithoutBoot = "Unplug the unit and plug it in again without touching BOOT, then press Enter";
    public const string Unplug = "Unplug the unit";

    /// <summary>The operator can restart the unit from flash (re-plug); the station prefers 0x33, which needs nobody.</summary>
    public bool CanBootFirmware => true;

    public Task EnterDownloadModeAsync(CancellationToken cancellationToken) =>
        prompt.ShowAsync(new OperatorInstruction(socket, HoldBootAndPlugIn, WaitsForKey: true), cancellationToken);

    public Task ReleaseBootAsync(CancellationToken cancellationToken) =>
        prompt.ShowAsync(new OperatorInstruction(socket, ReleaseBoot, WaitsForKey: false), cancellationToken);

    public Task BootFirmwareAsync(CancellationToken cancellationToken) =>
        prompt.ShowAsync(new OperatorInstruction(socket, ReplugWithoutBoot, WaitsForKey: true), cancellationToken);

    /// <summary>
    /// The operator unplugs; how long the unit stays off is theirs, so the result reports no measured time. Not waited
    /// for: the unit's verdict follows at once, and the next unit's "Hold BOOT and plug the unit in" waits for the key.
    /// </summary>
    public async Task<PowerOffResult> PowerOffAsync(TimeSpan offTime, CancellationToken cancellationToken)
    {
        await prompt.ShowAsync(new OperatorInstruction(socket, Unplug, WaitsForKey: false), cancellationToken);
        return new PowerOffResult(TimeSpan.Zero, TxHeldLow: false, RailAtEnd: null, Discharged: null);
    }
}
