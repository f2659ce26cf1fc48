using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Images;
using Fixture.Protocol.Tests.Wire.Peers;
using Fixture.Protocol.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Protocol.Tests.Bootrom;

public sealed class BootromClientTests : IDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly ScriptedPeerStream peer;
    private readonly ScriptedBootrom bootrom;

    public BootromClientTests()
    {
        peer = new ScriptedPeerStream(time);
        bootrom = new ScriptedBootrom(peer);
    }

    public void Dispose() => peer.Dispose();

    private T Run<T>(Func<BootromClient, Task<T>> body, BootromOptions? options = null) =>
        VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "socket 1");
            return await body(new BootromClient(channel, time, options));
        });

    private static HelperImage Helper(int codeLength) =>
        HelperImage.Parse(HelperImage.Build(Enumerable.Range(0, codeLength).Select(i => (byte)(i * 31)).ToArray(), 0x22010000, HelperHeaderVariant.Current));

    [Theory]
    [InlineData(500_000, 300)]
    [InlineData(115_200, 69)]
    [InlineData(2_000_000, 1200)]
    [InlineData(512_000, 307)]
    public void Burst_length_is_six_milliseconds_of_line_time(int baud, int bytes) =>
        Assert.Equal(bytes, AutoBaudHandshake.BurstLength(baud));

    [Fact]
    public void Handshake_sends_the_burst_and_accepts_OK()
    {
        var attempts = Run(c => c.HandshakeAsync(500_000));
        Assert.Equal(1, attempts);
        Assert.Equal([300], bootrom.BurstLengths);
        Assert.True(peer.Written.All(b => b == 0x55));
    }

    [Fact]
    public void Handshake_tolerates_noise_before_OK()
    {
        bootrom.NoiseBeforeOk = [0x00, 0xF0, 0x4F, 0x00];
        Assert.Equal(1, Run(c => c.HandshakeAsync(500_000)));
    }

    [Fact]
    public void A_stale_OK_in_the_receive_buffer_does_not_pass_for_an_answer()
    {
        bootrom.Answers = false;
        peer.Send("OK"u8);
        Assert.Throws<HandshakeFailedException>(() => Run(c => c.HandshakeAsync(500_000)));
    }

    [Fact]
    public void A_silent_unit_fails_the_handshake_after_every_attempt()
    {
        bootrom.Answers = false;
        var started = time.GetUtcNow();
        var error = Assert.Throws<HandshakeFailedException>(() => Run(c => c.HandshakeAsync(500_000)));
        Assert.Equal(3, error.Attempts);
        Assert.Equal("bootrom", error.Stage);
        Assert.Contains("nothing came back", error.Message, StringComparison.Ordinal);
        Assert.Equal(900, peer.Written.Count);
        Assert.True(time.GetUtcNow() - started < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_garbled_handshake_reply_shows_the_bytes_received()
    {
        bootrom.GarbleHandshake = [0xF8, 0x78];
        var error = Assert.Throws<HandshakeFailedException>(() => Run(c => c.HandshakeAsync(500_000)));
        Assert.Contains("F878", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boot_info_is_read_with_checksum_zero_and_decoded()
    {
        var info = Run(async c => { await c.HandshakeAsync(500_000); return await c.GetBootInfoAsync(); });
        Assert.Equal(Convert.FromHexString("10000000"), bootrom.Frames[0].ToBytes());
        Assert.Equal("B4:0E:CF:07:15:91", info.ChipId.ToString());
        Assert.Equal(1u, info.BootromVersion);
    }

    [Fact]
    public void Helper_is_loaded_in_order_with_chunks_of_at_most_4080_bytes()
    {
        var helper = Helper(10_000);
        var reports = new List<HelperLoadProgress>();
        var result = Run(async c =>
        {
            await c.HandshakeAsync(500_000);
            return await c.LoadHelperAsync(helper, new SyncProgress<HelperLoadProgress>(reports.Add));
        });

        var ids = bootrom.Frames.Select(f => f.Command).ToArray();
        Assert.Equal(new byte[] { 0x10, 0x11, 0x17, 0x18, 0x18, 0x18, 0x19, 0x1A }, ids);
        Assert.All(bootrom.Frames, f => Assert.Equal(0, f.Checksum));
        Assert.Equal(helper.BootHeaderBytes.ToArray(), bootrom.Frames[1].Payload);
        Assert.Equal(helper.Segments[0].HeaderBytes.ToArray(), bootrom.Frames[2].Payload);
        var data = bootrom.Frames.Where(f => f.Command == 0x18).SelectMany(f => f.Payload).ToArray();
        Assert.Equal(helper.Segments[0].Data.ToArray(), data);
        Assert.Equal(new[] { 4080, 4080, 1840 }, bootrom.Frames.Where(f => f.Command == 0x18).Select(f => f.Payload.Length));
        Assert.Equal(10_000, reports[^1].BytesSent);
        Assert.False(result.AlreadyRunning);
        Assert.Equal(7, result.Frames);
    }

    [Fact]
    public void Helper_chunk_size_is_a_setting_capped_at_4092()
    {
        var helper = Helper(10_000);
        Run(async c => { await c.HandshakeAsync(500_000); return await c.LoadHelperAsync(helper); }, new BootromOptions { SegmentChunkSize = 4092 });
        Assert.Equal(4092, bootrom.Frames.Where(f => f.Command == 0x18).Max(f => f.Payload.Length));
        using var channel = new ByteChannel(peer, time);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BootromClient(channel, time, new BootromOptions { SegmentChunkSize = 4093 }));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(0, 2)]
    public void A_chip_with_sign_or_encrypt_flags_is_refused_before_anything_is_loaded(byte sign, byte encrypt)
    {
        bootrom.BootInfo[4] = sign;
        bootrom.BootInfo[5] = encrypt;
        var error = Assert.Throws<ChipLockedException>(() => Run(async c => { await c.HandshakeAsync(500_000); return await c.LoadHelperAsync(Helper(100)); }));
        Assert.Equal([IspCommand.GetBootInfo], bootrom.Frames.Select(f => f.Command));
        Assert.Contains("CHIP_LOCKED", error.Message, StringComparison.Ordinal);
        Assert.Contains("B4:0E:CF:07:15:91", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loader_that_is_already_running_is_reported_and_nothing_is_loaded()
    {
        bootrom.BootInfo = Convert.FromHexString("FFFFFFFF00000000030000009115" + "07CF0EB41A00");
        var result = Run(async c => { await c.HandshakeAsync(500_000); return await c.LoadHelperAsync(Helper(100)); });
        Assert.True(result.AlreadyRunning);
        Assert.Single(bootrom.Frames);
    }

    [Fact]
    public void A_segment_header_echo_that_differs_is_a_protocol_error()
    {
        bootrom.CorruptEcho = true;
        var error = Assert.Throws<IspProtocolException>(() => Run(async c => { await c.HandshakeAsync(500_000); return await c.LoadHelperAsync(Helper(100)); }));
        Assert.Contains("echoed a different segment header", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(bootrom.Frames, f => f.Command == 0x18);
    }

    [Fact]
    public void A_refused_command_surfaces_its_code_name_and_command()
    {
        bootrom.FailCommands[IspCommand.LoadBootHeader] = (ushort)DeviceErrorCode.IMG_BOOTHEADER_CRC_ERROR;
        var error = Assert.Throws<DeviceErrorException>(() => Run(async c => { await c.HandshakeAsync(500_000); return await c.LoadHelperAsync(Helper(100)); }));
        Assert.Equal(0x0204, error.Code);
        Assert.Equal("IMG_BOOTHEADER_CRC_ERROR", error.CodeName);
        Assert.Equal(IspCommand.LoadBootHeader, error.Command);
        Assert.Contains("load_boot_header (0x11)", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>IProgress that reports synchronously (Progress&lt;T&gt; would post to the loop).</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
