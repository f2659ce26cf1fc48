using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fixture.Protocol.Backup;
using Fixture.Protocol.Identity;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Tests.Loader;
using Fixture.Protocol.Tests.Wire.Peers;
using Fixture.Protocol.Wire;
using Microsoft.Extensions.Time.Testing;
using SharpCompress.Compressors.Xz;

namespace Fixture.Protocol.Tests.Backup;

public sealed class FlashBackupTests : IDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly ScriptedPeerStream peer;
    private readonly ScriptedLoader loader;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "fixture-backup-" + Guid.NewGuid().ToString("N"));

    public FlashBackupTests()
    {
        peer = new ScriptedPeerStream(time);
        loader = new ScriptedLoader(peer, time);
        new Random(14).NextBytes(loader.Flash);
    }

    public void Dispose()
    {
        peer.Dispose();
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    private T Run<T>(Func<LoaderClient, Task<T>> body) =>
        VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "socket 1");
            var client = new LoaderClient(channel, time);
            await client.HandshakeAsync(2_000_000);
            return await body(client);
        });

    [Fact]
    public void The_whole_2_MB_flash_is_read_in_16_KiB_frames_and_confirmed_by_one_readSha_of_the_same_range()
    {
        var backup = Run(async c => await FlashBackupReader.ReadAsync(c, await c.ReadJedecIdAsync(), 16_384, "socket 1"));

        Assert.Equal(loader.Flash, backup.Image);
        Assert.Equal(SHA256.HashData(loader.Flash), backup.Sha256);
        var reads = loader.Frames.Where(f => f.Command == 0x32).ToList();
        Assert.Equal(128, reads.Count);
        Assert.All(reads, f => Assert.Equal(16_384u, BitConverter.ToUInt32(f.Payload, 4)));
        var sha = Assert.Single(loader.Frames, f => f.Command == 0x3D);
        Assert.Equal(0u, BitConverter.ToUInt32(sha.Payload, 0));
        Assert.Equal(2u * 1024 * 1024, BitConverter.ToUInt32(sha.Payload, 4));
    }

    [Fact]
    public void A_backup_the_loaders_SHA_256_does_not_confirm_is_refused_and_says_nothing_was_erased()
    {
        loader.GarbledDigests = 1;

        var error = Assert.Throws<BackupNotConfirmedException>(() =>
            Run(async c => await FlashBackupReader.ReadAsync(c, await c.ReadJedecIdAsync(), 16_384, "socket 1")));

        Assert.Contains("socket 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was erased", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(loader.Frames, f => f.Command == 0x30);
    }

    [Fact]
    public void The_read_frame_follows_the_helper_and_an_unknown_helper_gets_the_safe_4096()
    {
        Assert.Equal(16_384, FlashBackupReader.ChunkSizeFor("18d9783786ae6313b2e825064755753db7a0b5c8ad57912f9aa01db56e387d1e"));
        Assert.Equal(8192, FlashBackupReader.ChunkSizeFor("fe27c9c4baf4d4958cb9708e41e5fa72ad6a3679f10278761af73b9939fd544b"));
        Assert.Equal(4096, FlashBackupReader.ChunkSizeFor(new string('0', 64)));
    }

    [Fact]
    public void Backup_files_are_named_by_chip_id_MAC_and_UTC_and_the_xz_image_decodes_to_the_flash()
    {
        var image = Encoding.ASCII.GetBytes("boot2....OpenBL602\0" + "1.17.366\0...").Concat(new byte[4096]).ToArray();
        var backup = new FlashBackupImage(image, SHA256.HashData(image), 16_384);
        var unit = new BackupUnitFacts(MacAddress.Parse("AC:D8:29:6B:B7:ED"), MacAddress.Parse("70:3E:97:1E:96:66"), "ef4015", new byte[128], new byte[20]);
        var taken = new DateTimeOffset(2025, 3, 1, 10, 15, 0, TimeSpan.FromHours(1));

        var written = BackupFiles.Write(folder, backup, unit, taken);

        Assert.Equal("ACD8296BB7ED_703E971E9666_20250301T091500Z.bin.xz", Path.GetFileName(written.ImagePath));
        Assert.Equal("ACD8296BB7ED_703E971E9666_20250301T091500Z.json", Path.GetFileName(written.SidecarPath));
        using (var xz = new XZStream(File.OpenRead(written.ImagePath)))
        using (var decoded = new MemoryStream())
        {
            xz.CopyTo(decoded);
            Assert.Equal(image, decoded.ToArray());
        }

        using var sidecar = JsonDocument.Parse(File.ReadAllText(written.SidecarPath));
        var root = sidecar.RootElement;
        Assert.Equal("AC:D8:29:6B:B7:ED", root.GetProperty("chipId").GetString());
        Assert.Equal("70:3E:97:1E:96:66", root.GetProperty("mac").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(image)), root.GetProperty("sha256").GetString());
        Assert.Equal("OpenBL602 1.17.366", root.GetProperty("firmware").GetString());
        Assert.Equal("2025-03-01T09:15:00Z", root.GetProperty("takenUtc").GetString());
        Assert.Equal(new string('0', 256), root.GetProperty("efuseRegion0").GetString());
        Assert.True(BackupFiles.Exists(folder, unit.ChipId));
        Assert.False(BackupFiles.Exists(folder, MacAddress.Parse("B4:0E:CF:07:15:91")));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Theory]
    [InlineData("..AliOS Things..", "stock TG7100C (AliOS Things)")]
    [InlineData("..OpenBL602\0not a version\0", "OpenBL602")]
    [InlineData("nothing known here", null)]
    public void Firmware_is_recognised_by_the_strings_it_carries(string content, string? expected) =>
        Assert.Equal(expected, FirmwareFingerprint.Recognise(Encoding.ASCII.GetBytes(content)));
}
