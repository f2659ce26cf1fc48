using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests.Retrofit;

/// <summary>
/// Issue 14's backup on the device side, in raw frames: the whole flash comes back through 0x32 in the
/// loader's largest read (16 KiB), 0x3D hashes the same range, and a backup written to a blank unit boots the
/// stock firmware again through flash_boot (0x33) with BOOT still high.
/// </summary>
public class WholeFlashBackupTests
{
    private const int ReadChunk = 0x4000;

    [Fact]
    public void A_2_MB_flash_reads_back_whole_in_16_KiB_frames_and_its_SHA_256_matches()
    {
        var bench = FreshUnit(RealUnits.All[1]);
        Assert.Equal(0x200000, bench.Unit.Flash.Size);

        var image = ReadWholeFlash(bench);

        Assert.Equal(bench.Unit.Flash.View(0, bench.Unit.Flash.Size).ToArray(), image);
        Assert.Equal(SHA256.HashData(image), ReadSha(bench, 0, (uint)image.Length));
    }

    [Fact]
    public void A_read_longer_than_the_loaders_buffer_is_cut_to_0x4004_bytes()
    {
        var bench = FreshUnit(RealUnits.All[1]);
        var reply = bench.Exchange(Bench.Frame(0x32, Bench.Words(0, 0x5000)), 200);
        Assert.Equal(0x4004, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(2)));
        Assert.Equal(4 + 0x4004, reply.Length);
    }

    [Fact]
    public void The_1_MB_unit_file_reports_a_1_MB_part_and_holds_the_stock_firmware()
    {
        var identity = UnitFile.Load(RepositoryPaths.Units("bl602l10-1mb.json"));
        var bench = FreshUnit(identity);

        Assert.Equal(0x100000, bench.Unit.Flash.Size);
        Assert.Equal(Bench.Concat(Bench.Ok, [0x04, 0x00, 0xEF, 0x40, 0x14, 0x80]), bench.Exchange(Bench.Frame(0x36, [])));
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x33, []), 5)[..2]);
        bench.Step(3000);
        Assert.Contains("-Welcome to AliOS Things-", Encoding.ASCII.GetString(bench.ReadAll()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_backup_of_a_stock_unit_written_to_a_blank_unit_boots_the_stock_firmware_through_flash_boot()
    {
        var identity = UnitFile.Load(RepositoryPaths.Units("bl602l10-1mb.json"));
        var original = FreshUnit(identity);
        var backup = ReadWholeFlash(original);
        Assert.Equal(SHA256.HashData(backup), ReadSha(original, 0, (uint)backup.Length));

        var blank = FreshUnit(identity with { FlashContent = UnitFlashContent.Blank });
        Assert.True(blank.Unit.Flash.IsBlank(0, blank.Unit.Flash.Size));
        var erase = blank.Exchange(Bench.Frame(0x30, Bench.Words(0, (uint)backup.Length - 1)), 1500); // blank: the Winbond blank-skip answers after one read (a longer wait would drop the loader to handshake)
        Assert.Equal(Bench.Ok, erase[^2..]);
        for (var offset = 0; offset < backup.Length; offset += ReadChunk)
        {
            var payload = Bench.Concat(Bench.Words((uint)offset), backup.AsSpan(offset, ReadChunk).ToArray());
            Assert.Equal(Bench.Ok, blank.Exchange(Bench.Frame(0x31, payload), 150));
        }

        Assert.Equal(Bench.Ok, blank.Exchange(Bench.Frame(0x3A, [])));
        Assert.Equal(SHA256.HashData(backup), ReadSha(blank, 0, (uint)backup.Length));

        Assert.Equal(Bench.Ok, blank.Exchange(Bench.Frame(0x33, []), 5)[..2]);
        blank.Step(3000);
        var console = Encoding.ASCII.GetString(blank.ReadAll());

        Assert.Equal(UnitActivity.Firmware, blank.Unit.Activity);
        Assert.Equal(BootTarget.Flash, blank.Unit.Record.Boots[^1].Target);
        Assert.Contains("-Welcome to AliOS Things-", console, StringComparison.Ordinal);
    }

    [Fact]
    public void A_garbling_read_returns_one_inverted_byte_while_the_loaders_SHA_256_is_of_the_true_flash()
    {
        var faults = new UnitFaults { ReadGarbleAt = 0x20010 };
        var bench = FreshUnit(RealUnits.All[1], faults);
        var truth = bench.Unit.Flash.View(0, bench.Unit.Flash.Size).ToArray();

        var image = ReadWholeFlash(bench);

        Assert.Equal((byte)~truth[0x20010], image[0x20010]);
        image[0x20010] = truth[0x20010];
        Assert.Equal(truth, image);
        Assert.Equal(SHA256.HashData(truth), ReadSha(bench, 0, (uint)truth.Length));
        Assert.Contains(bench.Unit.Record.Fired, e => e.Kind == FaultKind.ReadGarble);
    }

    private static Bench FreshUnit(UnitIdentity identity, UnitFaults? faults = null)
    {
        var bench = new Bench(faults ?? UnitFaults.None, options: new SimulatedUnitOptions { Identity = identity, FirmwareStarter = FlashBoot.Starter(UnitFaults.None) });
        var assets = SyntheticAssets.Get(1);
        UnitFlashSetup.Apply(bench.Unit, assets.OpenBl602Set, assets);
        return bench.EnterLoader();
    }

    private static byte[] ReadWholeFlash(Bench bench)
    {
        var size = bench.Unit.Flash.Size;
        var image = new byte[size];
        for (var offset = 0; offset < size; offset += ReadChunk)
        {
            var reply = bench.Exchange(Bench.Frame(0x32, Bench.Words((uint)offset, ReadChunk)), 100);
            Assert.Equal(Bench.Ok, reply[..2]);
            Assert.Equal(ReadChunk, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(2)));
            reply.AsSpan(4, ReadChunk).CopyTo(image.AsSpan(offset));
        }

        return image;
    }

    private static byte[] ReadSha(Bench bench, uint address, uint length)
    {
        var reply = bench.Exchange(Bench.Frame(0x3D, Bench.Words(address, length)), 500);
        Assert.Equal(Bench.Concat(Bench.Ok, [0x20, 0x00]), reply[..4]);
        return reply[4..];
    }
}
