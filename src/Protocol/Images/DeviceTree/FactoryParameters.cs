namespace Fixture.Protocol.Images.DeviceTree;

/// <summary>
/// The factory parameters (ro_params.dtb, compiled from bl_factory_params_*.dts) that the firmware
/// reads at boot: above all the console UART's baud rate (uart@4000A000, /dev/ttyS0), which is the
/// rate the boot log must be read at, and the MAC selection of the wifi/mac node.
/// </summary>
public sealed record FactoryParameters(DeviceTreeNode Root)
{
    /// <summary>
    /// The console UART node: the uart node whose path is /dev/ttyS0, else uart@4000A000. The SDK's
    /// bl_factory_params_*.dts nest the uart@ nodes in a "uart" node (vfs_uart_init looks them up
    /// there); flat trees with uart@ nodes under the root are accepted too.
    /// </summary>
    public DeviceTreeNode? ConsoleUart =>
        UartNodes.FirstOrDefault(n => n.GetString("path") == "/dev/ttyS0")
        ?? UartNodes.FirstOrDefault(n => string.Equals(n.Name, "uart@4000A000", StringComparison.OrdinalIgnoreCase));

    private IEnumerable<DeviceTreeNode> UartNodes =>
        (Root.Child("uart")?.Children ?? []).Concat(Root.Children)
            .Where(n => n.Name.StartsWith("uart@", StringComparison.OrdinalIgnoreCase));

    /// <summary>baudrate of the console UART, or null when the tree has none.</summary>
    public int? ConsoleBaudRate => ConsoleUart?.GetUInt32("baudrate") is { } baud ? (int)baud : null;

    public int? ConsoleTxPin => ConsoleUart?.Find("pin")?.GetUInt32("tx") is { } pin ? (int)pin : null;

    public int? ConsoleRxPin => ConsoleUart?.Find("pin")?.GetUInt32("rx") is { } pin ? (int)pin : null;

    /// <summary>wifi/mac mode, e.g. "MBF" (manufacturer eFuse slot, built-in eFuse, then the device tree).</summary>
    public string? MacMode => Root.Find("wifi/mac")?.GetString("mode");

    /// <summary>wifi/mac sta_mac_addr (6 bytes), or null.</summary>
    public byte[]? StationMac => Root.Find("wifi/mac")?.GetProperty("sta_mac_addr") is { Length: 6 } mac ? mac : null;

    /// <summary>wifi/mac ap_mac_addr (6 bytes), or null.</summary>
    public byte[]? AccessPointMac => Root.Find("wifi/mac")?.GetProperty("ap_mac_addr") is { Length: 6 } mac ? mac : null;

    /// <summary>True when the tree has a wifi/mac node (without one the SDK sets no MAC at all).</summary>
    public bool HasMacNode => Root.Find("wifi/mac") is not null;

    /// <summary>
    /// wifi/mac mode as the SDK's fdt_stringlist_count/get see it: every NUL-terminated string of the
    /// property; null when the property is absent or does not end with a NUL (the SDK then counts an error).
    /// </summary>
    public IReadOnlyList<string>? MacModeStrings
    {
        get
        {
            if (Root.Find("wifi/mac")?.GetProperty("mode") is not { Length: > 0 } raw || raw[^1] != 0)
            {
                return null;
            }

            return System.Text.Encoding.ASCII.GetString(raw, 0, raw.Length - 1).Split('\0');
        }
    }

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
