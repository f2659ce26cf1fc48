using Fixture.Protocol.Flashing;
using Fixture.Protocol.Loader;

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
}
