using System.IO.Hashing;
using System.Security.Cryptography;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Loader;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests.Loader;

/// <summary>Protocol reference §2.3, §3, §6 and §10 "eflash_loader model", byte for byte.</summary>
public class LoaderConformanceTests
{
    [Theory]
    [InlineData(2_000_000, 2_000_000)]
    [InlineData(1_000_000, 1_000_000)]
    [InlineData(3_000_000, 3_000_000)]
    [InlineData(921_600, 930_232)]
    [InlineData(1_152_000, 1_000_000)]
    [InlineData(500_000, 500_000)]
    public void The_loader_snaps_rates_above_970k_to_multiples_of_500k(int host, int loader)
    {
        Assert.Equal(loader, LoaderModel.SnappedRate(host));
    }

    [Fact]
    public void Handshake_at_921600_is_answered_readably_at_the_measured_930232()
    {
        var bench = new Bench().EnterLoader(921_600);
        Assert.Equal(24, bench.Exchange(Bench.Frame(0x10, [])).Length);
    }

    [Fact]
    public void A_rate_the_loader_would_mangle_never_answers_a_readable_OK()
    {
        var bench = new Bench().PowerUpInBootrom();
        bench.Sync();
        bench.LoadHelper(Bench.HelperImage());
        bench.Step(100);
        bench.Link.SetBaudRate(1_152_000);
        var reply = bench.Sync();
        Assert.NotEqual(Bench.Ok, reply);
        Assert.DoesNotContain(reply.Select((b, i) => i + 1 < reply.Length && b == 0x4F && reply[i + 1] == 0x4B), x => x);
    }

    [Fact]
    public void Get_boot_info_reports_version_FFFFFFFF()
    {
        var reply = new Bench().EnterLoader().Exchange(Bench.Frame(0x10, []));
        Assert.Equal([0x4F, 0x4B, 0x14, 0x00, 0xFF, 0xFF, 0xFF, 0xFF], reply[..8]);
    }

    [Fact]
    public void The_reference_erase_vector_with_its_checksum_is_accepted()
    {
        var bench = new Bench().EnterLoader();
        byte[] vector = [0x30, 0x18, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0xFF, 0x0F, 0x01, 0x00];
        Assert.Equal(Bench.CheckedFrame(0x30, Bench.Words(0x10000, 0x10FFF)), vector);
        Assert.Equal(Bench.Concat(PendingPairs(1), Bench.Ok), bench.Exchange(vector, 100));
    }

    [Fact]
    public void A_wrong_non_zero_checksum_is_FL_0103_and_zero_means_not_checked()
    {
        var bench = new Bench().EnterLoader();
        var frame = Bench.CheckedFrame(0x3D, Bench.Words(0x10000, 0x1000));
        Assert.Equal(0x19, frame[1]);
        frame[1] ^= 0x40;
        Assert.Equal(new byte[] { 0x46, 0x4C, 0x03, 0x01 }, bench.Exchange(frame));
        Assert.Equal(36, bench.Exchange(Bench.Frame(0x3D, Bench.Words(0x10000, 0x1000))).Length);
    }

    [Fact]
    public void A_checksum_error_on_efuse_write_drops_to_handshake()
    {
        var bench = new Bench().EnterLoader();
        var frame = Bench.CheckedFrame(0x40, Bench.Words(0x7C, 0));
        frame[1] ^= 1;
        Assert.Equal(Bench.Fail(0x0103), bench.Exchange(frame));
        Assert.Empty(bench.Exchange(Bench.Frame(0x36, [])));
        Assert.Equal(Bench.Ok, bench.Sync());
    }

    [Fact]
    public void An_unknown_id_gets_no_reply_at_all()
    {
        var bench = new Bench().EnterLoader();
        Assert.Empty(bench.Exchange(Bench.Frame(0x20, Bench.Words(500_000, 2_000_000)), 200));
        Assert.Equal(8, bench.Exchange(Bench.Frame(0x36, [])).Length);
    }

    [Fact]
    public void A_frame_longer_than_the_receive_buffer_never_completes_and_two_empty_receives_later_the_loader_wants_a_handshake()
    {
        var bench = new Bench().EnterLoader();
        Assert.Empty(bench.Exchange(Bench.Frame(0x31, new byte[0x4005]), 200));
        // The buffer holds the start of the oversized frame: a JEDEC read behind it is never answered.
        Assert.Empty(bench.Exchange(Bench.Frame(0x36, []), 1500));
        bench.Step(2400); // the second 2 s receive ends: back to handshake mode
        Assert.Empty(bench.Exchange(Bench.Frame(0x36, []), 100));
        Assert.Equal(Bench.Ok, bench.Sync());
        Assert.Equal(8, bench.Exchange(Bench.Frame(0x36, [])).Length);
    }

