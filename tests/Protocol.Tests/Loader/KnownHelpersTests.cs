using System.Security.Cryptography;
using Fixture.Protocol.Loader;

namespace Fixture.Protocol.Tests.Loader;

public class KnownHelpersTests
{
    private static string RepositoryFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fixture.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir!.FullName, .. parts]);
    }

    [Fact]
    public void An_unknown_helper_gets_frames_every_loader_takes()
    {
        Assert.Equal(4096, KnownHelpers.MaxWriteChunk(new string('0', 64)));
        Assert.Null(KnownHelpers.Find(new string('0', 64)));
    }

    [Fact]
    public void The_simulators_synthetic_helper_is_known_as_the_2022_loaders_stand_in()
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RepositoryFile("config", "recipes", "openbl602-sim", "eflash_loader_40m.bin"))));

        var helper = KnownHelpers.Find(sha.ToUpperInvariant());

        Assert.NotNull(helper);
        Assert.Equal(16_384, helper.MaxWriteChunk);
        Assert.Contains("stand-in", helper.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_entry_is_a_distinct_SHA_256_with_a_frame_size_a_loader_can_take()
    {
        Assert.Equal(KnownHelpers.All.Count, KnownHelpers.All.Select(h => h.Sha256).Distinct().Count());
        Assert.All(KnownHelpers.All, h =>
        {
            Assert.Matches("^[0-9a-f]{64}$", h.Sha256);
            Assert.InRange(h.MaxWriteChunk, 4096, LoaderOptions.MaxWriteChunk);
            Assert.False(string.IsNullOrWhiteSpace(h.Evidence));
        });
    }
}
