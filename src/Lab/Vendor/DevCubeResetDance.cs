using Fixture.Hal.Lines;

namespace Fixture.Lab.Vendor;

/// <summary>One step of the vendor tool's cut-off and reset dance, on the socket's own lines: set one line, then wait.</summary>
/// <param name="Line">The signal the vendor's modem line drives on Bouffalo's MP_TOOL_V3: RTS → CHIP_EN, DTR → power.</param>
/// <param name="Asserted">The station's sense of the line: CHIP_EN asserted = chip held in reset; POWER asserted = unit powered (DTR released).</param>
/// <param name="WaitAfter">Pause after setting it.</param>
/// <param name="Note">What the vendor's code calls the step.</param>
internal sealed record DevCubeResetStep(DevCubeLine Line, bool Asserted, TimeSpan WaitAfter, string Note);

/// <summary>The two signals the vendor's dance moves (BOOT is pulled up on its fixture and never moves).</summary>
internal enum DevCubeLine
{
    /// <summary>CHIP_EN, on the vendor's RTS (RTS asserted = EN low).</summary>
    Reset,

    /// <summary>The unit's supply, on the vendor's DTR (DTR asserted = power off on MP_TOOL_V3).</summary>
    Power,
}

/// <summary>
/// BLDevCube's `if_shakehand` reset with do_reset = true, cutoff_time = 100, reset_hold_time = 5, shake_hand_delay = 100,
/// reset_cnt = 2 (protocol reference §1.2, [C]): 1 070 ms from the first line change to the 0x55 burst. The vendor drives
/// RTS and DTR; on MP_TOOL_V3 those are CHIP_EN and the unit's power, so the dance is replayed here on the socket's
/// CHIP_EN and POWER lines, with BOOT held asserted as the vendor fixture's pull-up holds it.
/// </summary>
internal static class DevCubeResetDance
{
    /// <summary>The dance's steps in order, in the station's sense of each line.</summary>
    public static IReadOnlyList<DevCubeResetStep> Steps { get; } = Build();

    /// <summary>
    /// Replays <see cref="Steps"/> on <paramref name="lines"/>: the unit powered with BOOT asserted (the vendor fixture's
    /// idle state: DTR released, GPIO8 pulled up), then every step with its wait on <paramref name="time"/>.
    /// </summary>
    public static async Task ReplayAsync(SocketLines lines, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(time);
        lines.Boot.Set(true);
        lines.Power.Set(true);
        foreach (var step in Steps)
        {
            (step.Line == DevCubeLine.Reset ? lines.Reset : lines.Power).Set(step.Asserted);
            if (step.WaitAfter > TimeSpan.Zero)
            {
                await Task.Delay(step.WaitAfter, time, cancellationToken);
            }
        }
    }

    private static List<DevCubeResetStep> Build()
    {
        static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);
        var steps = new List<DevCubeResetStep>
        {
            new(DevCubeLine.Reset, true, Ms(200), "cut-off 1: RTS asserted, EN low (\"RC delay is 100ms\")"),
            new(DevCubeLine.Reset, false, Ms(50), "cut-off 2: RTS released"),
            new(DevCubeLine.Reset, true, TimeSpan.Zero, "cut-off 3: RTS asserted, EN low"),
            new(DevCubeLine.Power, false, Ms(100), "cut-off 3: DTR asserted, power off (cutoff_time 100 ms)"),
            new(DevCubeLine.Power, true, Ms(100), "cut-off 4: DTR released, power on"),
            new(DevCubeLine.Reset, false, Ms(200), "reset 0: RTS released"),
        };
        for (var pass = 0; pass < 2; pass++)
        {
            for (var pulse = 0; pulse < 2; pulse++)
            {
                steps.Add(new(DevCubeLine.Reset, true, Ms(5), "reset pulse: RTS asserted (reset_hold_time 5 ms)"));
                steps.Add(new(DevCubeLine.Reset, false, Ms(100), "reset release (shake_hand_delay 100 ms)"));
            }
        }

        return steps;
    }
}
