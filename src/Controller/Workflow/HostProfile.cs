using Fixture.Hal.Lines;
using Fixture.Hal.Serial;

namespace Fixture.Controller.Workflow;

/// <summary>
/// Lab seam (issue 10 §1): the station's own phases, run the way another host runs a unit: its protocol options
/// and retry counts (<see cref="Settings"/>) and its way of working the socket's lines (<see cref="Sequences"/>).
/// The flash benchmark's vendor imitation is one (src/Lab); a line station never has one.
/// </summary>
/// <param name="Settings">The station's settings as that host would run them (its <see cref="WorkflowSettings.Profile"/>, its retries).</param>
/// <param name="Sequences">A socket's line sequences as that host works them (<see cref="HostSocket"/>: what the socket offers).</param>
internal sealed record HostProfile(
    Func<WorkflowSettings, WorkflowSettings> Settings,
    Func<HostSocket, ISocketSequences> Sequences);

/// <summary>What a socket offers a <see cref="HostProfile"/>'s sequences: its lines, the station's own sequences on them, its port and its clock.</summary>
internal sealed record HostSocket(SocketLines Lines, ISocketSequences Station, ISerialLink Link, TimeProvider Time);
