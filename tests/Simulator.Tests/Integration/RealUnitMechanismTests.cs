using System.Security.Cryptography;
using System.Text;
using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Images;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Wire;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Timing;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests.Integration;

/// <summary>
/// The end-to-end cases the station needs, reached through real simulator states (no seam): the host
/// clients flash and verify a plan, the unit is reset with BOOT low, and what it prints is read back.
/// </summary>
public class RealUnitMechanismTests
{
    [Theory]
    [InlineData("amysen-yx-ws01-9666.json", "OpenBL602_971E9666")]
    [InlineData("amysen-yx-ws01-d91c.json", "OpenBL602_971ED91C")]
    [InlineData("amysen-yx-ws01-048b.json", "OpenBL602_971E048B")]
    public void A_real_unit_flashed_and_verified_opens_its_AP_with_its_factory_MAC_while_0x42_gives_its_chip_id(string file, string ssid)
    {
        var unit = UnitFile.Load(RepositoryPaths.Units(file));
        var socket = new SimulatedSocket(identity: unit);

        var (mac, log) = FlashThenListen(socket, SimulatedSocket.VendorPlan(), 2_000_000);

        Assert.Equal(unit.EfuseRegion0.Span.Slice(0x14, 6).ToArray().Reverse(), mac);
        Assert.Contains($"start AP with ssid {ssid};", log, StringComparison.Ordinal);
        Assert.Contains("[BL] Initi Wi-Fi with MAC #### 70:3E:97:***** ####", log, StringComparison.Ordinal);
    }

    [Fact]
    public void STOCK_FIRMWARE_a_unit_with_an_mfg_start_request_logs_the_stock_banner_at_921600_after_a_verified_flash()
    {
        var socket = new SimulatedSocket(identity: UnitFile.Load(RepositoryPaths.Units("test", "stock-mfg-start-request-921600.json")));

        var (_, at2M) = FlashThenListen(socket, SimulatedSocket.VendorPlan(), 2_000_000);
        var at921600 = ResetAndListen(socket, 921_600);

        Assert.DoesNotContain("Starting tg7100c", at2M, StringComparison.Ordinal);
        Assert.Contains("Starting tg7100c now....", at921600, StringComparison.Ordinal);
        Assert.Contains("-Welcome to AliOS Things-", at921600, StringComparison.Ordinal);
    }

    [Fact]
    public void SSID_MISMATCH_with_rf_para_in_the_table_and_mfg_media_initialised_the_firmware_uses_the_rf_para_MAC()
    {
        var socket = new SimulatedSocket(identity: UnitFile.Load(RepositoryPaths.Units("test", "rf-para-mac.json")));
        var table = PartitionLayouts.Classic2M with
        {
            Entries = [.. PartitionLayouts.Classic2M.Entries, new PartitionEntry(8, 0, 0, "rf_para", 0x1FF000, 0, 0x1000, 0)],
        };
        var plan = PlanWithTable(table.ToBytes());

        var (_, log) = FlashThenListen(socket, plan, 2_000_000);

        // eFuse slot 1 holds 70:3E:97:1E:D9:1C; the firmware reads M from the rf_para record instead.
        Assert.Contains("[BL] Initi Wi-Fi with MAC #### 70:3E:97:55:AA:01 ####", log, StringComparison.Ordinal);
        Assert.Contains("start AP with ssid OpenBL602_9755AA01;", log, StringComparison.Ordinal);
    }

    [Fact]
    public void BOOT2_FAIL_a_real_unit_whose_flash_fails_at_boot2s_clock_is_silent_after_a_verified_flash()
    {
        var socket = new SimulatedSocket(faults: new UnitFaults { BootClockReadErrors = true }, identity: RealUnits.UnitD91c);

        var (_, log) = FlashThenListen(socket, SimulatedSocket.VendorPlan(), 2_000_000);

        Assert.Equal(string.Empty, log);
        Assert.Equal(string.Empty, ResetAndListen(socket, 921_600));
    }

    private static FlashPlan PlanWithTable(byte[] table)
    {
        var vendor = SimulatedSocket.VendorPlan();
        return vendor with
        {
            Regions = [.. vendor.Regions.Select(r => r.Kind == FlashRegionKind.PartitionTable ? r with { Data = table, Sha256 = SHA256.HashData(table), EraseLength = (uint)table.Length } : r)],
        };
    }

    /// <summary>Bootrom, helper, loader at 2 Mbaud, 0x42, the plan flashed and verified; then BOOT low and a reset, listening at <paramref name="consoleBaud"/>.</summary>
    private static (byte[] Mac, string Log) FlashThenListen(SimulatedSocket socket, FlashPlan plan, int consoleBaud) =>
        VirtualTime.Run(socket.Clock, async () =>
        {
            var clock = socket.Clock;
            socket.Link.Open(500_000);
            socket.Unit.SetBootStrap(true);
            socket.Unit.SetPower(true);
            await PulseReset(socket);
            using var channel = new ByteChannel(socket.Link.Stream, clock, socket.Link.PortName);
            var bootrom = new BootromClient(channel, clock);
            await bootrom.HandshakeAsync(500_000);
            await bootrom.LoadHelperAsync(HelperImage.Parse(socket.Assets.Helper));
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock);
            socket.Link.SetBaudRate(2_000_000);
            var loader = new LoaderClient(channel, clock);
            await loader.HandshakeAsync(2_000_000);
            var mac = (await loader.ReadMacAsync()).ToBytes();
            var result = await new Flasher(loader).RunAsync(plan);
            Assert.True(result.Succeeded, result.Failure?.Reason);
            socket.Unit.SetBootStrap(false);
            socket.Link.SetBaudRate(consoleBaud);
            return (mac, await ListenAsync(socket, channel));
        });

    private static string ResetAndListen(SimulatedSocket socket, int consoleBaud) =>
        VirtualTime.Run(socket.Clock, async () =>
        {
            socket.Link.SetBaudRate(consoleBaud);
            using var channel = new ByteChannel(socket.Link.Stream, socket.Clock, socket.Link.PortName);
            return await ListenAsync(socket, channel);
        });

    private static async Task<string> ListenAsync(SimulatedSocket socket, ByteChannel channel)
    {
        await PulseReset(socket);
        channel.DiscardInput();
        var captured = new List<byte>();
        var buffer = new byte[4096];
        var until = socket.Clock.GetTimestamp() + (long)(7.5 * socket.Clock.TimestampFrequency);
        while (socket.Clock.GetTimestamp() < until)
        {
            var n = await channel.ReadAvailableAsync(buffer, TimeSpan.FromMilliseconds(500), CancellationToken.None);
            captured.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        return Encoding.ASCII.GetString([.. captured]);
    }

    private static async Task PulseReset(SimulatedSocket socket)
    {
        socket.Link.RequestToSend = true;
        await Task.Delay(TimeSpan.FromMilliseconds(10), socket.Clock);
        socket.Link.RequestToSend = false;
        await Task.Delay(TimeSpan.FromMilliseconds(5), socket.Clock);
    }
}
