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
    IReadOnlyDictionary<string, Reports.VerificationUnitKind> VerificationUnits)
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

    public BootromOptions BootromOptions => FlashProfile.Bootrom(Config);

    public LoaderOptions LoaderOptions => FlashProfile.Loader(Recipe);

    public FlasherOptions FlasherOptions => FlashProfile.Flasher(Recipe, Config);
}

/// <summary>
/// The one place the protocol's options are made from the recipe and the station's settings, so a
/// tuned flasher profile (chunk sizes, hash probes, pacing) drops in here and every socket uses it.
/// </summary>
internal static class FlashProfile
{
    public static BootromOptions Bootrom(WorkflowConfig config) => new()
    {
        Handshake = new HandshakeOptions { Attempts = config.HandshakeBurstsPerCycle },
    };

    public static LoaderOptions Loader(Recipe recipe) => new()
    {
        WriteChunkSize = recipe.Loader.WriteChunkSize,
        ReadChunkSize = recipe.Loader.ReadChunkSize,
    };

    public static FlasherOptions Flasher(Recipe recipe, WorkflowConfig config) => new()
    {
        HashSkip = recipe.HashSkip,
        RegionAttempts = config.RegionAttempts,
    };
}
