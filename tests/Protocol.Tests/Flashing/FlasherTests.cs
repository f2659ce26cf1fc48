using System.Buffers.Binary;
using System.Security.Cryptography;
using Fixture.Protocol.Compression;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Tests.Bootrom;
using Fixture.Protocol.Tests.Loader;
using Fixture.Protocol.Tests.Wire.Peers;
using Fixture.Protocol.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Protocol.Tests.Flashing;

public sealed class FlasherTests : IDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly ScriptedPeerStream peer;
    private readonly ScriptedLoader loader;

    public FlasherTests()
    {
        peer = new ScriptedPeerStream(time);
        loader = new ScriptedLoader(peer, time);
    }

    public void Dispose() => peer.Dispose();

    private static FlashRegion Written(string name, FlashRegionKind kind, uint address, byte[] data, byte[]? compressed = null) =>
        new(name, kind, address, data, SHA256.HashData(data), compressed, (uint)data.Length);

    private static FlashRegion EraseOnly(string name, uint address, uint length) =>
        new(name, FlashRegionKind.EraseOnly, address, ReadOnlyMemory<byte>.Empty, SHA256.HashData(Enumerable.Repeat((byte)0xFF, (int)length).ToArray()), null, length);

    private static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)((i * 31) ^ seed ^ (i >> 8))).ToArray();

    private static FlashRegion Firmware => Written("firmware", FlashRegionKind.Firmware, 0x10000, XzSample.Data, XzSample.Compressed);

    private FlashResult Flash(FlashPlan plan, FlasherOptions? options = null, LoaderOptions? loaderOptions = null, List<FlashProgress>? progress = null) =>
        VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "socket 1");
            var client = new LoaderClient(channel, time, loaderOptions);
            await client.HandshakeAsync(2_000_000);
            var reports = progress is null ? null : new SyncProgress<FlashProgress>(progress.Add);
            return await new Flasher(client, options).RunAsync(plan, reports);
        });

    private static FlashPlan Plan(params FlashRegion[] regions) => new("test recipe", regions);

    private static (uint Start, uint End) EraseRange(LoaderFrame f) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(f.Payload), BinaryPrimitives.ReadUInt32LittleEndian(f.Payload.AsSpan(4)));

    [Fact]
    public void A_plan_is_flashed_region_by_region_and_proven_by_write_check_and_SHA()
    {
        var boot2 = Written("boot2", FlashRegionKind.Boot2, 0x0, Pattern(5000, 1));
        var table = Written("partition@0xE000", FlashRegionKind.PartitionTable, 0xE000, Pattern(272, 2));
        var psm = EraseOnly("psm", 0x1E9000, 0x8000);
        loader.Flash.AsSpan(0x1E9000, 0x8000).Fill(0x12);

        var result = Flash(Plan(boot2, table, Firmware, psm));

        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.Equal(boot2.Data.ToArray(), loader.Flash.AsSpan(0, 5000).ToArray());
        Assert.Equal(table.Data.ToArray(), loader.Flash.AsSpan(0xE000, 272).ToArray());
        Assert.Equal(XzSample.Data, loader.Flash.AsSpan(0x10000, XzSample.Data.Length).ToArray());
        Assert.All(loader.Flash.AsSpan(0x1E9000, 0x8000).ToArray(), b => Assert.Equal(0xFF, b));

        var ids = string.Join(" ", loader.Frames.Select(f => f.Command.ToString("X2")));
        Assert.Equal(
            "3D 30 31 31 3A 3D " +   // boot2: 5000 raw bytes in 4096-byte frames
            "3D 30 31 3A 3D " +      // partition table
            "3D 30 3F 3A 3D " +      // firmware: one 0x3F frame (1712 compressed bytes)
            "3D 30 3D",              // psm: erase, verify blank
            ids);
        Assert.Equal((0x1E9000u, 0x1F0FFFu), EraseRange(loader.Frames.Where(f => f.Command == 0x30).Last()));
        Assert.True(result.Regions[2].Compressed);
        Assert.False(result.Regions[0].Compressed);
        Assert.Equal(0, result.Retries);
    }

    [Fact]
    public void The_erase_covers_exactly_the_region_with_an_inclusive_end()
    {
        var firmware = Written("firmware", FlashRegionKind.Firmware, 0x10000, Pattern(762_336, 3));
        var result = Flash(Plan(firmware), new FlasherOptions { HashSkip = false }, new LoaderOptions { WriteChunkSize = 16_384 });
        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.Equal((0x10000u, 0xCA1DFu), EraseRange(loader.Frames.Single(f => f.Command == 0x30)));
        Assert.Equal(47, loader.Frames.Count(f => f.Command == 0x31));
    }

    [Fact]
    public void A_region_the_chip_already_holds_is_skipped_by_hash()
    {
        XzSample.Data.CopyTo(loader.Flash, 0x10000);
        var result = Flash(Plan(Firmware));
        Assert.True(result.Succeeded);
        Assert.True(result.Regions[0].SkippedByHash);
        Assert.Equal(["firmware"], result.SkippedRegions);
        Assert.Equal([IspCommand.FlashReadSha], loader.Frames.Select(f => f.Command));
    }

    [Fact]
    public void Without_hash_skip_a_matching_region_is_still_erased_and_written()
    {
        XzSample.Data.CopyTo(loader.Flash, 0x10000);
        var result = Flash(Plan(Firmware), new FlasherOptions { HashSkip = false });
        Assert.True(result.Succeeded);
        Assert.False(result.Regions[0].SkippedByHash);
        Assert.Equal("30 3F 3A 3D", string.Join(" ", loader.Frames.Select(f => f.Command.ToString("X2"))));
    }

    [Fact]
    public void Compressed_regions_are_sent_as_one_xz_stream_with_bit_31_on_the_first_chunk()
    {
        var result = Flash(Plan(Firmware), loaderOptions: new LoaderOptions { WriteChunkSize = 512 });
        Assert.True(result.Succeeded, result.Failure?.Reason);
        var writes = loader.Frames.Where(f => f.Command == 0x3F).ToList();
        Assert.Equal(4, writes.Count);
        Assert.Equal(0x8001_0000u, BinaryPrimitives.ReadUInt32LittleEndian(writes[0].Payload));
        Assert.Equal(0x0001_0200u, BinaryPrimitives.ReadUInt32LittleEndian(writes[1].Payload));
        Assert.Equal(XzSample.Compressed, writes.SelectMany(w => w.Payload.Skip(4)).ToArray());
    }

    [Fact]
    public void A_loader_that_dropped_back_to_handshake_mode_is_resynced_and_the_region_redone_from_its_erase()
    {
        var boot2 = Written("boot2", FlashRegionKind.Boot2, 0x0, Pattern(12_000, 4));
        loader.DropToHandshakeAtFrame.Add(4); // 0x3D, 0x30, 0x31, then the second 0x31 is never answered
        var result = Flash(Plan(boot2));
        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.Equal(1, result.Retries);
        Assert.Equal(1, result.Resyncs);
        Assert.Equal(2, loader.Handshakes);
        Assert.Equal(2, result.Regions[0].Attempts);
        Assert.Equal("3D 30 31 31 30 31 31 31 3A 3D", string.Join(" ", loader.Frames.Select(f => f.Command.ToString("X2"))));
        Assert.Equal(boot2.Data.ToArray(), loader.Flash.AsSpan(0, 12_000).ToArray());
        Assert.True(result.Regions[0].ResyncDuration > TimeSpan.Zero);
    }

    [Fact]
    public void An_ack_before_programming_loader_whose_write_check_fails_gets_the_region_redone()
    {
        loader.FailProgramOfWriteFrame.Add(1);
        loader.ReportProgramFailureUnsolicited = false;
        var result = Flash(Plan(Firmware));
        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.Equal(1, result.Retries);
        Assert.Equal(0, result.Resyncs);
        Assert.Equal("3D 30 3F 3A 30 3F 3A 3D", string.Join(" ", loader.Frames.Select(f => f.Command.ToString("X2"))));
    }

    [Fact]
    public void A_regions_first_failure_is_kept_when_its_retry_succeeds()
    {
        loader.FailProgramOfWriteFrame.Add(1);
        loader.ReportProgramFailureUnsolicited = false;
        var result = Flash(Plan(Firmware));

        Assert.True(result.Succeeded, result.Failure?.Reason);
        var first = Assert.Single(result.Regions).FirstFailure;
        Assert.NotNull(first);
        Assert.Equal(FlashPhase.WriteCheck, first.Phase);
        Assert.Equal("firmware", first.Region);
        Assert.IsType<DeviceErrorException>(first.Error);
    }

    [Fact]
    public void A_write_check_failure_that_persists_is_reported_and_never_called_success()
    {
        loader.FailProgramOfWriteFrame.UnionWith([1, 2, 3]);
        loader.ReportProgramFailureUnsolicited = false;
        var result = Flash(Plan(Firmware), new FlasherOptions { RegionAttempts = 2 });
        Assert.False(result.Succeeded);
        Assert.Equal(FlashPhase.WriteCheck, result.Failure!.Phase);
        var error = Assert.IsType<DeviceErrorException>(result.Failure.Error);
        Assert.Equal("FLASH_DECOMPRESS_WRITE_ERROR", error.CodeName);
        Assert.Contains("firmware", result.Failure.Region, StringComparison.Ordinal);
        Assert.False(result.Regions[0].Completed);
    }

    [Fact]
    public void An_unsolicited_FL_after_an_early_OK_fails_the_write_and_the_region_is_redone()
    {
        loader.FailProgramOfWriteFrame.Add(2);
        loader.ProgramFailureDelay = TimeSpan.FromMicroseconds(500);
        var result = Flash(Plan(Firmware), loaderOptions: new LoaderOptions { WriteChunkSize = 512 });
        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.Equal(1, result.Retries);
        Assert.Equal(XzSample.Data, loader.Flash.AsSpan(0x10000, XzSample.Data.Length).ToArray());
    }

    [Fact]
    public void A_deaf_loader_that_loses_a_frame_is_resynced_and_later_frames_are_paced()
    {
        // Programming keeps the loader from reading its UART for 5 ms after every write's OK.
        loader.DeafAfterEveryWrite = true;
        loader.DeafAfterWrite = TimeSpan.FromMilliseconds(5);
        var boot2 = Written("boot2", FlashRegionKind.Boot2, 0x0, Pattern(16_384, 5));
        var result = Flash(Plan(boot2));
        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.Equal(1, result.LostFrames);
        Assert.Equal(1, result.Resyncs);
        Assert.True(result.FinalPacingPerPage > TimeSpan.Zero);
        Assert.Equal(boot2.Data.ToArray(), loader.Flash.AsSpan(0, 16_384).ToArray());
    }

    [Fact]
    public void Write_protected_flash_is_caught_by_the_SHA_verify()
    {
        loader.WriteProtected = true;
        loader.Flash.AsSpan(0x1E9000, 0x8000).Clear();
        var result = Flash(Plan(EraseOnly("psm", 0x1E9000, 0x8000)), new FlasherOptions { RegionAttempts = 2 });
        Assert.False(result.Succeeded);
        Assert.Equal(FlashPhase.Verify, result.Failure!.Phase);
        Assert.IsType<FlashVerifyException>(result.Failure.Error);
        Assert.Contains("write-protected", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Equal(2, result.Regions[0].Attempts);
    }

    [Fact]
    public void A_write_frame_whose_checksum_would_be_zero_goes_one_byte_shorter_so_the_loader_checks_it()
    {
        // Payload = address word 0 + 4096 bytes; its length 0x1004 adds 0x14, so data summing to 0xEC makes the
        // checksum 0, which the loader reads as "not checked" (protocol §3.1): line noise would go into flash.
        var data = new byte[4096];
        data[0] = 0xEC;
        var result = Flash(Plan(Written("boot2", FlashRegionKind.Boot2, 0x0, data)), new FlasherOptions { HashSkip = false });

        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.Equal(1, result.Regions[0].UncheckedFramesAvoided);
        var writes = loader.Frames.Where(f => f.Command == (byte)IspCommand.FlashWrite).ToList();
        Assert.Equal(2, writes.Count);
        Assert.All(writes, f => Assert.NotEqual(0, f.Checksum));
        Assert.Equal(data, loader.Flash.AsSpan(0, 4096).ToArray());
    }

    [Fact]
    public void A_digest_garbled_on_the_line_is_read_again_instead_of_failing_a_good_flash()
    {
        loader.GarbledDigests = 1;
        var result = Flash(Plan(Firmware), new FlasherOptions { HashSkip = false, RegionAttempts = 1 });
        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.Equal(1, result.Regions[0].DigestRereads);
        Assert.Equal(1, result.Regions[0].Attempts);
    }

    [Fact]
    public void A_digest_that_reads_wrong_twice_the_same_is_the_flashs_and_fails_verify()
    {
        loader.WriteProtected = true;
        var result = Flash(Plan(Firmware), new FlasherOptions { HashSkip = false, RegionAttempts = 1 });
        Assert.Equal(FlashPhase.Verify, result.Failure!.Phase);
        Assert.IsType<FlashVerifyException>(result.Failure.Error);
        Assert.Equal(1, result.Regions[0].DigestRereads);
        Assert.Equal(2, loader.Frames.Count(f => f.Command == (byte)IspCommand.FlashReadSha));
    }

    [Fact]
    public void A_written_region_on_write_protected_flash_passes_0x3A_but_fails_the_SHA()
    {
        loader.WriteProtected = true;
        var result = Flash(Plan(Firmware), new FlasherOptions { RegionAttempts = 1 });
        Assert.False(result.Succeeded);
        Assert.Equal(FlashPhase.Verify, result.Failure!.Phase);
    }

    [Fact]
    public void The_XIP_verify_wraps_0x3E_in_0x60_and_0x61()
    {
        var result = Flash(Plan(Firmware), new FlasherOptions { HashSkip = false, Verify = VerifyMethod.XipReadSha });
        Assert.True(result.Succeeded);
        Assert.Equal("30 3F 3A 60 3E 61", string.Join(" ", loader.Frames.Select(f => f.Command.ToString("X2"))));
    }

    [Fact]
    public void Progress_reports_each_phase_and_the_bytes_written()
    {
        var reports = new List<FlashProgress>();
        Flash(Plan(Firmware), loaderOptions: new LoaderOptions { WriteChunkSize = 512 }, progress: reports);
        var phases = reports.Select(r => r.Phase).Distinct().ToArray();
        Assert.Equal([FlashPhase.HashCheck, FlashPhase.Erase, FlashPhase.Write, FlashPhase.WriteCheck, FlashPhase.Verify], phases);
        var writes = reports.Where(r => r.Phase == FlashPhase.Write).Select(r => r.BytesDone).ToArray();
        Assert.Equal([0, 512, 1024, 1536, 1712, 1712], writes);
        Assert.All(reports, r => Assert.Equal("firmware", r.Region));
    }

    [Fact]
    public void The_result_carries_per_phase_durations_and_bytes_sent()
    {
        loader.SectorEraseTime = TimeSpan.FromMilliseconds(45);
        var result = Flash(Plan(Firmware));
        var region = result.Regions[0];
        Assert.InRange(region.EraseDuration.TotalMilliseconds, 45, 60);
        Assert.True(region.WriteDuration > TimeSpan.Zero);
        Assert.True(region.VerifyDuration > TimeSpan.Zero);
        Assert.Equal(region.EraseDuration, result.TotalFor(FlashPhase.Erase));
        Assert.True(result.BytesSent > XzSample.Compressed.Length);
        Assert.Equal(result.BytesSent, region.BytesSent);
        Assert.True(result.Duration >= region.EraseDuration + region.WriteDuration + region.VerifyDuration);
    }

    [Fact]
    public void A_vanished_link_fails_at_once_without_retries()
    {
        loader.SilentCommands.Add(IspCommand.FlashErase);
        var result = VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "socket 1");
            var client = new LoaderClient(channel, time);
            await client.HandshakeAsync(2_000_000);
            peer.ScheduleAction(peer.CloseFromDevice, TimeSpan.FromMilliseconds(20));
            return await new Flasher(client).RunAsync(Plan(Firmware));
        });
        Assert.False(result.Succeeded);
        Assert.IsType<IspLinkException>(result.Failure!.Error);
        Assert.Equal(0, result.Retries);
    }

    [Fact]
    public void A_firmware_sized_region_goes_out_as_one_xz_stream_in_16_KiB_frames()
    {
        var image = Compression.FirmwareLikeData.Synthetic(262_144, seed: 7);
        var region = Written("firmware", FlashRegionKind.Firmware, 0x10000, image, XzEncoder.Encode(image));
        var result = Flash(Plan(region), loaderOptions: new LoaderOptions { WriteChunkSize = 16_384 });
        Assert.True(result.Succeeded, result.Failure?.Reason);
        var writes = loader.Frames.Where(f => f.Command == 0x3F).ToList();
        Assert.True(writes.Count >= 5);
        Assert.Equal((region.Compressed!.Value.Length + 16_383) / 16_384, writes.Count);
        Assert.All(writes.SkipLast(1), w => Assert.Equal(0x4004, w.Payload.Length));
        Assert.Equal(image, loader.Flash.AsSpan(0x10000, image.Length).ToArray());
    }

    [Fact]
    public void A_write_frame_refused_for_its_checksum_is_resent_from_the_same_offset_in_a_half_size_frame()
    {
        var image = Compression.FirmwareLikeData.Synthetic(65_536, seed: 3);
        var region = Written("firmware", FlashRegionKind.Firmware, 0x10000, image, XzEncoder.Encode(image));
        loader.FailCommands[IspCommand.FlashDecompressWrite] = (ushort)DeviceErrorCode.CMD_CRC_ERROR;
        loader.FailCommandsTimes = 1;

        var result = Flash(Plan(region), new FlasherOptions { ChecksumErrorResends = 4 }, new LoaderOptions { WriteChunkSize = 16_384 });

        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.Equal(1, result.ChecksumResends);
        Assert.Equal(0, result.Retries);
        var writes = loader.Frames.Where(f => f.Command == IspCommand.FlashDecompressWrite).ToList();
        Assert.Equal(16_384 + 4, writes[0].Payload.Length);
        Assert.Equal(8_192 + 4, writes[1].Payload.Length);
        // Both start the stream: the refused frame never reached the decoder.
        Assert.Equal(0x8001_0000u, BinaryPrimitives.ReadUInt32LittleEndian(writes[0].Payload));
        Assert.Equal(0x8001_0000u, BinaryPrimitives.ReadUInt32LittleEndian(writes[1].Payload));
        Assert.Equal(image, loader.Flash.AsSpan(0x10000, image.Length).ToArray());
    }

    [Fact]
    public void Without_resends_a_checksum_refusal_redoes_the_region_from_its_erase()
    {
        var region = Written("table", FlashRegionKind.PartitionTable, 0xE000, Pattern(272, 1));
        loader.FailCommands[IspCommand.FlashWrite] = (ushort)DeviceErrorCode.CMD_CRC_ERROR;
        loader.FailCommandsTimes = 1;

        var result = Flash(Plan(region), new FlasherOptions { HashSkip = false });

        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.Equal(1, result.Retries);
        Assert.Equal(2, loader.Frames.Count(f => f.Command == IspCommand.FlashErase));
    }

    [Fact]
    public void A_prefix_probe_that_matches_neither_image_nor_erased_flash_skips_the_full_hash()
    {
        var data = Pattern(64 * 1024, 5);
        var region = Written("firmware", FlashRegionKind.Firmware, 0x10000, data);
        Array.Fill(loader.Flash, (byte)0x12, 0x10000, data.Length);

        var result = Flash(Plan(region), new FlasherOptions { HashProbeLength = 4096, SkipEraseWhenErased = true });

        Assert.True(result.Succeeded, result.Failure?.Reason);
        var shas = loader.Frames.Where(f => f.Command == IspCommand.FlashReadSha).Select(EraseRange).ToList();
        // The probe over 4 KiB, then only the proof after writing.
        Assert.Equal([(0x10000u, 4096u), (0x10000u, (uint)data.Length)], shas);
        Assert.Single(loader.Frames, f => f.Command == IspCommand.FlashErase);
    }

    [Fact]
    public void A_probe_that_matches_the_image_leads_to_the_full_hash_and_a_skip()
    {
        var data = Pattern(64 * 1024, 5);
        var region = Written("firmware", FlashRegionKind.Firmware, 0x10000, data);
        data.CopyTo(loader.Flash, 0x10000);

        var result = Flash(Plan(region), new FlasherOptions { HashProbeLength = 4096 });

        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.True(result.Regions[0].SkippedByHash);
        Assert.DoesNotContain(loader.Frames, f => f.Command is IspCommand.FlashErase or IspCommand.FlashWrite);
        Assert.Equal(2, loader.Frames.Count(f => f.Command == IspCommand.FlashReadSha));
    }

    [Fact]
    public void A_region_whose_range_is_erased_is_written_without_an_erase_and_still_checked_and_verified()
    {
        var data = Pattern(20_000, 9);
        var region = Written("factory", FlashRegionKind.FactoryParameters, 0x1F0000, data);

        var result = Flash(Plan(region), new FlasherOptions { HashProbeLength = 4096, SkipEraseWhenErased = true });

        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.True(result.Regions[0].EraseSkipped);
        Assert.DoesNotContain(loader.Frames, f => f.Command == IspCommand.FlashErase);
        Assert.Contains(loader.Frames, f => f.Command == IspCommand.FlashWriteCheck);
        Assert.Equal((0x1F0000u, (uint)data.Length), loader.Frames.Where(f => f.Command == IspCommand.FlashReadSha).Select(EraseRange).Last());
        Assert.Equal(data, loader.Flash.AsSpan(0x1F0000, data.Length).ToArray());
    }

    [Fact]
    public void A_retry_after_a_failed_verify_erases_even_a_range_that_looked_erased()
    {
        loader.WriteProtected = true;
        var region = Written("factory", FlashRegionKind.FactoryParameters, 0x1F0000, Pattern(20_000, 9));

        var result = Flash(Plan(region), new FlasherOptions { HashProbeLength = 4096, SkipEraseWhenErased = true, RegionAttempts = 2 });

        Assert.False(result.Succeeded);
        Assert.Equal(FlashPhase.Verify, result.Failure!.Phase);
        Assert.Single(loader.Frames, f => f.Command == IspCommand.FlashErase);
    }

    [Fact]
    public void Only_the_sectors_in_use_of_a_clean_slate_range_are_erased_and_the_whole_range_is_verified()
    {
        var psm = EraseOnly("erase PSM", 0x1E9000, 0x8000);
        loader.Flash[0x1E9000] = 0x00;
        loader.Flash[0x1EB010] = 0x00;
        loader.Flash[0x1EC000] = 0x00;

        var result = Flash(Plan(psm), new FlasherOptions { HashProbeLength = 4096, EraseOnlyUsedSectors = true });

        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.Equal([(0x1E9000u, 0x1E9FFFu), (0x1EB000u, 0x1ECFFFu)], loader.Frames.Where(f => f.Command == IspCommand.FlashErase).Select(EraseRange));
        Assert.Equal(3 * 4096, result.Regions[0].ErasedLength);
        Assert.Equal((0x1E9000u, 0x8000u), loader.Frames.Where(f => f.Command == IspCommand.FlashReadSha).Select(EraseRange).Last());
        Assert.All(loader.Flash.AsSpan(0x1E9000, 0x8000).ToArray(), b => Assert.Equal(0xFF, b));
    }

    private static byte[] Noise(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static readonly LoaderOptions SixteenKiBFrames = new() { WriteChunkSize = LoaderOptions.MaxWriteChunk };

    private static int DataBytes(LoaderFrame f) => f.Payload.Length - 4;

    [Fact]
    public void A_frame_too_big_for_the_helpers_buffer_falls_back_to_4096_byte_frames_after_one_resync()
    {
        loader.MaxFramePayload = 4 + 8192; // an older helper's buffer
        var data = Noise(40_000, 7);

        var result = Flash(Plan(Written("firmware", FlashRegionKind.Firmware, 0x10000, data)), new FlasherOptions { FrameSizeFallback = true }, SixteenKiBFrames);

        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.Equal(new FrameSizeFallback("firmware", LoaderOptions.MaxWriteChunk, 4096), result.FrameSizeFallback);
        Assert.Contains("frame_size_fallback", result.FrameSizeFallback!.ToString(), StringComparison.Ordinal);
        Assert.Equal(data, loader.Flash.AsSpan(0x10000, data.Length).ToArray());
        // The 16 KiB frame never completes; the loader swallows the re-sync's first burst with it and takes
        // the handshake only after its idle drop.
        Assert.Equal(1, loader.OversizedFramesDropped);
        Assert.Equal(2, loader.Handshakes);
        Assert.All(loader.Frames.Where(f => f.Command == IspCommand.FlashWrite), f => Assert.InRange(DataBytes(f), 1, 4096));
        Assert.Equal(1, result.Regions[0].Attempts);
        Assert.True(result.Resyncs >= 1);
    }

    [Fact]
    public void A_compressed_stream_starts_again_in_small_frames_after_the_fallback()
    {
        loader.MaxFramePayload = 4 + 8192;
        var data = Noise(40_000, 8);
        var region = Written("firmware", FlashRegionKind.Firmware, 0x10000, data, XzEncoder.Encode(data));

        var result = Flash(Plan(region), new FlasherOptions { FrameSizeFallback = true }, SixteenKiBFrames);

        Assert.True(result.Succeeded, result.Failure?.Reason);
        Assert.NotNull(result.FrameSizeFallback);
        Assert.Equal(data, loader.Flash.AsSpan(0x10000, data.Length).ToArray());
        var streamStarts = loader.Frames.Where(f => f.Command == IspCommand.FlashDecompressWrite && (f.Payload[3] & 0x80) != 0).ToList();
        Assert.Single(streamStarts);
        Assert.InRange(DataBytes(streamStarts[0]), 1, 4096);
    }

    [Fact]
    public void Without_the_fallback_a_frame_too_big_for_the_buffer_fails_the_region()
    {
        loader.MaxFramePayload = 4 + 8192;

        var result = Flash(Plan(Written("firmware", FlashRegionKind.Firmware, 0x10000, Noise(40_000, 9))), new FlasherOptions { RegionAttempts = 1 }, SixteenKiBFrames);

        Assert.False(result.Succeeded);
        Assert.Null(result.FrameSizeFallback);
        Assert.Equal(FlashPhase.Write, result.Failure!.Phase);
    }

    [Fact]
    public void The_fallback_happens_once_a_helper_that_takes_less_than_4096_still_fails()
    {
        loader.MaxFramePayload = 4 + 2048;

        var result = Flash(Plan(Written("firmware", FlashRegionKind.Firmware, 0x10000, Noise(40_000, 10))), new FlasherOptions { FrameSizeFallback = true, RegionAttempts = 1 }, SixteenKiBFrames);

        Assert.False(result.Succeeded);
        Assert.NotNull(result.FrameSizeFallback);
        // The 16 KiB frame, then a 4096-byte frame: no second fallback.
        Assert.Equal(2, loader.OversizedFramesDropped);
    }
}
