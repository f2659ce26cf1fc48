using Fixture.Controller.Workflow;
using Fixture.Protocol.Flashing;

namespace Fixture.Lab.Vendor;

/// <summary>
/// The vendor imitation of `bench flash` (issue 10 §1): the station's own phases run as BLDevCube runs a unit, as far as
/// the station's code can express it. What differs from the station, each from the protocol reference:
/// <list type="bullet">
/// <item>protocol options: <see cref="FlashProfile.DevCube"/> (read-until-silence handshakes, ≈300 ms after run_image,
/// 2048-byte frames, xz only above 4096 bytes, no hash-skip, one try per region, XIP SHA verify, JEDEC id only);</item>
/// <item>lines: the vendor's cut-off and reset dance (<see cref="DevCubeSocketSequences"/>) instead of the station's
/// strap entry; BOOT pulled up;</item>
/// <item>retries: the dance and sync at most twice (shake_hand_retry = 2), no probe of the port before power-on, no
/// stock-firmware backup.</item>
/// </list>
/// What stays the station's: the rates (the recipe's and the socket's), the plan it is given, everything before
/// POWER and after the last SHA-256 (outside the measured window), and on a second sync try the station's power-off
/// before the dance runs again (the vendor's dance cuts the power itself; only a unit that misses the first sync sees it).
/// </summary>
internal static class VendorHost
{
    /// <summary>shake_hand_retry: the whole cut-off + reset + sync block runs at most twice.</summary>
    public const int ShakeHandRetry = 2;

    public static HostProfile Profile { get; } = new(
        settings => settings with
        {
            Config = settings.Config with { HandshakePowerCycles = ShakeHandRetry, ProbePortBeforePower = false },
            Profile = FlashProfile.DevCube,
            BackupDirectory = null,
        },
        socket => new DevCubeSocketSequences(socket));
}