    [Fact]
    public void A_handshake_burst_sent_after_the_loader_answered_blocks_it_until_two_receives_have_passed()
    {
        var bench = new Bench().EnterLoader();

        // 0x55 0x55 reads as a frame of 0x5555 bytes: longer than the buffer, it never completes.
        Assert.Empty(bench.Exchange(Enumerable.Repeat((byte)0x55, 600).ToArray(), 10));
        Assert.Empty(bench.Exchange(Bench.Frame(0x36, []), 3000));
        bench.Step(1100);
        Assert.Equal(Bench.Ok, bench.Sync());
        Assert.Equal(8, bench.Exchange(Bench.Frame(0x36, [])).Length);
    }

    [Fact]
    public void The_third_failing_command_drops_to_handshake()
    {
        var bench = new Bench().EnterLoader();
        Assert.Equal(Bench.Fail(0x0002), bench.Exchange(Bench.Frame(0x30, new byte[4])));
        Assert.Equal(Bench.Fail(0x0004), bench.Exchange(Bench.Frame(0x32, new byte[4])));
        Assert.Equal(8, bench.Exchange(Bench.Frame(0x36, [])).Length);
        Assert.Equal(Bench.Fail(0x0008), bench.Exchange(Bench.Frame(0x3B, new byte[5])));
        Assert.Empty(bench.Exchange(Bench.Frame(0x36, [])));
        Assert.Equal(Bench.Ok, bench.Sync());
        Assert.Equal(8, bench.Exchange(Bench.Frame(0x36, [])).Length);
    }

    [Fact]
    public void Two_idle_periods_drop_to_handshake_but_one_does_not()
    {
        var bench = new Bench().EnterLoader();
        bench.Step(3000);
        Assert.Equal(8, bench.Exchange(Bench.Frame(0x36, [])).Length);
        bench.Step(4100);
        Assert.Empty(bench.Exchange(Bench.Frame(0x36, [])));
        Assert.Equal(Bench.Ok, bench.Sync());
    }

    [Fact]
    public void Erase_sends_PD_before_each_unit_chosen_by_the_loaders_rule_and_takes_the_modelled_time()
    {
        var bench = new Bench().EnterLoader();
        bench.Unit.LoadFlash(0x10000, new byte[762_336]); // not blank: stock firmware was there
        bench.Link.Stream.Write(Bench.Frame(0x30, Bench.Words(0x10000, 0xCA1DF)));
        var start = bench.Clock.Elapsed;
        var reply = new List<byte>();
        while (!reply.Skip(Math.Max(0, reply.Count - 2)).SequenceEqual(Bench.Ok))
        {
            bench.Step(1);
            reply.AddRange(bench.ReadAll());
        }

        // 11 × 64 KiB + 1 × 32 KiB + 3 sectors = 15 units: 2200 + 120 + 135 ms.
        Assert.Equal(Bench.Concat(PendingPairs(15), Bench.Ok), reply.ToArray());
        var elapsed = (bench.Clock.Elapsed - start).TotalMilliseconds;
        Assert.InRange(elapsed, 2455, 2470);
        Assert.True(bench.Unit.Flash.IsBlank(0x10000, 0xBA1E0));
        Assert.True(bench.Unit.Flash.IsBlank(0xCA1E0, 0xE20)); // the last sector is erased whole
    }

    [Fact]
    public void Winbond_blank_skip_answers_without_erasing_and_other_makers_always_erase()
    {
        var winbond = new Bench().EnterLoader();
        Assert.Equal(Bench.Ok, winbond.Exchange(Bench.Frame(0x30, Bench.Words(0x10000, 0xCA1DF)), 200));

        var giga = new Bench(new UnitFaults { JedecId = [0xC8, 0x40, 0x15] }).EnterLoader();
        var reply = giga.Exchange(Bench.Frame(0x30, Bench.Words(0x10000, 0xCA1DF)), 3000);
        Assert.Equal(Bench.Concat(PendingPairs(15), Bench.Ok), reply);
    }

    [Fact]
    public void A_short_winbond_range_is_erased_even_when_blank()
    {
        var bench = new Bench().EnterLoader();
        Assert.Equal(Bench.Concat(PendingPairs(2), Bench.Ok), bench.Exchange(Bench.Frame(0x30, Bench.Words(0x1F8000, 0x1F9729)), 200));
    }

