using Fixture.Hal.Serial;

namespace Fixture.Hal.Tests;

/// <summary>The real System.IO.Ports link against a Linux pseudo-terminal pair (skipped where there is none).</summary>
[Trait("Category", "RealTime")]
public sealed class SerialPortLinkTests
{
    // Linux termios speed constants.
    private const uint B115200 = 0x1002;
    private const uint B500000 = 0x1005;
    private const uint B2000000 = 0x100B;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private static PseudoTerminal OpenPty()
    {
        var pty = PseudoTerminal.TryOpen();
        Skip.If(pty is null, "pseudo-terminals are not available on this machine");
        return pty!;
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }

    private static byte[] EveryByteValue() => [.. Enumerable.Range(0, 256).Select(i => (byte)i)];

    [SkippableFact]
    public async Task Open_exchanges_every_byte_value_both_ways_untranslated()
    {
        using var pty = OpenPty();
        using var link = new SerialPortLink(pty.SlavePath, "socket 1");

        link.Open(500_000);
        pty.Write(EveryByteValue());
        var received = await ReadExactlyAsync(link.Stream, 256);
        await link.Stream.WriteAsync(EveryByteValue());
        await link.Stream.FlushAsync();
        var sent = pty.Read(256, Patience);

        Assert.True(link.IsOpen);
        Assert.Equal(EveryByteValue(), received);
        Assert.Equal(EveryByteValue(), sent);
    }

    [SkippableFact]
    public async Task The_baud_rate_changes_on_the_open_port_and_the_stream_stays_the_same()
    {
        using var pty = OpenPty();
        using var link = new SerialPortLink(pty.SlavePath);
        link.Open(500_000);
        var stream = link.Stream;
        Assert.Equal(B500000, pty.OutputSpeedConstant());

        link.SetBaudRate(2_000_000);

        Assert.Equal(2_000_000, link.BaudRate);
        Assert.Equal(B2000000, pty.OutputSpeedConstant());
        Assert.Same(stream, link.Stream);
        pty.Write("OK"u8);
        Assert.Equal("OK"u8.ToArray(), await ReadExactlyAsync(link.Stream, 2));
    }

    [SkippableFact]
    public async Task The_port_reopens_at_another_baud()
    {
        using var pty = OpenPty();
        using var link = new SerialPortLink(pty.SlavePath);
        link.Open(2_000_000);
        link.Close();
        Assert.False(link.IsOpen);

        link.Open(115_200);

        Assert.Equal(115_200, link.BaudRate);
        Assert.Equal(B115200, pty.OutputSpeedConstant());
        await link.Stream.WriteAsync(new byte[] { 0x55, 0x55 });
        Assert.Equal(new byte[] { 0x55, 0x55 }, pty.Read(2, Patience));
    }

