namespace Fixture.Hal.Lines;

/// <summary>One instruction for the operator at one socket, e.g. "Hold BOOT and plug the unit in, then press Enter".</summary>
/// <param name="Socket">The socket's label, e.g. "socket 1".</param>
/// <param name="Text">What to do, in one sentence.</param>
/// <param name="WaitsForKey">True: the step waits until the operator confirms; false: shown, and the station goes on.</param>
public sealed record OperatorInstruction(string Socket, string Text, bool WaitsForKey);

/// <summary>
/// Where a socket without relays shows its instructions: the operator console or plain lines on a terminal
/// (phase B implements it). One instruction at a time; <see cref="ShowAsync"/> completes when the operator
/// confirmed (Enter) and is cancelled by Abort through the token.
/// </summary>
public interface IOperatorPrompt
{
    /// <summary>Shows <paramref name="instruction"/>; when it waits for the key, completes on Enter. Cancelled by abort.</summary>
    Task ShowAsync(OperatorInstruction instruction, CancellationToken cancellationToken);
}
