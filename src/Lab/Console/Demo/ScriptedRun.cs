using System.Globalization;
using Fixture.Controller.Station;

namespace Fixture.Lab.OperatorScreen.Demo;

/// <summary>One scripted unit's way through the workflow's states, as snapshots on the station's clock.</summary>
internal sealed class ScriptedRun(IStationObserver observer, TimeProvider time, int socket, string? unitId, long started, CancellationToken abort)
{
    // Progress snapshots at the rate a flasher reports chunks, not faster than the screen redraws.
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    public string State { get; private set; } = "PoweringUp";

    public string? Mac { get; private set; }

    /// <summary>Plays the unit and returns the state it ended in.</summary>
    public async Task<string> PlayAsync(ScriptedUnit unit, string mac)
    {
        await StepAsync("PoweringUp", "switching the unit on, BOOT held", 0.4);
        for (var cycle = 1; cycle <= unit.PowerCycles; cycle++)
        {
            var off = 300 * Math.Pow(1.5, cycle - 1);
            var attempt = string.Create(CultureInfo.InvariantCulture, $"power-cycle {cycle} of 4, off {off:0} ms");
            await StepAsync("Handshaking", "bootrom handshake at 500 kbaud: no answer", 0.3, attempt: attempt);
            await StepAsync("Handshaking", "unit powered off, TX held low", off / 1000, attempt: attempt);
        }

        if (unit.End == ScriptedEnd.AfterHandshake)
        {
            return State;
        }

        await StepAsync("Handshaking", "bootrom handshake at 500 kbaud", 0.2);
        await ProgressAsync("LoadingHelper", "loading the flash helper (eflash_loader)", "helper", ShiftScript.HelperBytes, 0.7);
        Mac = mac;
        await StepAsync("Identifying", "reading boot info, MAC and flash id", 0.15);
        if (unit.End == ScriptedEnd.AfterIdentify)
        {
            return State;
        }

        foreach (var (region, bytes, erase, write) in ShiftScript.Regions)
        {
            await StepAsync("Flashing", $"erasing {region}", erase, region);
            if (bytes > 0)
            {
                await ProgressAsync("Flashing", $"writing {region}", region, bytes, write);
                await StepAsync("Flashing", $"verifying {region} (SHA-256)", 0.05, region);
            }
        }

        await StepAsync("Booting", "BOOT released, CHIP_EN pulsed", 0.2);
        var ssid = "OpenBL602_" + mac[6..].Replace(":", "", StringComparison.Ordinal);
        for (var tick = 0; tick <= 6; tick++)
        {
            await StepAsync("VerifyingBoot", tick < 5
                ? $"reading the boot log: Time {tick}"
                : $"access point {ssid} up; waiting for boot complete (Time {tick})", 1.0);
        }

        if (unit.End == ScriptedEnd.AfterBoot)
        {
            return State;
        }

        await StepAsync("PoweringDown", "boot complete: powering the unit off", 0.3);
        return State;
    }

    private async Task StepAsync(string state, string step, double seconds, string? region = null, string? attempt = null)
    {
        Show(state, step, region, null, null, attempt);
        await Task.Delay(TimeSpan.FromSeconds(seconds), time, abort);
    }

    private async Task ProgressAsync(string state, string step, string region, long total, double seconds)
    {
        var ticks = Math.Max(1, (int)Math.Round(seconds / Tick.TotalSeconds));
        for (var tick = 0; tick <= ticks; tick++)
        {
            Show(state, step, region, total * tick / ticks, total, null);
            if (tick < ticks)
            {
                await Task.Delay(Tick, time, abort);
            }
        }
    }

    private void Show(string state, string step, string? region, long? done, long? total, string? attempt)
    {
        State = state;
        observer.OnSocketChanged(new SocketSnapshot(socket, state, step, region, done, total, Mac, unitId, time.GetElapsedTime(started), attempt));
    }
}
