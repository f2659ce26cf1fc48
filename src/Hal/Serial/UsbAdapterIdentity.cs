namespace Fixture.Hal.Serial;

/// <summary>
/// The USB identity of a serial port on Linux, read from sysfs (issue 14 §2: the learned loader rate is kept per
/// adapter). <see cref="Key"/> is the stable name: "usb:vid:pid:serial" when the adapter has a serial number, else
/// its /dev/serial/by-id link, else the tty (a by-path or bare tty name moves with the USB port it is in).
/// </summary>
public sealed record UsbAdapterIdentity(string Tty, string? VendorId, string? ProductId, string? Manufacturer, string? Product, string? Serial, string? ByIdPath)
{
    public string Key =>
        VendorId is not null && ProductId is not null && !string.IsNullOrEmpty(Serial) ? $"usb:{VendorId}:{ProductId}:{Serial}".ToLowerInvariant()
        : ByIdPath ?? Tty;

    /// <summary>
    /// Looks <paramref name="portName"/> (a tty, or a by-id / by-path link) up under <paramref name="sysfsRoot"/>
    /// ("/sys") and <paramref name="devRoot"/> ("/dev"); both are parameters so tests can lay out a fake tree.
    /// A port with no USB device behind it (a pty, a built-in UART) has only <see cref="Tty"/>.
    /// </summary>
    public static UsbAdapterIdentity Lookup(string portName, string sysfsRoot = "/sys", string devRoot = "/dev")
    {
        var tty = SerialAdapterIdentity.ResolveLinks(portName);
        var ttyName = Path.GetFileName(tty);
        var byId = FindById(ttyName, devRoot);
        var usb = SerialAdapterIdentity.FindUsbDevice(ttyName, sysfsRoot);
        if (usb is null)
        {
            return new UsbAdapterIdentity(tty, null, null, null, null, null, byId);
        }

        return new UsbAdapterIdentity(tty, Read(usb, "idVendor"), Read(usb, "idProduct"), Read(usb, "manufacturer"), Read(usb, "product"), Read(usb, "serial"), byId);
    }

    private static string? FindById(string ttyName, string devRoot)
    {
        var folder = Path.Combine(devRoot, "serial", "by-id");
        if (!Directory.Exists(folder))
        {
            return null;
        }

        return Directory.EnumerateFileSystemEntries(folder)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault(link => Path.GetFileName(SerialAdapterIdentity.ResolveLinks(link)) == ttyName);
    }

    private static string? Read(string dir, string attribute) => SerialAdapterIdentity.ReadAttribute(dir, attribute) is { Length: > 0 } value ? value : null;
}
