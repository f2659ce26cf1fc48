using System.IO.Ports;
using System.Text;
using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Images;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Wire;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Timing;
using Fixture.Simulator.Uart;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests.Integration;

/// <summary>
/// `fixture sim serve --pty`'s server: a real System.IO.Ports.SerialPort on the pseudo-terminal
/// flashes and verifies the synthetic bundle, in real time. Skipped only where the machine has no
/// pseudo-terminals. Real time at scale 1 with the bootrom's longest sensible reply timeout, so a
/// loaded CI machine slows the test down instead of failing it.
/// </summary>
[Trait("Category", "RealTime")]
public class PtyServeTests
{
    [SkippableFact]
    public async Task A_real_serial_port_on_the_pty_flashes_and_verifies_the_bundle_and_reset_behaves_as_on_hardware()
    {
        Skip.IfNot(PseudoTerminal.IsSupported, "this machine has no pseudo-terminals (/dev/ptmx)");
        var clock = TimeProvider.System;
        var assets = SyntheticAssets.Get(1);
        var unit = new SimulatedUnit(clock, new SimulatedUnitOptions { FirmwareStarter = FlashBoot.Starter(UnitFaults.None) });
        UnitFlashSetup.Apply(unit.Flash, unit.Efuse, UnitFaults.None, assets.OpenBl602Set, assets);
        unit.SetBootStrap(true);
        unit.SetPower(true);
        using var server = new PtyUnitServer(unit, clock);
        server.Start();

        using var port = new SerialPort(server.SlavePath, 500_000);
        port.Open();
        using var channel = new ByteChannel(port.BaseStream, clock, server.SlavePath);
        // A burst answered after a later one was sent leaves that one read as a command: wait long enough
        // for the answer that a loaded machine's first burst is answered before the next.
        var patient = new HandshakeOptions { ReplyTimeout = TimeSpan.FromSeconds(1) };
        var bootrom = new BootromClient(channel, clock, new BootromOptions { CommandTimeout = TimeSpan.FromSeconds(1.8), Handshake = patient });
        await bootrom.HandshakeAsync(500_000);
        await bootrom.LoadHelperAsync(HelperImage.Parse(assets.Helper));
        await Task.Delay(TimeSpan.FromMilliseconds(100), clock);
        port.BaudRate = 2_000_000;
        var loader = new LoaderClient(channel, clock, new LoaderOptions { Handshake = patient with { SettleAfterOk = TimeSpan.FromMilliseconds(10) } });
        await loader.HandshakeAsync(2_000_000);
        var result = await new Flasher(loader).RunAsync(SimulatedSocket.VendorPlan());
        Assert.True(result.Succeeded, result.Failure?.Reason);

        // 0x21 with GPIO8 still high: the chip comes back in the bootrom.
        await loader.ResetAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(50), clock);
        Assert.Equal(UnitActivity.Bootrom, unit.Activity);

        // 0x33 from a fresh loader: the flashed OpenBL602 boots and logs at 2 000 000.
        port.BaudRate = 500_000;
        await bootrom.HandshakeAsync(500_000);
        await bootrom.LoadHelperAsync(HelperImage.Parse(assets.Helper));
        await Task.Delay(TimeSpan.FromMilliseconds(100), clock);
        port.BaudRate = 2_000_000;
        await loader.HandshakeAsync(2_000_000);
        await loader.BootFromFlashAsync();
        var log = new StringBuilder();
        var buffer = new byte[4096];
        var until = clock.GetTimestamp() + (long)(2 * clock.TimestampFrequency);
        while (clock.GetTimestamp() < until && !log.ToString().Contains("OpenBL602", StringComparison.Ordinal))
        {
            var n = await channel.ReadAvailableAsync(buffer, TimeSpan.FromMilliseconds(200), CancellationToken.None);
            log.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        Assert.Equal(UnitActivity.Firmware, unit.Activity);
        Assert.Contains("OpenBL602", log.ToString(), StringComparison.Ordinal);
    }
}
