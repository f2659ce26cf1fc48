using System.Text.RegularExpressions;
using Fixture.Hal.Serial;

namespace Fixture.Controller.Selftest;

/// <summary>
/// Port names that survive a replug: <c>/dev/serial/by-id/…</c> (the adapter's serial number) and
/// <c>/dev/serial/by-path/…</c> (the USB port) are OK, as is another link (a udev rule) and a Windows
/// <c>COMn</c> (Windows keeps the number per adapter serial number); a bare <c>/dev/ttyUSBn</c> or
/// <c>/dev/ttyACMn</c> is a WARNING, since the numbers follow plug-in order and two sockets can swap
/// after a replug or reboot. The warning names the by-id link that points at the same tty when there is one.
/// </summary>
public sealed partial class PortNameCheck(IReadOnlyList<SelftestSocket> sockets, string deviceRoot = "/dev") : ISelftestCheck
{
    public string Name => "port-name";

    public Task<IReadOnlyList<SelftestFinding>> RunAsync(CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        IReadOnlyList<SelftestFinding> findings = [.. sockets.Select(Judge)];
        return Task.FromResult(findings);
    }

    private SelftestFinding Judge(SelftestSocket socket)
    {
        var port = socket.PortName;
        var byId = Path.Combine(deviceRoot, "serial", "by-id") + "/";
        var byPath = Path.Combine(deviceRoot, "serial", "by-path") + "/";
        if (port.StartsWith(byId, StringComparison.Ordinal))
        {
            return Ok(socket, $"{port} names the adapter by its serial number: stable across replugs.");
        }

        if (port.StartsWith(byPath, StringComparison.Ordinal))
        {
            return Ok(socket, $"{port} names the USB port: stable while the cable stays in that port.");
        }

        if (WindowsComPort().IsMatch(port))
        {
            return Ok(socket, $"{port}: Windows keeps a COM number per adapter serial number.");
        }

        var name = Path.GetFileName(port);
        if (port.StartsWith(deviceRoot + "/", StringComparison.Ordinal) && NumberedTty().IsMatch(name))
        {
            var stable = StableLinkTo(name);
            var instead = stable is not null ? $"use {stable} instead" : $"use its /dev/serial/by-id/ name (ls -l {byId}), or a udev rule";
            return new SelftestFinding(Name, socket.Number, SelftestLevel.Warning, $"{port} is numbered in plug-in order and may name another socket's adapter after a replug or reboot: {instead} in sockets[{socket.Number - 1}].serial.port.");
        }

        var resolved = SerialAdapterIdentity.ResolveLinks(port);
        return Ok(socket, resolved != port ? $"{port} is a link to {resolved} (a udev rule): stable." : $"{port}: not a numbered USB tty; nothing to check.");
    }

    private string? StableLinkTo(string ttyName)
    {
        foreach (var folder in new[] { "by-id", "by-path" })
        {
            var directory = Path.Combine(deviceRoot, "serial", folder);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            var match = Directory.EnumerateFileSystemEntries(directory)
                .Order(StringComparer.Ordinal)
                .FirstOrDefault(link => string.Equals(Path.GetFileName(SerialAdapterIdentity.ResolveLinks(link)), ttyName, StringComparison.Ordinal));
            if (match is not null)
            {
                return match;
            }
        }

        return null;
    }

    private SelftestFinding Ok(SelftestSocket socket, string text) => new(Name, socket.Number, SelftestLevel.Ok, text);

    [GeneratedRegex("^tty(USB|ACM)[0-9]+$")]
    private static partial Regex NumberedTty();

    [GeneratedRegex("^COM[0-9]+$", RegexOptions.IgnoreCase)]
    private static partial Regex WindowsComPort();
}