    [SkippableFact]
    public async Task A_port_already_open_is_busy_and_the_first_link_keeps_working()
    {
        using var pty = OpenPty();
        using var first = new SerialPortLink(pty.SlavePath, "socket 1");
        using var second = new SerialPortLink(pty.SlavePath, "socket 2");
        first.Open(500_000);

        var error = Assert.Throws<HardwareFaultException>(() => second.Open(500_000));

        Assert.Contains(pty.SlavePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("busy", error.Message, StringComparison.Ordinal);
        Assert.Contains("socket 2", error.Message, StringComparison.Ordinal);
        Assert.False(second.IsOpen);
        pty.Write([0x4F]);
        Assert.Equal(new byte[] { 0x4F }, await ReadExactlyAsync(first.Stream, 1));
    }

    [SkippableFact]
    public void A_closed_port_can_be_opened_by_the_next_link()
    {
        using var pty = OpenPty();
        using (var first = new SerialPortLink(pty.SlavePath))
        {
            first.Open(500_000);
        }

        using var second = new SerialPortLink(pty.SlavePath);
        second.Open(500_000);

        Assert.True(second.IsOpen);
    }

    [Fact]
    public void A_missing_port_says_which_and_what_to_check()
    {
        using var link = new SerialPortLink("/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_NOPE-if00-port0", "socket 3");

        var error = Assert.Throws<HardwareFaultException>(() => link.Open(500_000));

        Assert.Contains("/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_NOPE-if00-port0", error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("socket 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("USB cable", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_port_that_vanishes_while_open_fails_with_a_fixture_fault_naming_it()
    {
        using var pty = OpenPty();
        using var link = new SerialPortLink(pty.SlavePath, "socket 4");
        link.Open(500_000);
        var pending = ReadExactlyAsync(link.Stream, 1);

        pty.CloseMaster();

        var error = await Assert.ThrowsAsync<HardwareFaultException>(() => pending);
        Assert.Contains("socket 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("USB cable", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Modem_control_on_a_pseudo_terminal_is_refused_clearly_or_skipped()
    {
        using var pty = OpenPty();
        using var link = new SerialPortLink(pty.SlavePath, "socket 1");
        link.Open(500_000);

        HardwareFaultException? error = null;
        try
        {
            link.DataTerminalReady = true;
        }
        catch (HardwareFaultException ex)
        {
            error = ex;
        }

        Skip.If(error is null, "this kernel's pseudo-terminals accept modem-line control");
        Assert.Contains("DTR", error!.Message, StringComparison.Ordinal);
        Assert.Contains("no modem-control lines", error.Message, StringComparison.Ordinal);
        Assert.Contains(pty.SlavePath, error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_break_can_be_held_and_released_on_the_open_port()
    {
        using var pty = OpenPty();
        using var link = new SerialPortLink(pty.SlavePath);
        link.Open(500_000);

        link.SetBreak(true);
        link.SetBreak(false);

        Assert.True(link.IsOpen);
    }

    [Fact]
    public void The_adapter_identity_comes_from_the_usb_device_behind_a_by_id_name()
    {
        var root = Directory.CreateTempSubdirectory("fixture-sysfs");
        try
        {
            // A fake sysfs: class/tty/ttyUSB7/device -> the USB interface, whose parent is the USB device.
            var usb = Directory.CreateDirectory(Path.Combine(root.FullName, "devices", "pci0000:00", "usb1", "1-1"));
            var iface = Directory.CreateDirectory(Path.Combine(usb.FullName, "1-1:1.0", "ttyUSB7"));
            File.WriteAllText(Path.Combine(usb.FullName, "idVendor"), "0403\n");
            File.WriteAllText(Path.Combine(usb.FullName, "idProduct"), "6001\n");
            File.WriteAllText(Path.Combine(usb.FullName, "manufacturer"), "FTDI\n");
            File.WriteAllText(Path.Combine(usb.FullName, "product"), "FT232R USB UART\n");
            File.WriteAllText(Path.Combine(usb.FullName, "serial"), "A50285BI\n");
            var tty = Directory.CreateDirectory(Path.Combine(root.FullName, "class", "tty", "ttyUSB7"));
            Directory.CreateSymbolicLink(Path.Combine(tty.FullName, "device"), Path.GetRelativePath(tty.FullName, Path.GetDirectoryName(iface.FullName)!));
            var dev = Directory.CreateDirectory(Path.Combine(root.FullName, "dev"));
            File.WriteAllText(Path.Combine(dev.FullName, "ttyUSB7"), "");
            var byId = Directory.CreateDirectory(Path.Combine(dev.FullName, "serial", "by-id"));
            var stable = Path.Combine(byId.FullName, "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0");
            File.CreateSymbolicLink(stable, "../../ttyUSB7");

            var identity = SerialAdapterIdentity.Describe(stable, root.FullName);

            Assert.Equal($"USB 0403:6001 FTDI FT232R USB UART serial A50285BI ({Path.Combine(dev.FullName, "ttyUSB7")})", identity);
            using var link = new SerialPortLink(stable, "socket 1", root.FullName);
            Assert.Equal(identity, link.AdapterIdentity);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public void A_pseudo_terminal_has_no_usb_identity()
    {
        using var pty = OpenPty();

        Assert.Equal($"{pty.SlavePath} (no USB identity)", SerialAdapterIdentity.Describe(pty.SlavePath));
    }
}
