using Fixture.Simulator.Flash;

namespace Fixture.Simulator.Sdk;

/// <summary>The console UART as vfs_uart_init sets it from the factory tree.</summary>
/// <param name="Id">UART id (0 is the console on GPIO16/7).</param>
/// <param name="Baud">The first cell of "baudrate".</param>
/// <param name="TxPin">pin/tx, or null when the node has none.</param>
public readonly record struct UartSetting(int Id, int Baud, int? TxPin);

/// <summary>
/// What the SDK reads from the factory parameters on the device side: the "factory" partition of the
/// active table (hal_board_cfg: without that entry the firmware loops forever), its device tree
/// (<see cref="FdtReader"/>), the wifi/mac node (hal_board_load_fdt_info) and the console UART
/// (vfs_uart.c fdt_uart_module_init: uart/uart@4000A000 with status "okay", one path string, baudrate, id).
/// </summary>
public sealed record FactoryTree(FdtNode? Root, string? Problem, bool EntryMissing)
{
    public const string PartitionName = "factory";

    /// <summary>Reads the tree the firmware would use from <paramref name="flash"/> through <paramref name="table"/>.</summary>
    public static FactoryTree Read(ISpiFlash flash, PtTable table)
    {
        var entry = table.ByName(PartitionName);
        if (entry is null)
        {
            return new FactoryTree(null, "the partition table has no \"factory\" entry", true);
        }

        var address = entry.ActiveAddress;
        var size = (int)Math.Min(entry.ActiveMaxLen, (uint)Math.Max(0, flash.Size - (long)address));
        var bytes = new byte[Math.Max(0, size)];
        if (bytes.Length > 0)
        {
            flash.Read(address, bytes);
        }

        var tree = FdtReader.TryRead(bytes, out var problem);
        return new FactoryTree(tree?.Root, tree is null ? $"factory parameters at 0x{address:X}: {problem}" : null, false);
    }

    /// <summary>wifi/mac, or null (no tree, no wifi node, no mac node: update_mac_config is not called).</summary>
    public FdtNode? MacNode => Root?.Subnode("wifi")?.Subnode("mac");

    /// <summary>uart/uart@4000A000 as fdt_uart_module_init accepts it, or null (the console keeps its early rate).</summary>
    public UartSetting? ConsoleUart
    {
        get
        {
            var node = Root?.Subnode("uart")?.Subnode("uart@4000A000");
            if (node is null || node.StringListCount("status") != 1 || node.StringListGet("status", 0) != "okay"
                || node.StringListCount("path") != 1 || node.FirstCell("baudrate") is not { } baud || node.FirstCell("id") is not { } id)
            {
                return null;
            }

            var tx = node.Subnode("pin")?.FirstCell("tx");
            return new UartSetting((byte)id, (int)baud, tx is { } pin ? (int)pin : null);
        }
    }
}
