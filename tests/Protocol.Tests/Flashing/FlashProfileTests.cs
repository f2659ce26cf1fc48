using Fixture.Protocol.Flashing;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Tests.Recipes;

namespace Fixture.Protocol.Tests.Flashing;

public class FlashProfileTests
{
    [Fact]
    public void The_fast_profile_keeps_every_proof_and_uses_the_2022_loader_s_largest_frames()
    {
        var fast = FlashProfile.Fast;

        Assert.Equal(LoaderOptions.MaxWriteChunk, fast.Loader.WriteChunkSize);
        Assert.True(fast.Loader.UseChecksum);
        Assert.Equal(VerifyMethod.ReadSha, fast.Flasher.Verify);
        Assert.True(fast.Flasher.HashSkip);
        // The helper starts 40 ms after run_image's OK (§2.2): no longer fixed sleep than that.
        Assert.Equal(TimeSpan.FromMilliseconds(40), fast.Bootrom.RunImageSettle);
        Assert.True(fast.Loader.Handshake.Attempts > 1);
        // The ISP document's pause after the bootrom's OK stays.
        Assert.Equal(TimeSpan.FromMilliseconds(20), fast.Bootrom.Handshake.SettleAfterOk);
    }

    [Fact]
    public void A_recipe_s_frame_sizes_replace_the_profile_s()
    {
        var profile = FlashProfile.Fast.WithChunkSizes(8192, 2048);

        Assert.Equal(8192, profile.Loader.WriteChunkSize);
        Assert.Equal(2048, profile.Loader.ReadChunkSize);
        Assert.Equal(FlashProfile.Fast.Flasher, profile.Flasher);
    }

    [Fact]
    public void A_frame_size_the_loader_does_not_take_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FlashProfile.Fast.WithChunkSizes(20_000, 4096));

        Assert.Contains("16384", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_station_s_profile_caps_the_recipe_s_write_frame_at_what_an_unknown_helper_takes()
    {
        using var bundle = new RecipeBundle();
        bundle.Save(bundle.Document with { Loader = bundle.Document.Loader with { WriteChunkSize = 16_384, ReadChunkSize = 2048 } });

        var profile = FlashProfile.Fast.ForStation(bundle.Load(), handshakeBurstsPerCycle: 2, regionAttempts: 3);

        // The bundle's helper is in no table: its receive buffer is not known to take more than 4 KiB.
        Assert.Equal(KnownHelpers.UnknownHelperWriteChunk, profile.Loader.WriteChunkSize);
        Assert.Equal(2048, profile.Loader.ReadChunkSize);
    }

    [Fact]
    public void A_station_s_profile_takes_its_retry_counts_and_the_recipe_s_hash_skip_switch()
    {
        using var bundle = new RecipeBundle();
        bundle.Save(bundle.Document with { HashSkip = false });

        var profile = FlashProfile.Fast.ForStation(bundle.Load(), handshakeBurstsPerCycle: 5, regionAttempts: 7);

        Assert.Equal(5, profile.Bootrom.Handshake.Attempts);
        Assert.Equal(7, profile.Flasher.RegionAttempts);
        Assert.False(profile.Flasher.HashSkip);
        // Everything else stays the fast profile's.
        Assert.Equal(FlashProfile.Fast.Bootrom.Handshake.BurstDuration, profile.Bootrom.Handshake.BurstDuration);
        Assert.Equal(FlashProfile.Fast.Flasher.HashProbeLength, profile.Flasher.HashProbeLength);
    }

    [Fact]
    public void The_vendor_profile_proves_regions_its_own_way_and_never_skips_by_hash()
    {
        var vendor = FlashProfile.DevCube;

        Assert.False(vendor.Flasher.HashSkip);
        Assert.Equal(VerifyMethod.XipReadSha, vendor.Flasher.Verify);
        Assert.Equal(1, vendor.Flasher.RegionAttempts);
        Assert.Equal(2048, vendor.Loader.WriteChunkSize);
        Assert.Equal(4096, vendor.Flasher.CompressOnlyAbove);
        // Read until 100 ms of silence, one burst per round.
        Assert.Equal(TimeSpan.FromMilliseconds(100), vendor.Bootrom.Handshake.ReadUntilQuiet);
        Assert.Equal(1, vendor.Loader.Handshake.Attempts);
    }
}
