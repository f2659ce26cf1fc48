using Fixture.Controller.Workflow.Configuration;
using Fixture.Hal.Configuration;
using Fixture.Hal.Lines;
using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;
using Fixture.Protocol.Wire;

namespace Fixture.Controller.Workflow;

/// <summary>Everything a socket's workflow needs to know that is the same for every unit of the station.</summary>
internal sealed record WorkflowSettings(
    string Station,
    WorkflowConfig Config,
    SocketTimings Timings,
    TimeSpan PowerOnStagger,
    Recipe Recipe,
    FlashPlan Plan,
    string ConfigSha256,
    string FixtureVersion,
    Station.ConfiguredIdentities Identities)
{
    /// <summary>Stock TG7100C builds of one SDK version log here instead of 2 000 000 (openbl602-boot.md §7).</summary>
    public const int StockAlternateBaud = 921_600;

    public TimeSpan HandshakeTimeout => TimeSpan.FromSeconds(Config.StepTimeouts.HandshakeSeconds);

    public TimeSpan HelperTimeout => TimeSpan.FromSeconds(Config.StepTimeouts.HelperSeconds);

    public TimeSpan IdentifyTimeout => TimeSpan.FromSeconds(Config.StepTimeouts.IdentifySeconds);

    public TimeSpan FlashTimeout => TimeSpan.FromSeconds(Config.StepTimeouts.FlashSeconds);

    public TimeSpan PowerDownTimeout => TimeSpan.FromSeconds(Config.StepTimeouts.PowerDownSeconds);

    /// <summary>The boot check's own deadline: the recipe's boot-complete timeout, plus a second for the threaded line.</summary>
    public TimeSpan BootCheckTimeout => Recipe.BootCheck.BootCompleteTimeout + TimeSpan.FromSeconds(1);

    public int BootromBaud(SerialConfig serial) => Math.Min(serial.BootromBaud, Recipe.Loader.BootromBaud);

    public int LoaderBaud(SerialConfig serial) => Math.Min(serial.LoaderBaud, Recipe.Loader.Baud);

    public BootromOptions BootromOptions => StationFlashProfile.Bootrom(Config);

    public LoaderOptions LoaderOptions => StationFlashProfile.Loader(Recipe);

    public FlasherOptions FlasherOptions => StationFlashProfile.Flasher(Recipe, Config);
}

/// <summary>
/// The one place the protocol's options are made from the recipe and the station's settings: the
/// protocol's tuned <see cref="Fixture.Protocol.Flashing.FlashProfile.Fast"/> profile (short handshakes, 16 KiB
/// frames, hash probes, erase skipping — see docs/results.md) with the recipe's frame sizes, hash-skip
/// switch and the station's retry counts laid over it, so every socket flashes the same way. The write
/// frame is capped by the helper's own receive buffer (<see cref="KnownHelpers"/>: 4 096 bytes for a
/// helper not in the table), whatever the recipe asks for.
/// </summary>
internal static class StationFlashProfile
{
    public static BootromOptions Bootrom(WorkflowConfig config)
    {
        var fast = Fixture.Protocol.Flashing.FlashProfile.Fast.Bootrom;
        return fast with { Handshake = fast.Handshake with { Attempts = config.HandshakeBurstsPerCycle } };
    }

    public static LoaderOptions Loader(Recipe recipe) => Profile(recipe).Loader;

    public static FlasherOptions Flasher(Recipe recipe, WorkflowConfig config) => Profile(recipe).Flasher with
    {
        HashSkip = recipe.HashSkip,
        RegionAttempts = config.RegionAttempts,
    };

    /// <summary>Data bytes per write frame: the recipe's, at most what the helper's buffer takes.</summary>
    public static int WriteChunkSize(Recipe recipe) => Math.Min(recipe.Loader.WriteChunkSize, KnownHelpers.MaxWriteChunk(recipe.Helper.Sha256));

    private static Fixture.Protocol.Flashing.FlashProfile Profile(Recipe recipe) =>
        Fixture.Protocol.Flashing.FlashProfile.Fast.WithChunkSizes(WriteChunkSize(recipe), recipe.Loader.ReadChunkSize);
}
