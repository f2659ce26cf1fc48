using Fixture.Controller.Workflow.Configuration;
using Fixture.Hal.Configuration;
using Fixture.Hal.Lines;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;

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
    /// <summary>One flash plan per flash-size variant, in the order of <see cref="Recipe.Variants"/>.</summary>
    public IReadOnlyList<FlashPlan> Plans { get; init; } = [Plan];

    /// <summary>Where stock-firmware backups go (issue 14 §3), as a full path; null: no backups.</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>`fixture restore`: the backup to put back instead of the recipe's plan (null on a production station).</summary>
    public RestoreTarget? Restore { get; init; }

    /// <summary>The plan of one of the recipe's variants.</summary>
    public FlashPlan PlanFor(Recipe variant)
    {
        for (var i = 0; i < Recipe.Variants.Count && i < Plans.Count; i++)
        {
            if (ReferenceEquals(Recipe.Variants[i], variant))
            {
                return Plans[i];
            }
        }

        return Plan;
    }

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

    /// <summary>
    /// Every protocol option the phases use: the protocol's <see cref="FlashProfile.Fast"/> profile laid over
    /// with the recipe and the station's retry counts (<see cref="FlashProfile.ForStation"/>). A benchmark
    /// may run the same phases with another profile (the vendor's, <see cref="FlashProfile.DevCube"/>).
    /// </summary>
    public FlashProfile Profile { get; init; } = FlashProfile.Fast.ForStation(Recipe, Config.HandshakeBurstsPerCycle, Config.RegionAttempts);
}
