namespace Fixture.Protocol.Images.DeviceTree;

/// <summary>
/// The factory parameters (ro_params.dtb, compiled from bl_factory_params_*.dts) that the firmware
/// reads at boot: above all the console UART's baud rate (uart@4000A000, /dev/ttyS0), which is the
/// rate the boot log must be read at, and the MAC selection of the wifi/mac node.
/// </summary>
public sealed record FactoryParameters(DeviceTreeNode Root)
{
    /// <summary>The console UART node: the uart node whose path is /dev/ttyS0, else uart@4000A000.</summary>
    public DeviceTreeNode? ConsoleUart =>
        Root.Children.FirstOrDefault(n => n.Name.StartsWith("uart@", StringComparison.OrdinalIgnoreCase) && n.GetString("path") == "/dev/ttyS0")
        ?? Root.Child("uart@4000A000");

    /// <summary>baudrate of the console UART, or null when the tree has none.</summary>
    public int? ConsoleBaudRate => ConsoleUart?.GetUInt32("baudrate") is { } baud ? (int)baud : null;

    public int? ConsoleTxPin => ConsoleUart?.Find("pin")?.GetUInt32("tx") is { } pin ? (int)pin : null;

    public int? ConsoleRxPin => ConsoleUart?.Find("pin")?.GetUInt32("rx") is { } pin ? (int)pin : null;

    /// <summary>wifi/mac mode, e.g. "MBF" (manufacturer eFuse slot, built-in eFuse, then the device tree).</summary>
    public string? MacMode => Root.Find("wifi/mac")?.GetString("mode");

    /// <summary>wifi/mac sta_mac_addr (6 bytes), or null.</summary>
    public byte[]? StationMac => Root.Find("wifi/mac")?.GetProperty("sta_mac_addr") is { Length: 6 } mac ? mac : null;

    public static FactoryParameters Parse(ReadOnlySpan<byte> bytes, string what = "factory parameters")
    {
        var root = FlattenedDeviceTree.Parse(bytes, what);
        var parameters = new FactoryParameters(root);
        if (parameters.ConsoleUart is null)
        {
            throw new ImageFormatException($"{what}: no console UART node (uart@4000A000 with path /dev/ttyS0)");
        }

        if (parameters.ConsoleBaudRate is not { } baud || baud <= 0)
        {
            throw new ImageFormatException($"{what}: the console UART node has no valid baudrate property");
        }

        return parameters;
    }
}
