using System.Security.Cryptography;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Tests.Wire.Peers;
using Fixture.Protocol.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Protocol.Tests.Loader;

public sealed class LoaderClientTests : IDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly ScriptedPeerStream peer;
    private readonly ScriptedLoader loader;

    public LoaderClientTests()
    {
        peer = new ScriptedPeerStream(time);
        loader = new ScriptedLoader(peer, time);
    }

    public void Dispose() => peer.Dispose();

    private T Run<T>(Func<LoaderClient, Task<T>> body, LoaderOptions? options = null) =>
        VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "socket 1");
            var client = new LoaderClient(channel, time, options);
            // A test may run several bodies against one loader; only the first needs the handshake.
            if (loader.InHandshakeMode)
                await client.HandshakeAsync(2_000_000);
            else
                client.AdoptHandshake(2_000_000);
            return await body(client);
        });

    private void Run(Func<LoaderClient, Task> body, LoaderOptions? options = null) =>
        Run(async c => { await body(c); return 0; }, options);

    [Theory]
    [InlineData(2_000_000, 2_000_000)]
    [InlineData(1_000_000, 1_000_000)]
    [InlineData(3_000_000, 3_000_000)]
    [InlineData(1_500_000, 1_500_000)]
    [InlineData(921_600, 930_232)]
    [InlineData(1_152_000, 1_000_000)]
    [InlineData(1_843_200, 2_000_000)]
    public void The_loader_snaps_rates_above_970k_to_multiples_of_500k(int requested, int effective) =>
        Assert.Equal(effective, LoaderBaudRate.Effective(requested));

    [Fact]
    public void Behind_a_slow_adapter_the_retry_after_a_late_OK_sends_one_burst_so_the_loader_is_not_blocked_again()
    {
        // The OK comes 80 ms after the burst: after the fast profile's wait, so a second burst goes out and
        // reaches a loader already in command mode, which blocks until its idle drop. The retry must not repeat that.
        loader.HandshakeReplyDelay = TimeSpan.FromMilliseconds(80);

        var jedec = Run(c => c.ReadJedecIdAsync(), Fixture.Protocol.Flashing.FlashProfile.Fast.Loader);

        Assert.Equal("ef4015", jedec.Id);
        Assert.Equal(2, loader.Handshakes);
        Assert.Equal(1, loader.OversizedFramesDropped);
    }

    [Fact]
    public void The_stations_profile_waits_10_ms_after_the_loaders_OK_before_its_first_command()
    {
        // The loader drains its input for 1-2 ms after the OK: a command sent into that is lost.
        Run(c => c.ReadJedecIdAsync(), Fixture.Protocol.Flashing.FlashProfile.Fast.Loader);

        Assert.True(loader.FrameArrivals[0] - loader.HandshakeOkSentAt!.Value >= TimeSpan.FromMilliseconds(10), $"first command {(loader.FrameArrivals[0] - loader.HandshakeOkSentAt!.Value).TotalMilliseconds} ms after the OK");
    }

    [Fact]
    public void A_baud_the_loader_would_mangle_is_refused_naming_both_rates()
    {
        using var channel = new ByteChannel(peer, time);
        var client = new LoaderClient(channel, time);
        var error = Assert.Throws<UnsupportedBaudRateException>(() => client.HandshakeAsync(1_152_000).GetAwaiter().GetResult());
        Assert.Contains("1152000", error.Message, StringComparison.Ordinal);
        Assert.Contains("1000000", error.Message, StringComparison.Ordinal);
        Assert.Empty(peer.Written);
        Assert.True(LoaderBaudRate.IsSupported(921_600));
    }

    [Fact]
    public void Handshake_at_the_working_baud_sends_1200_bytes_of_0x55_at_2M()
    {
        Run(c => Task.CompletedTask);
        Assert.Equal(1200, peer.Written.Count);
        Assert.Equal(1, loader.Handshakes);
    }

    private (int Attempts, Fixture.Protocol.Identity.MacAddress Mac) HandshakeThenReadMac(LoaderOptions? options = null) =>
        VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "socket 1");
            var client = new LoaderClient(channel, time, options);
            var attempts = await client.HandshakeAsync(2_000_000);
            return (attempts, await client.ReadMacAsync());
        });

    [Fact]
    public void An_OK_that_comes_after_the_wait_for_it_but_before_the_next_burst_is_the_answer()
    {
        // Burst of 5 ms + 40 ms wait: the OK at 47 ms lands in the drain before the second burst.
        var options = new LoaderOptions
        {
            Handshake = new HandshakeOptions
            {
                BurstDuration = TimeSpan.FromMilliseconds(5),
                ReplyTimeout = TimeSpan.FromMilliseconds(40),
                DrainQuiet = TimeSpan.FromMilliseconds(5),
                DrainMax = TimeSpan.FromMilliseconds(20),
            },
        };
        loader.HandshakeReplyDelay = TimeSpan.FromMilliseconds(47);

        var (attempts, mac) = HandshakeThenReadMac(options);

        Assert.Equal(1, attempts);
        Assert.Equal(1, loader.Handshakes);
        // No second burst reached the loader in command mode, where it would have been read as a frame.
        Assert.Equal(0, loader.OversizedFramesDropped);
        Assert.Equal("B4:0E:CF:07:15:91", mac.ToString());
    }

    [Fact]
    public void A_loader_whose_OK_was_lost_is_found_answering_commands_instead_of_burst_at_forever()
    {
        // A loader that reads on after a frame too long for its buffer (the decompiled one blocks: see below).
        loader.OversizedFrameBlocksUntilIdle = false;
        loader.LostHandshakeReplies = 1;

        var (_, mac) = HandshakeThenReadMac();

        Assert.Equal(1, loader.Handshakes);
        // The bursts after the first were read as frames too long to take and dropped; get_bootinfo was answered.
        Assert.Equal(new LoaderOptions().Handshake.Attempts - 1, loader.OversizedFramesDropped);
        Assert.Equal(IspCommand.GetBootInfo, loader.Frames[0].Command);
        Assert.Equal("B4:0E:CF:07:15:91", mac.ToString());
    }

    [Fact]
    public void A_loader_that_never_answers_fails_the_handshake_after_its_bursts_and_one_probe()
    {
        // Deaf to everything: not even the get_bootinfo probe after the bursts is answered.
        loader.OversizedFrameBlocksUntilIdle = false;
        loader.SilentCommands.Add(IspCommand.GetBootInfo);
        loader.LostHandshakeReplies = 1;

        var error = Assert.Throws<HandshakeFailedException>(() => HandshakeThenReadMac());

        Assert.Equal("eflash_loader", error.Stage);
        Assert.Equal(new LoaderOptions().Handshake.Attempts, error.Attempts);
        Assert.Single(loader.Frames, f => f.Command == IspCommand.GetBootInfo);
    }

    [Fact]
    public void After_a_failed_handshake_the_retry_waits_for_the_idle_drop_and_gets_the_loader_back()
    {
        loader.SilentCommands.Add(IspCommand.GetBootInfo);
        loader.LostHandshakeReplies = 1;

        var (failed, attempts, waited) = VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "socket 1");
            var client = new LoaderClient(channel, time);
            var failure = await Record.ExceptionAsync(() => client.HandshakeAsync(2_000_000));
            var before = time.GetUtcNow();
            var retry = await client.HandshakeAfterIdleDropAsync(2_000_000);
            return (failure, retry, time.GetUtcNow() - before);
        });

        Assert.IsType<HandshakeFailedException>(failed);
        Assert.Equal(1, attempts);
        Assert.Equal(2, loader.Handshakes);
        Assert.True(waited >= new LoaderOptions().IdleDropTime, waited.ToString());
    }

    [Fact]
    public void Erase_sends_the_reference_frame_with_an_inclusive_end()
    {
        Run(c => c.EraseAsync(0x10000, 0x10FFF));
        Assert.Equal(Convert.FromHexString("301808000000010" + "0FF0F0100"), loader.Frames[0].ToBytes());
    }

    [Fact]
    public void Erase_reply_preceded_by_PD_is_accepted()
    {
        loader.PendingBeforeEraseAnswer = 12;
        Run(c => c.EraseAsync(0x10000, 0xCA1DF));
        Assert.Single(loader.Frames);
    }

    [Fact]
    public void Erase_timeout_grows_with_the_range()
    {
        // 187 sectors at 45 ms is 8.4 s, far beyond the 2 s command timeout.
        loader.SectorEraseTime = TimeSpan.FromMilliseconds(45 * 187);
        loader.PendingBeforeEraseAnswer = 0;
        Run(c => c.EraseAsync(0x10000, 0xCA1DF));
        loader.SectorEraseTime = TimeSpan.FromSeconds(3);
        Assert.Throws<IspTimeoutException>(() => Run(c => c.EraseAsync(0x10000, 0x10FFF)));
    }

    [Fact]
    public void Erase_refused_with_FL_surfaces_the_code()
    {
        loader.FailCommands[IspCommand.FlashErase] = 0x0003;
        var error = Assert.Throws<DeviceErrorException>(() => Run(c => c.EraseAsync(0x0, 0xFFF)));
        Assert.Equal("FLASH_ERASE_ERROR", error.CodeName);
        Assert.Equal(IspCommand.FlashErase, error.Command);
        Assert.False(error.ReportedLate);
    }

    [Fact]
    public void Write_sends_address_and_data_with_a_valid_checksum_and_programs_the_flash()
    {
        var data = Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray();
        Run(async c => { await c.EraseAsync(0x2000, 0x2FFF); await c.WriteAsync(0x2000, data); await c.WriteCheckAsync(); });
        var frame = loader.Frames[1];
        Assert.Equal(IspCommand.FlashWrite, frame.Command);
        Assert.Equal(new byte[] { 0x00, 0x20, 0x00, 0x00 }, frame.Payload[..4]);
        Assert.NotEqual(0, frame.Checksum);
        Assert.True(frame.ChecksumValid);
        Assert.Equal(data, loader.Flash.AsSpan(0x2000, 4096).ToArray());
    }

    [Fact]
    public void Checksum_can_be_turned_off()
    {
        Run(c => c.EraseAsync(0x0, 0xFFF), new LoaderOptions { UseChecksum = false });
        Assert.Equal(0, loader.Frames[0].Checksum);
    }

    [Fact]
    public void Write_chunks_larger_than_the_setting_are_refused_and_the_setting_is_capped_at_16384()
    {
        using var channel = new ByteChannel(peer, time);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoaderClient(channel, time, new LoaderOptions { WriteChunkSize = 16_385 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Run(c => c.WriteAsync(0, new byte[4097])));
        Run(c => c.WriteAsync(0, new byte[16_384]), new LoaderOptions { WriteChunkSize = 16_384 });
        Assert.Equal(0x4004, loader.Frames[^1].Payload.Length);
    }

    [Fact]
    public void Decompress_write_marks_the_first_chunk_of_a_stream_with_bit_31()
    {
        Run(async c =>
        {
            await c.DecompressWriteAsync(0x10000, 0, new byte[] { 1, 2, 3 });
            await c.DecompressWriteAsync(0x10000, 3, new byte[] { 4, 5 });
        });
        Assert.Equal(new byte[] { 0x00, 0x00, 0x01, 0x80 }, loader.Frames[0].Payload[..4]);
        Assert.Equal(new byte[] { 0x03, 0x00, 0x01, 0x00 }, loader.Frames[1].Payload[..4]);
    }

    [Fact]
    public void An_ack_before_programming_loader_whose_write_check_then_fails_is_caught_by_0x3A()
    {
        loader.FailProgramOfWriteFrame.Add(1);
        loader.ReportProgramFailureUnsolicited = false;
        var error = Assert.Throws<DeviceErrorException>(() => Run(async c =>
        {
            await c.EraseAsync(0x0, 0xFFF);
            await c.DecompressWriteAsync(0x0, 0, new byte[] { 0xFD, 0x37 });
            await c.WriteCheckAsync();
        }));
        Assert.Equal(IspCommand.FlashWriteCheck, error.Command);
        Assert.Equal("FLASH_DECOMPRESS_WRITE_ERROR", error.CodeName);
        Assert.True(error.IsWriteFailure);
    }

    [Fact]
    public void An_unsolicited_FL_read_as_the_reply_to_the_next_frame_is_reported_as_the_write_failure()
    {
        loader.FailProgramOfWriteFrame.Add(1);
        loader.ProgramFailureDelay = TimeSpan.FromMicroseconds(500);
        var error = Assert.Throws<DeviceErrorException>(() => Run(async c =>
        {
            await c.EraseAsync(0x0, 0x1FFF);
            await c.WriteAsync(0x0, new byte[256]);
            await c.ReadShaAsync(0x0, 256);
        }));
        Assert.True(error.ReportedLate);
        Assert.Equal(IspCommand.FlashWrite, error.Command);
        Assert.Equal("FLASH_WRITE_ERROR", error.CodeName);
        Assert.Contains("flash_readSha (0x3D) was expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsolicited_FL_waiting_before_the_next_frame_is_reported_as_the_write_failure()
    {
        loader.FailProgramOfWriteFrame.Add(1);
        loader.ProgramFailureDelay = TimeSpan.Zero;
        var error = Assert.Throws<DeviceErrorException>(() => Run(async c =>
        {
            await c.EraseAsync(0x0, 0x1FFF);
            await c.WriteAsync(0x0, new byte[256]);
            await Task.Delay(TimeSpan.FromMilliseconds(5), time);
            await c.WriteAsync(0x100, new byte[256]);
        }));
        Assert.True(error.ReportedLate);
        Assert.Equal(IspCommand.FlashWrite, error.Command);
        Assert.Equal(2, loader.Frames.Count);
    }

    [Fact]
    public void A_silent_unknown_id_times_out_naming_the_command()
    {
        loader.SilentCommands.Add(IspCommand.LogRead);
        var started = time.GetUtcNow();
        var error = Assert.Throws<IspTimeoutException>(() => Run(c => c.ReadLogAsync()));
        Assert.Contains("log_read (0x71)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, error.BytesReceived);
        Assert.InRange((time.GetUtcNow() - started).TotalSeconds, 2.0, 2.2);
    }

    [Fact]
    public void Garbage_in_place_of_a_reply_is_a_protocol_error()
    {
        loader.RawReplyAtFrame[1] = [0x00, 0xFE, 0x80];
        var error = Assert.Throws<IspProtocolException>(() => Run(c => c.ReadJedecIdAsync()));
        Assert.Contains("00FE80", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_SHA_reply_of_the_wrong_length_is_a_protocol_error()
    {
        loader.RawReplyAtFrame[1] = Reply.OkWith(new byte[31]).ToBytes();
        Assert.Throws<IspProtocolException>(() => Run(c => c.ReadShaAsync(0x10000, 0x1000)));
    }

    [Fact]
    public void ReadSha_sends_the_reference_frame_and_returns_the_digest()
    {
        loader.Flash.AsSpan(0x10000, 0x1000).Fill(0x5A);
        var sha = Run(c => c.ReadShaAsync(0x10000, 0x1000));
        Assert.Equal(Convert.FromHexString("3D1908000000010000100000"), loader.Frames[0].ToBytes());
        Assert.Equal(SHA256.HashData(loader.Flash.AsSpan(0x10000, 0x1000)), sha);
    }

    [Fact]
    public void Xip_readSha_is_wrapped_in_xip_start_and_finish()
    {
        var sha = Run(c => c.XipReadShaAsync(0x0, 0x100));
        Assert.Equal(new byte[] { 0x60, 0x3E, 0x61 }, loader.Frames.Select(f => f.Command));
        Assert.Equal(Convert.FromHexString("60000000"), loader.Frames[0].ToBytes());
        Assert.Equal(SHA256.HashData(loader.Flash.AsSpan(0, 0x100)), sha);
    }

    [Fact]
    public void Read_is_split_into_frames_of_the_read_chunk_size()
    {
        for (var i = 0; i < 10_000; i++)
            loader.Flash[0x1000 + i] = (byte)(i * 13);
        var data = Run(c => c.ReadAsync(0x1000, 10_000), new LoaderOptions { ReadChunkSize = 4096 });
        Assert.Equal(loader.Flash.AsSpan(0x1000, 10_000).ToArray(), data);
        Assert.Equal(3, loader.Frames.Count);
        Run(c => c.ReadAsync(0x0, 0x100));
        Assert.Equal(Convert.FromHexString("320908000000000000010000"), loader.Frames[^1].ToBytes());
    }

    [Fact]
    public void Jedec_id_carries_the_flag_and_the_capacity()
    {
        var id = Run(c => c.ReadJedecIdAsync());
        Assert.Equal(Convert.FromHexString("36000000"), loader.Frames[0].ToBytes());
        Assert.Equal("ef4015", id.Id);
        Assert.True(id.RecognisedByLoader);
        Assert.Equal(2 * 1024 * 1024, id.CapacityBytes);
        loader.JedecReply = [0xC8, 0x40, 0x16, 0x00];
        var old = Run(c => c.ReadJedecIdAsync());
        Assert.False(old.RecognisedByLoader);
        Assert.Equal(4 * 1024 * 1024, old.CapacityBytes);
    }

    [Fact]
    public void Mac_comes_back_in_normal_order_with_its_CRC_checked()
    {
        Assert.Equal("B4:0E:CF:07:15:91", Run(c => c.ReadMacAsync()).ToString());
        loader.CorruptMacCrc = true;
        Assert.Throws<MacCrcException>(() => Run(c => c.ReadMacAsync()));
    }

    [Fact]
    public void Efuse_read_returns_the_requested_words()
    {
        var words = Run(c => c.ReadEfuseAsync(0x10, 8));
        Assert.Equal(new byte[] { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17 }, words);
        Assert.Throws<ArgumentOutOfRangeException>(() => Run(c => c.ReadEfuseAsync(0x80, 4)));
    }

    [Fact]
    public void Set_para_takes_4_or_88_bytes()
    {
        Run(async c => { await c.SetFlashParametersAsync(0x000101FF); await c.SetFlashParametersAsync(0x000101FF, new byte[84]); });
        Assert.Equal(new[] { 4, 88 }, loader.Frames.Select(f => f.Payload.Length));
        Assert.Equal(new byte[] { 0xFF, 0x01, 0x01, 0x00 }, loader.Frames[0].Payload);
        Assert.Throws<ArgumentException>(() => Run(c => c.SetFlashParametersAsync(0, new byte[10])));
    }

    [Fact]
    public void Reset_boot_and_log_read_are_sent_as_the_reference_says()
    {
        var log = Run(async c => { await c.ResetAsync(); await c.BootFromFlashAsync(); return await c.ReadLogAsync(); });
        Assert.Equal(Convert.FromHexString("21000000"), loader.Frames[0].ToBytes());
        Assert.Equal(IspCommand.FlashBoot, loader.Frames[1].Command);
        Assert.Contains("eflash loader", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_boot_info_reports_the_running_loader()
    {
        var info = Run(c => c.GetBootInfoAsync());
        Assert.True(info.IsLoaderRunning);
    }

    [Fact]
    public void Resync_after_a_drop_to_handshake_mode_needs_only_a_burst()
    {
        loader.DropToHandshakeAtFrame.Add(2);
        var started = time.GetUtcNow();
        Run(async c =>
        {
            await c.ReadJedecIdAsync();
            await Assert.ThrowsAsync<IspTimeoutException>(() => c.ReadJedecIdAsync());
            await c.ResyncAsync();
            await c.ReadJedecIdAsync();
        });
        Assert.Equal(2, loader.Handshakes);
        Assert.True(time.GetUtcNow() - started < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Resync_of_a_loader_still_in_command_mode_waits_for_its_idle_drop()
    {
        loader.DeafAfterWriteFrame.Add(1);
        loader.DeafAfterWrite = TimeSpan.FromMilliseconds(50);
        Run(async c =>
        {
            await c.WriteAsync(0x0, new byte[16]);
            // This frame is lost: the loader is programming and not reading its UART.
            await Assert.ThrowsAsync<IspTimeoutException>(() => c.WriteAsync(0x10, new byte[16]));
            await c.ResyncAsync();
            await c.ReadJedecIdAsync();
        });
        Assert.True(loader.LostBytes > 0);
        Assert.Equal(2, loader.Handshakes);
    }

    [Fact]
    public void The_third_refused_command_is_counted_as_a_drop_to_handshake_mode()
    {
        loader.FailCommands[IspCommand.FlashSetParameters] = 0x0008;
        var likely = Run(async c =>
        {
            for (var i = 0; i < 3; i++)
                await Assert.ThrowsAsync<DeviceErrorException>(() => c.SetFlashParametersAsync(0));
            return c.LoaderLikelyInHandshakeMode;
        });
        Assert.True(likely);
        Assert.True(loader.InHandshakeMode);
    }

    [Fact]
    public void A_frame_refused_for_its_checksum_is_sent_again_when_resends_are_allowed()
    {
        loader.FailCommands[IspCommand.FlashReadJedecId] = (ushort)DeviceErrorCode.CMD_CRC_ERROR;
        loader.FailCommandsTimes = 2;

        var jedec = Run(c => c.ReadJedecIdAsync(), new LoaderOptions { ChecksumErrorRetries = 2 });

        Assert.Equal("ef4015", jedec.Id);
        Assert.Equal(3, loader.Frames.Count(f => f.Command == IspCommand.FlashReadJedecId));
    }

    [Fact]
    public void Checksum_refusals_do_not_count_toward_the_loader_s_three_failure_budget()
    {
        loader.FailCommands[IspCommand.FlashReadJedecId] = (ushort)DeviceErrorCode.CMD_CRC_ERROR;
        var (count, likely) = Run(async c =>
        {
            for (var i = 0; i < 3; i++)
            {
                var e = await Assert.ThrowsAsync<DeviceErrorException>(() => c.ReadJedecIdAsync());
                Assert.Equal((ushort)DeviceErrorCode.CMD_CRC_ERROR, e.Code);
            }

            return (c.DeviceErrorCount, c.LoaderLikelyInHandshakeMode);
        });

        Assert.Equal(0, count);
        Assert.False(likely);
    }
}
