using System.Text;
using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Images;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Wire;
using Fixture.Simulator.Timing;

namespace Fixture.Simulator.Tests.Integration;

/// <summary>
/// The project's host clients (branch wire) flash the synthetic bundle (branch simboot) into a
/// simulated unit in modelled time, verify it, and the unit then boots OpenBL602 from it.
/// </summary>
public class HostFlashingTests
{
    [Fact]
    public void The_host_clients_flash_and_verify_the_synthetic_bundle_and_the_unit_boots_openbl602()
    {
        var socket = new SimulatedSocket();
        var plan = SimulatedSocket.VendorPlan();
        var log = VirtualTime.Run(socket.Clock, async () =>
        {
            var clock = socket.Clock;
            socket.Link.Open(500_000);
            socket.Unit.SetBootStrap(true);
            socket.Unit.SetPower(true);
            socket.Link.RequestToSend = true;
            await Task.Delay(TimeSpan.FromMilliseconds(10), clock);
            socket.Link.RequestToSend = false;
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock);

            using var channel = new ByteChannel(socket.Link.Stream, clock, socket.Link.PortName);
            var bootrom = new BootromClient(channel, clock);
            await bootrom.HandshakeAsync(500_000);
            var info = await bootrom.GetBootInfoAsync();
            Assert.False(info.IsLoaderRunning);
            await bootrom.LoadHelperAsync(HelperImage.Parse(socket.Assets.Helper));
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock);
            socket.Link.SetBaudRate(2_000_000);
            var loader = new LoaderClient(channel, clock);
            await loader.HandshakeAsync(2_000_000);
            // 0x42 reads eFuse slot 0, the chip id; the firmware uses the factory MAC in slot 1 (SSID below).
            Assert.Equal([0xAC, 0xD8, 0x29, 0x6B, 0xB7, 0xED], (await loader.ReadMacAsync()).ToBytes());
            var result = await new Flasher(loader).RunAsync(plan);
            Assert.True(result.Succeeded, result.Failure?.Reason);

            // Release BOOT and pulse CHIP_EN; the console runs at the dtb's 2 000 000 baud.
            socket.Unit.SetBootStrap(false);
            socket.Link.RequestToSend = true;
            await Task.Delay(TimeSpan.FromMilliseconds(10), clock);
            channel.DiscardInput();
            socket.Link.RequestToSend = false;
            var captured = new List<byte>();
            var buffer = new byte[4096];
            var until = clock.GetTimestamp() + (long)(7.5 * clock.TimestampFrequency);
            while (clock.GetTimestamp() < until)
            {
                var n = await channel.ReadAvailableAsync(buffer, TimeSpan.FromMilliseconds(500), CancellationToken.None);
                captured.AddRange(buffer.AsSpan(0, n).ToArray());
            }

            return Encoding.ASCII.GetString([.. captured]);
        });

        foreach (var region in plan.Regions)
        {
            Assert.True(socket.Unit.Flash.View(region.Address, region.Data.Length).SequenceEqual(region.Data.Span), region.Name);
        }

        var ap = log.IndexOf("[WF][SM] start AP with ssid OpenBL602_971E9666;", StringComparison.Ordinal);
        Assert.True(ap >= 0, "no AP start line in:\n" + log);
        Assert.True(log.IndexOf("Boot complete time reached", ap, StringComparison.Ordinal) > ap, "no boot complete after the AP start in:\n" + log);
    }
}