    [Fact]
    public void An_erase_error_is_FL_0003_and_recorded()
    {
        var bench = new Bench(new UnitFaults { EraseErrorAt = 0x12345 }).EnterLoader();
        bench.Unit.LoadFlash(0x10000, new byte[0x10000]);
        var reply = bench.Exchange(Bench.Frame(0x30, Bench.Words(0x10000, 0x1FFFF)), 500);
        Assert.Equal(Bench.Fail(0x0003), reply[^4..]);
        Assert.Contains(bench.Unit.Record.Fired, f => f.Kind == FaultKind.EraseError);
    }

    [Fact]
    public void Flash_write_checks_its_payload_0004_and_address_0005_and_programs_by_AND()
    {
        var bench = new Bench().EnterLoader();
        Assert.Equal(Bench.Fail(0x0004), bench.Exchange(Bench.Frame(0x31, Bench.Words(0x1000))));
        Assert.Equal(Bench.Fail(0x0005), bench.Exchange(Bench.Frame(0x31, Bench.Concat(Bench.Words(0xFFFFFFFF), [1]))));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x31, Bench.Concat(Bench.Words(0x2000), [0xF0, 0x0F]))));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x31, Bench.Concat(Bench.Words(0x2000), [0x3C, 0x3C]))));
        var read = bench.Exchange(Bench.Frame(0x32, Bench.Words(0x2000, 2)));
        Assert.Equal(new byte[] { 0x4F, 0x4B, 0x02, 0x00, 0x30, 0x0C }, read);
    }

    [Fact]
    public void A_page_that_stays_busy_answers_FL_0006_after_the_early_OK_latches_for_write_check_and_erase_clears_it()
    {
        var bench = new Bench(new UnitFaults { ProgramTimeoutAt = 0x2001 }).EnterLoader();
        Assert.Equal(Bench.Concat(Bench.Ok, Bench.Fail(0x0006)), bench.Exchange(Bench.Frame(0x31, Bench.Concat(Bench.Words(0x2000), new byte[16]))));
        Assert.Equal(Bench.Fail(0x0006), bench.Exchange(Bench.Frame(0x3A, [])));
        Assert.Equal(Bench.Concat(PendingPairs(1), Bench.Ok), bench.Exchange(Bench.Frame(0x30, Bench.Words(0x2000, 0x2FFF)), 100));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3A, [])));
    }

    [Fact]
    public void Acknowledging_after_programming_is_a_variant_whose_failure_replaces_the_OK()
    {
        var bench = new Bench(new UnitFaults { ProgramTimeoutAt = 0x2001, AckMode = LoaderAckMode.AfterProgramming }).EnterLoader();
        Assert.Equal(Bench.Fail(0x0006), bench.Exchange(Bench.Frame(0x31, Bench.Concat(Bench.Words(0x2000), new byte[2048])), 50));
        Assert.Equal(Bench.Fail(0x0006), bench.Exchange(Bench.Frame(0x3A, [])));
    }

    [Fact]
    public void A_defective_page_is_written_without_complaint_and_only_the_SHA_256_shows_it()
    {
        var bench = new Bench(new UnitFaults { ProgramErrorAt = 0x2001 }).EnterLoader();
        var data = new byte[16];
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x31, Bench.Concat(Bench.Words(0x2000), data))));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3A, [])));
        var sha = bench.Exchange(Bench.Frame(0x3D, Bench.Words(0x2000, 16)));
        Assert.NotEqual(SHA256.HashData(data), sha[4..]);
        Assert.Equal(0xFF, bench.Unit.Flash.View(0x2001, 1)[0]);
    }

    [Fact]
    public void The_deaf_early_ack_mode_loses_a_frame_sent_while_programming()
    {
        var bench = new Bench(new UnitFaults { AckMode = LoaderAckMode.BeforeProgrammingDeaf }).EnterLoader();
        bench.ReadAll();
        bench.Link.Stream.Write(Bench.Frame(0x31, Bench.Concat(Bench.Words(0x4000), new byte[4096])));
        bench.Step(25); // wire ≈ 20.5 ms, OK comes back at once; programming 16 pages ≈ 9.6 ms is still running
        Assert.Equal(Bench.Ok, bench.ReadAll());
        Assert.Empty(bench.Exchange(Bench.Frame(0x36, []), 100));
        Assert.Equal(8, bench.Exchange(Bench.Frame(0x36, [])).Length);
    }

    [Fact]
    public void By_default_the_loader_acknowledges_a_write_on_receipt_and_buffers_a_frame_sent_while_it_programs()
    {
        var bench = new Bench().EnterLoader();
        bench.ReadAll();
        bench.Link.Stream.Write(Bench.Frame(0x31, Bench.Concat(Bench.Words(0x4000), new byte[4096])));
        bench.Step(23); // wire ≈ 20.5 ms + OK + 1.5 ms turnaround; programming the 16 pages (≈ 9.6 ms) has only begun

        Assert.Equal(Bench.Ok, bench.ReadAll());
        Assert.Equal(0xFF, bench.Unit.Flash.View(0x4FFF, 1)[0]);
        Assert.Equal(8, bench.Exchange(Bench.Frame(0x36, []), 100).Length);
        Assert.Equal(0x00, bench.Unit.Flash.View(0x4FFF, 1)[0]);
    }

    [Fact]
    public void Write_protected_flash_acknowledges_everything_and_changes_nothing()
    {
        var bench = new Bench(new UnitFaults { WriteProtected = true }).EnterLoader();
        bench.Unit.LoadFlash(0x3000, [1, 2, 3, 4]);
        Assert.Equal(Bench.Concat(PendingPairs(1), Bench.Ok), bench.Exchange(Bench.Frame(0x30, Bench.Words(0x3000, 0x3FFF)), 100));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x31, Bench.Concat(Bench.Words(0x3000), [0, 0, 0, 0]))));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3A, [])));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, bench.Exchange(Bench.Frame(0x32, Bench.Words(0x3000, 4)))[4..]);
        Assert.Equal(0x1C, bench.Exchange(Bench.Frame(0x37, Bench.Words(0x05, 1)))[4]);
    }

    [Fact]
    public void Read_is_capped_at_0x4004_and_checks_its_payload()
    {
        var bench = new Bench().EnterLoader();
        var reply = bench.Exchange(Bench.Frame(0x32, Bench.Words(0, 0x8000)), 200);
        Assert.Equal(new byte[] { 0x4F, 0x4B, 0x04, 0x40 }, reply[..4]);
        Assert.Equal(4 + 0x4004, reply.Length);
        Assert.Equal(Bench.Fail(0x0004), bench.Exchange(Bench.Frame(0x34, Bench.Words(0))));
    }

    [Fact]
    public void ReadSha_and_XipReadSha_hash_the_flash_and_check_their_payload()
    {
        var bench = new Bench().EnterLoader();
        var data = XzTestStreams.CodeLike(5000);
        bench.Unit.LoadFlash(0x10000, data);
        var expected = Bench.Concat(Bench.Ok, [0x20, 0x00], SHA256.HashData(data));
        Assert.Equal(expected, bench.Exchange(Bench.Frame(0x3D, Bench.Words(0x10000, 5000))));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x60, [])));
        Assert.Equal(expected, bench.Exchange(Bench.Frame(0x3E, Bench.Words(0x10000, 5000))));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x61, [])));
        Assert.Equal(Bench.Fail(0x0004), bench.Exchange(Bench.Frame(0x3D, Bench.Words(0x10000))));
    }

    [Fact]
    public void Jedec_id_carries_the_units_flag_byte_and_a_foreign_capacity_sizes_the_flash()
    {
        // The real units' vendor loader sent ef401500; a unit file may say 0x80 (a loader that recognised the part).
        Assert.Equal(new byte[] { 0x4F, 0x4B, 0x04, 0x00, 0xEF, 0x40, 0x15, 0x00 }, new Bench().EnterLoader().Exchange(Bench.Frame(0x36, [])));
        var recognised = new Bench(options: new SimulatedUnitOptions { Identity = RealUnits.Unit9666 with { JedecReplyFlag = 0x80 } }).EnterLoader();
        Assert.Equal(new byte[] { 0x4F, 0x4B, 0x04, 0x00, 0xEF, 0x40, 0x15, 0x80 }, recognised.Exchange(Bench.Frame(0x36, [])));
        var foreign = new Bench(new UnitFaults { JedecId = [0x12, 0x34, 0x16] }).EnterLoader();
        Assert.Equal(new byte[] { 0x4F, 0x4B, 0x04, 0x00, 0x12, 0x34, 0x16, 0x00 }, foreign.Exchange(Bench.Frame(0x36, [])));
        Assert.Equal(4 * 1024 * 1024, foreign.Unit.Flash.Size);
    }

    [Fact]
    public void Efuse_read_mac_is_slot_0_as_stored_with_its_crc32()
    {
        var reply = new Bench().EnterLoader().Exchange(Bench.Frame(0x42, []));
        byte[] reversed = [0xED, 0xB7, 0x6B, 0x29, 0xD8, 0xAC]; // AC:D8:29:6B:B7:ED, the 9666 unit's chip id
        Assert.Equal(Bench.Concat(Bench.Ok, [0x0A, 0x00], reversed, Bench.Words(Crc32.HashToUInt32(reversed))), reply);
    }

    [Fact]
    public void Efuse_read_aligns_caps_and_checks_0404_0405()
    {
        var bench = new Bench().EnterLoader();
        var reply = bench.Exchange(Bench.Frame(0x41, Bench.Words(0x17, 0x100)));
        Assert.Equal(4 + 0x80 - 0x14, reply.Length);
        Assert.Equal(new byte[] { 0xED, 0xB7, 0x6B, 0x29, 0xD8, 0xAC }, reply[4..10]);
        Assert.Equal(Bench.Fail(0x0404), bench.Exchange(Bench.Frame(0x41, Bench.Words(0))));
        Assert.Equal(Bench.Fail(0x0405), bench.Exchange(Bench.Frame(0x41, Bench.Words(0x80, 4))));
    }

    [Fact]
    public void Efuse_write_checks_0401_0402_and_only_sets_bits()
    {
        var bench = new Bench().EnterLoader();
        Assert.Equal(Bench.Fail(0x0401), bench.Exchange(Bench.Frame(0x40, Bench.Words(0x70))));
        Assert.Equal(Bench.Fail(0x0402), bench.Exchange(Bench.Frame(0x40, Bench.Concat(Bench.Words(0x80), [1]))));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x40, Bench.Concat(Bench.Words(0x72), [0x00, 0x00, 0x00, 0x81]))));
        Assert.Equal(0x81, bench.Unit.Efuse.Raw.Span[0x73]);
    }

    [Fact]
    public void Other_commands_check_their_payload_lengths()
    {
        var bench = new Bench().EnterLoader();
        Assert.Equal(Bench.Fail(0x0009), bench.Exchange(Bench.Frame(0x37, Bench.Words(5))));
        Assert.Equal(Bench.Fail(0x000A), bench.Exchange(Bench.Frame(0x38, Bench.Words(1, 1))));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x38, Bench.Words(1, 1, 0))));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3B, Bench.Words(0x000101FF))));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3B, new byte[88])));

        bench = new Bench().EnterLoader();
        Assert.Equal(Bench.Fail(0x0401), bench.Exchange(Bench.Frame(0x50, new byte[12])));
        Assert.Equal(Bench.Fail(0x0404), bench.Exchange(Bench.Frame(0x51, new byte[4])));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x50, Bench.Words(0x42020000, 0xCAFEF00D))));
        Assert.Equal(Bench.Concat(Bench.Ok, [4, 0], Bench.Words(0xCAFEF00D)), bench.Exchange(Bench.Frame(0x51, Bench.Words(0x42020000, 4))));
        var log = bench.Exchange(Bench.Frame(0x71, []));
        Assert.Contains("handshake at 2000000 baud", System.Text.Encoding.ASCII.GetString(log[4..]));
    }

    [Fact]
    public void Chip_erase_sends_PD_about_every_second()
    {
        var bench = new Bench().EnterLoader();
        bench.Unit.LoadFlash(0, new byte[16]);
        var reply = bench.Exchange(Bench.Frame(0x3C, []), 5100);
        Assert.Equal(Bench.Concat(PendingPairs(4), Bench.Ok), reply);
        Assert.True(bench.Unit.Flash.IsBlank(0, 16));
    }

    [Fact]
    public void Reset_restarts_the_chip_5_ms_later_into_the_bootrom_while_BOOT_is_high()
    {
        var bench = new Bench().EnterLoader();
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x21, []), 10));
        Assert.Equal(UnitActivity.Bootrom, bench.Unit.Activity);
        Assert.Equal("reset command 0x21", bench.Unit.Record.Boots[^1].Reason);
        bench.Link.SetBaudRate(500_000);
        Assert.Equal(Bench.Ok, bench.Sync());
    }

    [Fact]
    public void Flash_boot_starts_the_firmware_from_flash_without_a_reset()
    {
        var started = 0;
        var bench = new Bench(options: new SimulatedUnitOptions { FirmwareStarter = _ => { started++; return new NoRun(); } }).EnterLoader();
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x33, [])));
        Assert.Equal(UnitActivity.Firmware, bench.Unit.Activity);
        Assert.Equal(1, started);
        Assert.Equal(BootTarget.Flash, bench.Unit.Record.Boots[^1].Target);
    }

    internal static byte[] PendingPairs(int count) => Enumerable.Range(0, count).SelectMany(_ => new byte[] { 0x50, 0x44 }).ToArray();

    private sealed class NoRun : IFirmwareRun
    {
        public void Stop()
        {
        }
    }
}
