namespace Fixture.Hal.Serial;

/// <summary>
/// What adapter a port name really is, for the report: the stable name is resolved to its tty, and
/// the tty's USB device in sysfs gives vendor:product, maker, product and serial number.
/// </summary>
public static class SerialAdapterIdentity
{
    public static string Describe(string portName, string sysfsRoot = "/sys")
    {
        if (OperatingSystem.IsWindows())
        {
            return portName;
        }

        var tty = ResolveLinks(portName);
        var usb = FindUsbDevice(Path.GetFileName(tty), sysfsRoot);
        if (usb is null)
        {
            return tty == portName ? $"{tty} (no USB identity)" : $"{tty} via {portName} (no USB identity)";
        }

        var parts = new List<string> { $"USB {ReadAttribute(usb, "idVendor")}:{ReadAttribute(usb, "idProduct")}" };
        parts.AddRange(new[] { ReadAttribute(usb, "manufacturer"), ReadAttribute(usb, "product") }.Where(p => p.Length > 0));
        if (ReadAttribute(usb, "serial") is { Length: > 0 } serial)
        {
            parts.Add($"serial {serial}");
        }

        return $"{string.Join(' ', parts)} ({tty})";
    }

    /// <summary>Follows symlinks (by-id → ../../ttyUSB0) to the device node, without needing it to exist.</summary>
    public static string ResolveLinks(string path)
    {
        var current = path;
        for (var hops = 0; hops < 40; hops++)
        {
            string? target;
            try
            {
                target = new FileInfo(current).LinkTarget;
            }
            catch (IOException)
            {
                return current;
            }

            if (target is null)
            {
                return current;
            }

            current = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current) ?? "/", target));
        }

        return current;
    }

    internal static string? FindUsbDevice(string ttyName, string sysfsRoot)
    {
        var deviceLink = Path.Combine(sysfsRoot, "class", "tty", ttyName, "device");
        if (!Directory.Exists(deviceLink))
        {
            return null;
        }

        // The tty's device is a USB interface (or a child of one); the USB device with idVendor is above it.
        for (var dir = ResolveLinks(deviceLink); dir.Length > sysfsRoot.Length; dir = Path.GetDirectoryName(dir) ?? "")
        {
            if (File.Exists(Path.Combine(dir, "idVendor")))
            {
                return dir;
            }
        }

        return null;
    }

    internal static string ReadAttribute(string dir, string attribute)
    {
        var file = Path.Combine(dir, attribute);
        try
        {
            return File.Exists(file) ? File.ReadAllText(file).Trim() : "";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

}
