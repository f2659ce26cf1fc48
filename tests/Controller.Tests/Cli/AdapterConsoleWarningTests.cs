using Fixture.Controller.Cli;
using Fixture.Hal.Configuration;

namespace Fixture.Controller.Tests.Cli;

/// <summary>Issue 14 §2: `config validate` says once that an original CP2102 cannot read OpenBL602's 2 Mbaud console.</summary>
public sealed class AdapterConsoleWarningTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fixture-sysfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("CP2102 USB to UART Bridge Controller", true)]
    [InlineData("CP2102N USB to UART Bridge Controller", false)]
    public void Only_an_adapter_whose_documented_rates_lack_the_console_rate_is_named(string product, bool warned)
    {
        var sys = FakeUsbTty("ttyUSB3", "10c4", "ea60", product);
        var config = new StationConfig { Sockets = [new SocketConfig { Serial = new SerialConfig { Port = "/dev/ttyUSB3" } }] };

        var warnings = ConfigCommands.AdapterConsoleWarnings(config, recipeConsoleBaud: 2_000_000, composition: null, sys, Path.Combine(_root, "dev")).ToList();

        if (warned)
        {
            var line = Assert.Single(warnings);
            Assert.Contains("FIXTURE_FAULT ahead: socket 1: this adapter cannot read OpenBL602's 2 Mbaud console: the boot check is impossible; use a CP2102N, CH340 or FT232R (CP2102 on /dev/ttyUSB3)", line, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(warnings);
        }
    }

    /// <summary>/sys/class/tty/NAME/device → a USB interface whose parent has idVendor, idProduct and product.</summary>
    private string FakeUsbTty(string name, string vid, string pid, string product)
    {
        var sys = Path.Combine(_root, "sys");
        var usbDevice = Path.Combine(sys, "devices", "usb1", "1-1");
        var iface = Path.Combine(usbDevice, "1-1:1.0", name);
        Directory.CreateDirectory(iface);
        File.WriteAllText(Path.Combine(usbDevice, "idVendor"), vid + "\n");
        File.WriteAllText(Path.Combine(usbDevice, "idProduct"), pid + "\n");
        File.WriteAllText(Path.Combine(usbDevice, "product"), product + "\n");
        var classTty = Path.Combine(sys, "class", "tty", name);
        Directory.CreateDirectory(classTty);
        Directory.CreateSymbolicLink(Path.Combine(classTty, "device"), iface);
        return sys;
    }
}
