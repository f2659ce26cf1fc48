using Fixture.Controller.Workflow;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Recipes;
using Fixture.Protocol.Tests.Loader;
using Fixture.Protocol.Tests.Recipes;
using Fixture.Protocol.Tests.Wire.Peers;
using Fixture.Protocol.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Controller.Tests.Workflow;

/// <summary>
/// The identity read against a scripted loader holding a real unit's eFuse region 0 (amysen-yx-ws01-9666,
/// issue 9): 0x41's reply has no check of its own, so a byte corrupted on the line must not become the
/// unit's chip id or MAC (the soak's noise sweep found a FAIL row carrying 4E:00:E7:97:3E:70 for
/// 70:3E:97:67:00:4E). A clean unit costs one 0x41 only.
/// </summary>
public sealed class UnitIdentityReaderTests : IDisposable
{
    private const byte EfuseRead = 0x41;

    /// <summary>config/units/amysen-yx-ws01-9666.json: chip id AC:D8:29:6B:B7:ED in slot 0, factory MAC 70:3E:97:1E:96:66 in slot 1.</summary>
    private static readonly byte[] RealEfuse = Convert.FromHexString((
        "00000000 00000000 00000000 00000000 03000000 edb76b29 d8ac1400 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 "
        + "00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 66961e97 3e701700 00000000 00000000 00000000").Replace(" ", "", StringComparison.Ordinal));

    private readonly FakeTimeProvider time = new();
    private readonly ScriptedPeerStream peer;
    private readonly ScriptedLoader loader;
    private readonly RecipeBundle bundle = new();

    public UnitIdentityReaderTests()
    {
        peer = new ScriptedPeerStream(time);
        loader = new ScriptedLoader(peer, time, inHandshakeMode: false)
        {
            Mac = [0xAC, 0xD8, 0x29, 0x6B, 0xB7, 0xED], // 0x42 answers the chip id, with its CRC
        };
        RealEfuse.CopyTo(loader.Efuse, 0);
    }

    public void Dispose()
    {
        peer.Dispose();
        bundle.Dispose();
    }

    [Fact]
    public void A_clean_unit_is_read_with_one_efuse_read_and_its_real_chip_id_and_region()
    {
        var reading = Read();

        Assert.Equal("AC:D8:29:6B:B7:ED", reading.Efuse.ChipId.ToString());
        Assert.Equal(RealEfuse, reading.Efuse.Bytes.ToArray());
        // 0x41 first (frame 1, which the tests below corrupt), then the 0x42 cross-check; nothing else.
        Assert.Equal([EfuseRead, (byte)0x42], loader.Frames.Select(f => f.Command));
        Assert.Empty(reading.Notes);
    }

    [Theory]
    [InlineData(20)] // slot 0, the chip id: 0x42 disagrees with it
    [InlineData(108)] // slot 1, the factory MAC: its parity fails
    public void A_byte_corrupted_in_the_first_efuse_reply_is_read_again_and_the_agreeing_reads_are_used(int offset)
    {
        var corrupted = RealEfuse.ToArray();
        corrupted[offset] ^= 0x80;
        loader.RawReplyAtFrame[1] = Reply(corrupted);

        var reading = Read();

        Assert.Equal(RealEfuse, reading.Efuse.Bytes.ToArray());
        Assert.Equal("AC:D8:29:6B:B7:ED", reading.Efuse.ChipId.ToString());
        Assert.Equal(3, loader.Frames.Count(f => f.Command == EfuseRead));
        Assert.Contains(reading.Notes, n => n.Contains("eFuse region 0 read differently", StringComparison.Ordinal));
    }

    [Fact]
    public void Efuse_reads_that_never_agree_fail_the_try_instead_of_guessing_a_chip_id()
    {
        // Frames: 0x41, 0x42, 0x41, 0x41 — every 0x41 answer differs in the factory MAC.
        for (var (frame, flip) = (1, 0x01); frame <= 4; frame++, flip <<= 1)
        {
            if (frame == 2)
            {
                continue;
            }

            var corrupted = RealEfuse.ToArray();
            corrupted[108] ^= (byte)flip;
            loader.RawReplyAtFrame[frame] = Reply(corrupted);
        }

        var error = Assert.Throws<IspProtocolException>(() => Read());

        Assert.Contains("read differently on each of 3 tries", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Reply(byte[] data) => [(byte)'O', (byte)'K', (byte)data.Length, (byte)(data.Length >> 8), .. data];

    private UnitIdentityReading Read() =>
        VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "socket 1");
            var client = new LoaderClient(channel, time);
            client.AdoptHandshake(2_000_000);
            return await new UnitIdentityReader(bundle.Load(), TimeSpan.FromMilliseconds(100)).ReadAsync(client, CancellationToken.None);
        });
}
