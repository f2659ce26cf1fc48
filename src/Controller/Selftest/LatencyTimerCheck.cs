using System.Globalization;
using Fixture.Hal.Serial;

namespace Fixture.Controller.Selftest;

/// <summary>
/// The FTDI latency timer where Linux exposes it (<c>/sys/bus/usb-serial/devices/ttyUSBn/latency_timer</c>,
/// also reached as <c>/sys/class/tty/ttyUSBn/device/latency_timer</c>): above
/// <see cref="MaxMilliseconds"/> (2 ms) every reply can sit that long in the adapter, which slows each
/// handshake and flash frame. Adapters without the file (CH340, CP210x, simulated ports) are OK with a
/// note. <paramref name="sysfsRoot"/> and <paramref name="deviceRoot"/> are injectable for tests.
/// </summary>
public sealed class LatencyTimerCheck(IReadOnlyList<SelftestSocket> sockets, string sysfsRoot = "/sys") : ISelftestCheck
{
    public const int MaxMilliseconds = 2;

    public string Name => "latency-timer";

    public Task<IReadOnlyList<SelftestFinding>> RunAsync(CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        IReadOnlyList<SelftestFinding> findings = [.. sockets.Select(Judge)];
        return Task.FromResult(findings);
    }

    private SelftestFinding Judge(SelftestSocket socket)
    {
        var tty = Path.GetFileName(SerialAdapterIdentity.ResolveLinks(socket.PortName));
        var file = new[]
        {
            Path.Combine(sysfsRoot, "bus", "usb-serial", "devices", tty, "latency_timer"),
            Path.Combine(sysfsRoot, "class", "tty", tty, "device", "latency_timer"),
        }.FirstOrDefault(File.Exists);
        if (file is null)
        {
            return new SelftestFinding(Name, socket.Number, SelftestLevel.Ok, $"{socket.PortName}: no latency_timer in sysfs (not an FTDI adapter on Linux); nothing to check.");
        }

        string text;
        try
        {
            text = File.ReadAllText(file).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SelftestFinding(Name, socket.Number, SelftestLevel.Warning, $"cannot read {file}: {ex.Message} Check the permissions, or set the timer with a udev rule (docs/operator-guide.md).");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return new SelftestFinding(Name, socket.Number, SelftestLevel.Warning, $"{file} holds '{text}', not a number of milliseconds. Check the adapter's driver.");
        }

        return milliseconds > MaxMilliseconds
            ? new SelftestFinding(Name, socket.Number, SelftestLevel.Warning, $"{tty} ({socket.PortName}) has an FTDI latency timer of {milliseconds} ms (above {MaxMilliseconds} ms): replies wait up to {milliseconds} ms in the adapter. Set it to 1: echo 1 | sudo tee {file}, and make it permanent with a udev rule (docs/operator-guide.md).")
            : new SelftestFinding(Name, socket.Number, SelftestLevel.Ok, $"{tty} latency timer {milliseconds} ms.");
    }
}
