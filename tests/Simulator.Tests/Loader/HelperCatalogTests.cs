using System.Security.Cryptography;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Loader;

namespace Fixture.Simulator.Tests.Loader;

/// <summary>
/// The loader's behaviour belongs to the helper that was loaded, recognised by its SHA-256. The real
/// helper binaries are not in this repository: tests for their profiles start the loader model with the
/// profile the catalog gives for their hash.
/// </summary>
public class HelperCatalogTests
{
    private const string Helper2020Bl60xFlash = "865b2b9d565e015f5f5f66204d14214f605b4aa9ef87f24c7d4427902fc2a144";
    private const string Helper2020Blflash = "fe27c9c4baf4d4958cb9708e41e5fa72ad6a3679f10278761af73b9939fd544b";
    private const string Helper2022BflbIotTool = "18d9783786ae6313b2e825064755753db7a0b5c8ad57912f9aa01db56e387d1e";

    [Fact]
    public void The_2020_helpers_have_no_PD_no_0x3F_and_an_8_KiB_buffer_and_the_2022_ones_have_all_three()
    {
        foreach (var sha in new[] { Helper2020Bl60xFlash, Helper2020Blflash })
        {
            var profile = HelperCatalog.Identify(Convert.FromHexString(sha));
            Assert.False(profile.SendsPending, profile.Name);
            Assert.False(profile.DecompressWrite, profile.Name);
            Assert.Equal(0x2004, profile.MaxPayload);
        }

        var current = HelperCatalog.Identify(Convert.FromHexString(Helper2022BflbIotTool));
        Assert.True(current.SendsPending && current.DecompressWrite);
        Assert.Equal(0x4004, current.MaxPayload);
    }

    [Fact]
    public void An_unknown_helper_behaves_as_the_2022_loader()
    {
        Assert.Same(HelperCatalog.Loader2022, HelperCatalog.Identify(SHA256.HashData("not a helper"u8)));
    }

    [Fact]
    public void The_synthetic_helper_is_known_as_the_stand_in_for_the_2022_loader_and_is_recognised_when_loaded()
    {
        var helper = SyntheticAssets.Get(1).Helper;
        Assert.Equal(HelperCatalog.SyntheticHelperSha256, Convert.ToHexStringLower(SHA256.HashData(helper)));

        var bench = new Bench().PowerUpInBootrom();
        bench.Sync();
        Assert.Equal(Bench.Ok, bench.LoadHelper(helper));
        bench.Step(100);

        Assert.Contains("synthetic helper", bench.Unit.Record.Boots[^1].Helper, StringComparison.Ordinal);
    }

    [Fact]
    public void The_2020_helper_erases_without_PD_and_gives_no_reply_to_0x3F()
    {
        var bench = Loader(Helper2020Bl60xFlash);

        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x30, Bench.Words(0x10000, 0x10FFF)), 100));
        Assert.Empty(bench.Exchange(Bench.Frame(0x3F, Bench.Concat(Bench.Words(0x8001_0000), XzTestStreams.Stored(new byte[100]))), 200));
        Assert.Equal(8, bench.Exchange(Bench.Frame(0x36, [])).Length);
    }

    [Fact]
    public void A_frame_above_the_2020_helpers_buffer_never_completes_and_the_loader_wants_a_handshake_after_two_timeouts()
    {
        var bench = Loader(Helper2020Blflash);
        Assert.Equal(Bench.Ok, bench.Exchange(Bench.Frame(0x31, Bench.Concat(Bench.Words(0x20000), new byte[8192])), 100));

        Assert.Empty(bench.Exchange(Bench.Frame(0x31, Bench.Concat(Bench.Words(0x22000), new byte[12288])), 3900));
        Assert.Empty(bench.Exchange(Bench.Frame(0x36, []), 200));
        Assert.Equal(Bench.Ok, bench.Sync());
        Assert.Equal(8, bench.Exchange(Bench.Frame(0x36, [])).Length);
    }

    [Fact]
    public void The_2022_loader_sends_PD_before_each_erase_unit()
    {
        var bench = Loader(Helper2022BflbIotTool);

        var reply = bench.Exchange(Bench.Frame(0x30, Bench.Words(0x10000, 0x11FFF)), 200);

        Assert.Equal(Bench.Concat(Bench.Concat([0x50, 0x44], [0x50, 0x44]), Bench.Ok), reply);
    }

    private static Bench Loader(string sha256)
    {
        var bench = new Bench().PowerUpInBootrom();
        bench.Unit.RunHelper(HelperCatalog.Identify(Convert.FromHexString(sha256)));
        bench.Link.SetBaudRate(2_000_000);
        Assert.Equal(Bench.Ok, bench.Sync());
        return bench;
    }
}
