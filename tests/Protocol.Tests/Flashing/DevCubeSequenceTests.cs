using System.Security.Cryptography;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Images;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Tests.Bootrom;
using Fixture.Protocol.Tests.Loader;
using Fixture.Protocol.Tests.Wire.Peers;
using Fixture.Protocol.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Protocol.Tests.Flashing;

public sealed class DevCubeSequenceTests : IDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly ScriptedPeerStream peer;
    private readonly ScriptedBootrom bootrom;
    private ScriptedLoader? loader;

    public DevCubeSequenceTests()
    {
        peer = new ScriptedPeerStream(time);
        bootrom = new ScriptedBootrom(peer);
        bootrom.OnRunImage = () => loader = new ScriptedLoader(peer, time);
    }

    public void Dispose() => peer.Dispose();

    private static FlashRegion Written(string name, uint address, byte[] data, byte[]? compressed = null) =>
        new(name, FlashRegionKind.Firmware, address, data, SHA256.HashData(data), compressed, (uint)data.Length);

    [Fact]
    public void The_reset_dance_is_the_vendors_1070_ms_of_RTS_and_DTR_steps()
    {
        var log = new List<(TimeSpan At, string Line, bool Asserted)>();
        var start = time.GetUtcNow();
        VirtualLoop.Run(time, () => DevCubeSequence.ReplayResetDanceAsync((line, on) => log.Add((time.GetUtcNow() - start, line, on)), time));
        Assert.Equal(TimeSpan.FromMilliseconds(1070), time.GetUtcNow() - start);
        Assert.Equal(("DTR", true), (log[3].Line, log[3].Asserted));
        Assert.Equal(TimeSpan.FromMilliseconds(250), log[3].At);
        Assert.Equal(4, log.Count(e => e.Line == "RTS" && e.Asserted && e.At >= TimeSpan.FromMilliseconds(650)));
    }

    [Fact]
    public void The_vendor_sequence_loads_the_helper_and_flashes_with_2048_byte_chunks_and_XIP_verify()
    {
        var helper = HelperImage.Parse(HelperImage.Build(new byte[9000], 0x22010000, HelperHeaderVariant.Current));
        var boot2 = Written("boot2", 0x0, Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray());
        var table = Written("partition", 0xE000, new byte[272], compressed: XzSample.Compressed);
        var firmware = Written("firmware", 0x10000, XzSample.Data, XzSample.Compressed);
        var bauds = new List<int>();
        var dances = 0;

        var result = VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "socket 1");
            var sequence = new DevCubeSequence(channel, time, async ct => { dances++; await Task.Delay(TimeSpan.FromMilliseconds(1070), time, ct); }, bauds.Add);
            return await sequence.RunAsync(helper, new FlashPlan("vendor", [boot2, table, firmware]));
        });

        Assert.True(result.Flash.Succeeded, result.Flash.Failure?.Reason);
        Assert.Equal([500_000, 2_000_000], bauds);
        Assert.Equal(1, dances);
        Assert.Equal([300], bootrom.BurstLengths);
        Assert.Equal("10 11 17 18 18 18 19 1A", string.Join(" ", bootrom.Frames.Select(f => f.Command.ToString("X2"))));
        Assert.Equal(
            "36 " +
            "30 31 31 31 3A 60 3E 61 " +   // 5000 raw bytes in 2048-byte frames, no hash-skip
            "30 31 3A 60 3E 61 " +         // 272 bytes: 0x31 even though an .xz stream exists
            "30 3F 3A 60 3E 61",           // firmware: the .xz stream
            string.Join(" ", loader!.Frames.Select(f => f.Command.ToString("X2"))));
        Assert.All(loader.Frames.Where(f => f.Command is 0x31 or 0x3F), f => Assert.True(f.Payload.Length - 4 <= 2048));
        Assert.Equal(XzSample.Data, loader.Flash.AsSpan(0x10000, XzSample.Data.Length).ToArray());
        Assert.Equal("ef4015", result.Jedec!.Id);
        // The vendor waits: 0.1 s flush + 0.1 s of silence + 30 ms per handshake, 300 ms after run_image.
        Assert.True(result.BootromHandshake >= TimeSpan.FromMilliseconds(230));
        Assert.True(result.LoaderHandshake >= TimeSpan.FromMilliseconds(530));
        Assert.Equal(TimeSpan.FromMilliseconds(1070), result.ResetDance);
    }

    [Fact]
    public void The_vendor_repeats_the_whole_dance_once_when_the_bootrom_stays_silent()
    {
        var helper = HelperImage.Parse(HelperImage.Build(new byte[100], 0x22010000, HelperHeaderVariant.Current));
        bootrom.Answers = false;
        var dances = 0;
        Assert.Throws<HandshakeFailedException>(() => VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "socket 1");
            var sequence = new DevCubeSequence(channel, time, ct => { dances++; return Task.CompletedTask; }, _ => { });
            return await sequence.RunAsync(helper, new FlashPlan("vendor", []));
        }));
        Assert.Equal(2, dances);
    }
}
