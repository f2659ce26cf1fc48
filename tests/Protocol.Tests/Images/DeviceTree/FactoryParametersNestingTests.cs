using Fixture.Protocol.Images.DeviceTree;

namespace Fixture.Protocol.Tests.Images.DeviceTree;

public class FactoryParametersNestingTests
{
    [Fact]
    public void Console_uart_nested_in_a_uart_node_as_in_the_SDK_dts_is_found()
    {
        var root = new DeviceTreeNode(string.Empty).Add("model", "bl bl602 AVB board");
        var uart = root.AddChild("uart").Add("#address-cells", 1u).Add("#size-cells", 1u);
        uart.AddChild("uart@4000A000").Add("status", "okay").Add("path", "/dev/ttyS0").Add("baudrate", 921_600u).AddChild("pin").Add("rx", 7u).Add("tx", 16u);
        uart.AddChild("uart@4000A100").Add("status", "okay").Add("path", "/dev/ttyS1").Add("baudrate", 115_200u);

        var parameters = FactoryParameters.Parse(FlattenedDeviceTree.Write(root));

        Assert.Equal("uart@4000A000", parameters.ConsoleUart!.Name);
        Assert.Equal(921_600, parameters.ConsoleBaudRate);
        Assert.Equal(16, parameters.ConsoleTxPin);
    }
}
