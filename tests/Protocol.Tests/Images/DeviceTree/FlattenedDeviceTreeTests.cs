using System.Buffers.Binary;
using Fixture.Protocol.Images;
using Fixture.Protocol.Images.DeviceTree;

namespace Fixture.Protocol.Tests.Images.DeviceTree;

public class FlattenedDeviceTreeTests
{
    private static DeviceTreeNode FactoryTree(uint baud = 2_000_000)
    {
        var root = new DeviceTreeNode(string.Empty)
            .Add("model", "bl bl602 AVB board")
            .Add("compatible", "bl,bl602-sample", "bl,bl602-common")
            .Add("#address-cells", 1u)
            .Add("#size-cells", 1u);
        var uart = root.AddChild("uart@4000A000")
            .Add("status", "okay")
            .Add("id", 0u)
            .Add("compatible", "bl602_uart")
            .Add("path", "/dev/ttyS0")
            .Add("baudrate", baud);
        uart.AddChild("pin").Add("rx", 7u).Add("tx", 16u);
        root.AddChild("uart@4000A100").Add("path", "/dev/ttyS1").Add("baudrate", 115_200u);
        root.AddChild("wifi").AddChild("mac").Add("mode", "MBF").Add("sta_mac_addr", new byte[] { 0xC8, 0x43, 0x57, 0x82, 0x73, 0x40 });
        return root;
    }

    [Fact]
    public void Written_tree_has_a_valid_version_17_header()
    {
        var blob = FlattenedDeviceTree.Write(FactoryTree());

        Assert.Equal(0xD00DFEEDu, BinaryPrimitives.ReadUInt32BigEndian(blob));
        Assert.Equal((uint)blob.Length, BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(4)));
        Assert.Equal(17u, BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(20)));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(24)));
    }

    [Fact]
    public void Tree_round_trips_and_factory_parameters_are_read()
    {
        var parameters = FactoryParameters.Parse(FlattenedDeviceTree.Write(FactoryTree(921_600)));

        Assert.Equal(921_600, parameters.ConsoleBaudRate);
        Assert.Equal(16, parameters.ConsoleTxPin);
        Assert.Equal(7, parameters.ConsoleRxPin);
        Assert.Equal("MBF", parameters.MacMode);
        Assert.Equal(new byte[] { 0xC8, 0x43, 0x57, 0x82, 0x73, 0x40 }, parameters.StationMac);
        Assert.Equal("bl bl602 AVB board", parameters.Root.GetString("model"));
    }

    [Fact]
    public void Tree_can_be_padded_to_an_exact_size()
    {
        var blob = FlattenedDeviceTree.Write(FactoryTree(), totalSize: 5930);

        Assert.Equal(5930, blob.Length);
        Assert.Equal(2_000_000, FactoryParameters.Parse(blob).ConsoleBaudRate);
    }

    [Fact]
    public void Not_a_device_tree_is_refused()
    {
        var error = Assert.Throws<ImageFormatException>(() => FactoryParameters.Parse(new byte[64], "ro_params.dtb"));

        Assert.StartsWith("ro_params.dtb: magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_tree_is_refused()
    {
        var blob = FlattenedDeviceTree.Write(FactoryTree());

        Assert.Throws<ImageFormatException>(() => FlattenedDeviceTree.Parse(blob.AsSpan(0, blob.Length - 40)));
    }

    [Fact]
    public void Corrupt_structure_token_is_refused()
    {
        var blob = FlattenedDeviceTree.Write(FactoryTree());
        var structOffset = (int)BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(structOffset), 7);

        var error = Assert.Throws<ImageFormatException>(() => FlattenedDeviceTree.Parse(blob));

        Assert.Contains("BEGIN_NODE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_parameters_without_a_console_uart_are_refused()
    {
        var root = new DeviceTreeNode(string.Empty).Add("model", "x");

        var error = Assert.Throws<ImageFormatException>(() => FactoryParameters.Parse(FlattenedDeviceTree.Write(root)));

        Assert.Contains("no console UART", error.Message, StringComparison.Ordinal);
    }
}
