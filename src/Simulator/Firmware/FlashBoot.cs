using Fixture.Simulator.Faults;

namespace Fixture.Simulator.Firmware;

/// <summary>
/// The firmware starter the unit model calls when the chip leaves reset with BOOT low: checks the
/// flash as the bootrom and boot2 do (<see cref="Boot2.Inspect"/>) and runs what it finds: nothing
/// (corrupt boot2), boot2's failure loop, OpenBL602, stock TG7100C firmware, or a silent unknown image.
/// </summary>
public sealed class FlashBoot
{
    private readonly FlashBootOptions _options;

    public FlashBoot(FlashBootOptions? options = null)
    {
        _options = options ?? new FlashBootOptions();
    }

    /// <summary>The outcome of the most recent start (for the unit's record and for tests).</summary>
    public FlashBootOutcome? LastOutcome { get; private set; }

    /// <summary>A starter for a unit with these faults (the unit's identity variants come from <see cref="IFirmwareChip.Identity"/>).</summary>
    public static Func<IFirmwareChip, IFirmwareRun> Starter(UnitFaults faults) => new FlashBoot(FlashBootOptions.From(faults)).Start;

    public IFirmwareRun Start(IFirmwareChip chip)
    {
        var outcome = Boot2.Inspect(chip.Flash, Boot2Conditions.Of(chip.Efuse, _options.BootClockReadErrors));
        LastOutcome = outcome;
        var scheduler = new FirmwareScheduler(chip.Clock);
        switch (outcome.Stage)
        {
            case FlashBootStage.Boot2Invalid:
                chip.SetLoadCurrent(FirmwareLoad.BootromIdle);
                break;
            case FlashBootStage.Boot2Failed:
                new Boot2FailLoop(chip, scheduler, outcome.NoValidTable ? Boot2FailLoop.NoValidTableMessage : Boot2FailLoop.Boot2FailMessage).Start();
                break;
            default:
                StartFirmware(chip, scheduler, outcome);
                break;
        }

        return new Run(scheduler, outcome);
    }

    private void StartFirmware(IFirmwareChip chip, FirmwareScheduler scheduler, FlashBootOutcome outcome)
    {
        var identity = outcome.Identity!;
        var crashAfter = _options.CrashAfter ?? identity.CrashAfter;
        switch (identity.Kind)
        {
            case FirmwareKind.OpenBl602:
                new OpenBl602Firmware(chip, scheduler, outcome, _options, crashAfter).Start();
                break;
            case FirmwareKind.StockTg7100c:
                new StockTg7100cFirmware(chip, scheduler, identity.ConsoleBaud ?? _options.StockConsoleBaud, crashAfter).Start();
                break;
            default:
                chip.SetLoadCurrent(FirmwareLoad.FirmwareIdle);
                if (crashAfter is { } crash)
                {
                    scheduler.At(crash + _options.Timeline.Watchdog, () => chip.RequestReset("watchdog: firmware hung"));
                }

                break;
        }
    }

    /// <summary>One boot from flash; <see cref="Stop"/> on power cut or reset.</summary>
    private sealed class Run(FirmwareScheduler scheduler, FlashBootOutcome outcome) : IFirmwareRun, IFlashBootRun
    {
        public FlashBootOutcome Outcome => outcome;

        public void Stop() => scheduler.Dispose();
    }
}

/// <summary>A run started by <see cref="FlashBoot"/>: it also says what boot2 found.</summary>
public interface IFlashBootRun : IFirmwareRun
{
    FlashBootOutcome Outcome { get; }
}
