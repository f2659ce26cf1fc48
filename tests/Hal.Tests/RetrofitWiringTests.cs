using Fixture.Hal.Lines;
using Fixture.Hal.Serial;

namespace Fixture.Hal.Tests;

/// <summary>Issue 14: sockets without relays (manual, none) and the adapter identity the learned baud is kept by.</summary>
public sealed class RetrofitWiringTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "fixture-sysfs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Manual_download_mode_waits_for_the_operators_key_then_says_release_BOOT_without_waiting()
    {
        var prompt = new ScriptedPrompt();
        var socket = new ManualSocketSequences(prompt, "socket 1");

        var entering = socket.EnterDownloadModeAsync(CancellationToken.None);
        Assert.False(entering.IsCompleted);
        prompt.PressEnter();
        await entering;
        await socket.ReleaseBootAsync(CancellationToken.None);

        Assert.Equal(
            [new OperatorInstruction("socket 1", "Hold BOOT and plug the unit in, then press Enter", true), new OperatorInstruction("socket 1", "Release BOOT", false)],
            prompt.Shown);
    }

    [Fact]
    public async Task Manual_power_off_says_unplug_and_does_not_hold_the_verdict_for_the_key()
    {
        var prompt = new ScriptedPrompt();

        var off = new ManualSocketSequences(prompt, "socket 1").PowerOffAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.True(off.IsCompletedSuccessfully);
        Assert.Equal(new OperatorInstruction("socket 1", "Unplug the unit", false), Assert.Single(prompt.Shown));
        Assert.Null((await off).Discharged);
    }

    [Fact]
    public async Task Abort_ends_a_manual_wait_for_the_key()
    {
        var prompt = new ScriptedPrompt();
        using var abort = new CancellationTokenSource();
        var entering = new ManualSocketSequences(prompt, "socket 2").EnterDownloadModeAsync(abort.Token);

        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => entering);
    }

    [Fact]
    public async Task Wiring_none_drives_nothing_and_leaves_booting_to_flash_boot()
    {
        var none = new NoLineSequences();

        Assert.False(none.CanBootFirmware);
        Assert.True(none.EnterDownloadModeAsync(CancellationToken.None).IsCompletedSuccessfully);
        var off = await none.PowerOffAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(TimeSpan.Zero, off.OffTime);
        Assert.Null(off.Discharged);
    }

    [Fact]
    public void A_USB_adapter_with_a_serial_number_is_keyed_by_vid_pid_and_serial_and_its_by_id_link_is_found()
    {
        var usb = FakeUsbTty("ttyUSB0", "10c4", "ea60", "Silicon Labs", "CP2102N USB to UART Bridge Controller", "a4c1b2");
        var dev = Path.Combine(root, "dev");
        Directory.CreateDirectory(Path.Combine(dev, "serial", "by-id"));
        File.WriteAllText(Path.Combine(dev, "ttyUSB0"), "");
        var byId = Path.Combine(dev, "serial", "by-id", "usb-Silicon_Labs_CP2102N-if00-port0");
        File.CreateSymbolicLink(byId, "../../ttyUSB0");

        var identity = UsbAdapterIdentity.Lookup(byId, usb, dev);

        Assert.Equal("10c4", identity.VendorId);
        Assert.Equal("ea60", identity.ProductId);
        Assert.Equal("CP2102N USB to UART Bridge Controller", identity.Product);
        Assert.Equal("usb:10c4:ea60:a4c1b2", identity.Key);
        Assert.Equal(byId, identity.ByIdPath);
    }

    [Fact]
    public void An_adapter_without_a_serial_number_is_keyed_by_its_by_id_link_and_a_pty_by_its_name()
    {
        var usb = FakeUsbTty("ttyUSB1", "1a86", "7523", "", "USB Serial", "");
        var dev = Path.Combine(root, "dev");
        Directory.CreateDirectory(Path.Combine(dev, "serial", "by-id"));
        File.WriteAllText(Path.Combine(dev, "ttyUSB1"), "");
        var byId = Path.Combine(dev, "serial", "by-id", "usb-1a86_USB_Serial-if00-port0");
        File.CreateSymbolicLink(byId, "../../ttyUSB1");

        Assert.Equal(byId, UsbAdapterIdentity.Lookup(Path.Combine(dev, "ttyUSB1"), usb, dev).Key);
        var pty = UsbAdapterIdentity.Lookup("/dev/pts/7", usb, dev);
        Assert.Equal("/dev/pts/7", pty.Key);
        Assert.Null(pty.VendorId);
    }

    /// <summary>/sys/class/tty/NAME/device → ../../devices/usb1/1-1/1-1:1.0/NAME, with idVendor etc. on 1-1.</summary>
    private string FakeUsbTty(string name, string vid, string pid, string maker, string product, string serial)
    {
        var sys = Path.Combine(root, "sys");
        var usbDevice = Path.Combine(sys, "devices", "usb1", "1-1" + name);
        var iface = Path.Combine(usbDevice, "1-1:1.0", name);
        Directory.CreateDirectory(iface);
        File.WriteAllText(Path.Combine(usbDevice, "idVendor"), vid + "\n");
        File.WriteAllText(Path.Combine(usbDevice, "idProduct"), pid + "\n");
        File.WriteAllText(Path.Combine(usbDevice, "manufacturer"), maker + "\n");
        File.WriteAllText(Path.Combine(usbDevice, "product"), product + "\n");
        if (serial.Length > 0)
        {
            File.WriteAllText(Path.Combine(usbDevice, "serial"), serial + "\n");
        }

        var classTty = Path.Combine(sys, "class", "tty", name);
        Directory.CreateDirectory(classTty);
        Directory.CreateSymbolicLink(Path.Combine(classTty, "device"), iface);
        return sys;
    }

    private sealed class ScriptedPrompt : IOperatorPrompt
    {
        private TaskCompletionSource? _key;

        public List<OperatorInstruction> Shown { get; } = [];

        public Task ShowAsync(OperatorInstruction instruction, CancellationToken cancellationToken)
        {
            Shown.Add(instruction);
            if (!instruction.WaitsForKey)
            {
                return Task.CompletedTask;
            }

            _key = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cancellationToken.Register(() => _key.TrySetCanceled(cancellationToken));
            return _key.Task;
        }

        public void PressEnter() => _key!.TrySetResult();
    }
}
