using System.Security.Cryptography;
using Fixture.Simulator.Faults;

namespace Fixture.Simulator.Tests.Loader;

/// <summary>0x3F as the device does it (protocol reference §6.4): xz-embedded, 32 KiB dictionary, 4 KiB output pieces.</summary>
public class DecompressWriteTests
{
    private const uint Start = 0x8000_0000;

    [Fact]
    public void A_stored_lzma2_stream_is_written_and_the_partial_last_piece_lands_only_at_stream_end()
    {
        var bench = Erased(0x10000, 0x1FFFF);
        var data = XzTestStreams.CodeLike(10_000);
        var xz = XzTestStreams.Stored(data);
        var split = xz.Length - 40; // the last 40 bytes carry the end of the data, the check, index and footer
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(Start | 0x10000), xz[..split])), 100));
        Assert.Equal(data[..8192], Flash(bench, 0x10000, 8192));
        Assert.True(bench.Unit.Flash.IsBlank(0x12000, 4096));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(0x10000 + (uint)split), xz[split..])), 100));
        Assert.Equal(data, Flash(bench, 0x10000, data.Length));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3A, [])));
    }

    [SkippableFact]
    public void Liblzma_output_with_a_32KiB_dictionary_decodes_in_2048_byte_frames()
    {
        Skip.IfNot(XzTestStreams.XzCommandAvailable, "the xz command is not installed");
        var data = XzTestStreams.CodeLike(200_000, seed: 3);
        var xz = XzTestStreams.Liblzma(data);
        var bench = Erased(0x10000, 0x10000 + (uint)data.Length - 1);
        for (var offset = 0; offset < xz.Length; offset += 2048)
        {
            var address = offset == 0 ? Start | 0x10000 : 0x10000 + (uint)offset;
            var chunk = xz.AsSpan(offset, Math.Min(2048, xz.Length - offset));
            Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(address), chunk.ToArray())), 150));
        }

        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3A, [])));
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(Flash(bench, 0x10000, data.Length)));
    }

    [SkippableFact]
    public void A_dictionary_above_32KiB_is_an_xz_error_after_the_early_ok_or_in_its_place_and_latches_nothing()
    {
        Skip.IfNot(XzTestStreams.XzCommandAvailable, "the xz command is not installed");
        var xz = XzTestStreams.Liblzma(XzTestStreams.CodeLike(5000), dictionary: "64KiB");
        var early = Erased(0x10000, 0x1FFFF);
        Assert.Equal(Bench.Concat(Bench.Ok, Bench.Fail(0x000C)), early.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(Start | 0x10000), xz))));
        Assert.Equal(Bench.Ok, early.Exchange(Bench.Frame(0x3A, []))); // only program failures latch (0x000B)

        var after = Erased(0x10000, 0x1FFFF, new UnitFaults { AckMode = LoaderAckMode.AfterProgramming });
        Assert.Equal(Bench.Fail(0x000C), after.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(Start | 0x10000), xz))));
    }

    [Fact]
    public void The_stored_stream_with_a_64KiB_dictionary_is_refused_too()
    {
        var xz = XzTestStreams.Stored(new byte[100], dictionaryCode: 8);
        var early = Erased(0x10000, 0x1FFFF, new UnitFaults { AckMode = LoaderAckMode.BeforeProgramming });
        Assert.Equal(Bench.Concat(Bench.Ok, Bench.Fail(0x000C)), early.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(Start | 0x10000), xz))));
    }

    [Theory]
    [InlineData((byte)0)]
    [InlineData((byte)1)]
    public void Crc32_and_no_check_are_accepted(byte check)
    {
        var data = XzTestStreams.CodeLike(3000);
        var bench = Erased(0x10000, 0x1FFFF);
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(Start | 0x10000), XzTestStreams.Stored(data, check)))));
        Assert.Equal(data, Flash(bench, 0x10000, data.Length));
    }

    [Fact]
    public void A_crc64_check_fails_the_decoder_initialisation_FL_000C_without_OK_even_when_acking_early()
    {
        var bench = Erased(0x10000, 0x1FFFF, new UnitFaults { AckMode = LoaderAckMode.BeforeProgramming });
        var xz = XzTestStreams.Stored(new byte[100], checkType: 4);
        Assert.Equal(Bench.Fail(0x000C), bench.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(Start | 0x10000), xz))));
    }

    [Fact]
    public void A_lzma_alone_stream_is_not_an_xz_container_FL_000C()
    {
        var bench = Erased(0x10000, 0x1FFFF);
        byte[] lzmaAlone = [0x5D, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00];
        Assert.Equal(Bench.Fail(0x000C), bench.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(Start | 0x10000), lzmaAlone))));
    }

    [Fact]
    public void A_wrong_block_check_is_an_xz_error_FL_000C_after_the_OK_and_the_write_check_stays_clean()
    {
        var bench = Erased(0x10000, 0x1FFFF);
        var xz = XzTestStreams.Stored(new byte[5000], corruptCheck: true);
        Assert.Equal(Bench.Concat(Bench.Ok, Bench.Fail(0x000C)), bench.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(Start | 0x10000), xz))));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3A, [])));
    }

    [Fact]
    public void Decompress_write_shorter_than_5_bytes_is_FL_000B()
    {
        var bench = new Bench().EnterLoader();
        Assert.Equal(Bench.Fail(0x000B), bench.Exchange(Bench.Frame(0x3F, Bench.Words(Start))));
    }

    [Fact]
    public void Programming_only_clears_bits_so_an_unerased_target_fails_the_verify_not_the_write()
    {
        var bench = new Bench().EnterLoader();
        bench.Unit.LoadFlash(0x10000, Enumerable.Repeat((byte)0x0F, 5000).ToArray());
        var data = Enumerable.Repeat((byte)0xF0, 5000).ToArray();
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(Start | 0x10000), XzTestStreams.Stored(data)))));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3A, [])));
        Assert.All(Flash(bench, 0x10000, 5000), b => Assert.Equal(0x00, b));
    }

    [Fact]
    public void A_program_failure_during_decompress_write_is_FL_000B_after_the_OK_and_latched()
    {
        var bench = Erased(0x10000, 0x1FFFF, new UnitFaults { ProgramTimeoutAt = 0x10010 });
        Assert.Equal(Bench.Concat(Bench.Ok, Bench.Fail(0x000B)), bench.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(Start | 0x10000), XzTestStreams.Stored(new byte[5000])))));
        Assert.Equal(Bench.Fail(0x000B), bench.Exchange(Bench.Frame(0x3A, [])));
    }

    [Fact]
    public void A_brown_out_after_n_programmed_bytes_resets_the_unit_into_the_bootrom()
    {
        var bench = Erased(0x10000, 0x2FFFF, new UnitFaults { BrownOutAfterProgrammedBytes = 6000 });
        var xz = XzTestStreams.Stored(new byte[20_000]);
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(Start | 0x10000), xz[..5000]))));
        // The OK goes out on receipt; the unit browns out while programming what the frame decoded.
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(0x10000 + 5000), xz[5000..10000]))));
        Assert.Equal(Fixture.Simulator.Unit.UnitActivity.Bootrom, bench.Unit.Activity);
        Assert.Contains(bench.Unit.Record.Fired, f => f.Kind == FaultKind.BrownOut);
        Assert.Equal("brown-out", bench.Unit.Record.Boots[^2].EndReason);
    }

    private static Bench Erased(uint start, uint end, UnitFaults? faults = null)
    {
        var bench = new Bench(faults).EnterLoader();
        bench.Exchange(Bench.Frame(0x30, Bench.Words(start, end)), 3000);
        return bench;
    }

    private static byte[] Flash(Bench bench, uint address, int length)
    {
        var bytes = new byte[length];
        bench.Unit.Flash.Read(address, bytes);
        return bytes;
    }
}
