using Fixture.Protocol.Images;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware.Psm;
using Fixture.Simulator.Flash;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Firmware;

/// <summary>What <see cref="UnitFlashSetup.Apply"/> put in a unit's flash, for the unit's injected-fault record.</summary>
/// <param name="Installation">Which firmware installation the unit arrives with.</param>
/// <param name="Details">One line per thing injected, e.g. "PSM: Wi-Fi SSID \"HomeNetwork\" stored".</param>
public sealed record FlashSetupRecord(UnitInstallation Installation, IReadOnlyList<string> Details);

/// <summary>The firmware a unit arrives at the fixture with.</summary>
public enum UnitInstallation
{
    /// <summary>Factory-fresh plug: stock TG7100C boot2, table, AliOS Things firmware, factory parameters.</summary>
    FactoryFresh,

    /// <summary>A unit that ran an older OpenBL602 (used unit, or one already in safe mode).</summary>
    OlderOpenBl602,

    /// <summary>The recipe's own image set is already in flash (a re-test): hash-skip applies.</summary>
    RecipeImages,
}

/// <summary>
/// Sets up a unit's flash as it arrives at the fixture, from its <see cref="UnitFaults"/>
/// (fixture-design.md §4 "Used units carry state", §7 faults): factory-fresh stock firmware by
/// default; an older OpenBL602 with OpenBeken config and boot counters in PSM and an old image in
/// the second slot for <see cref="UnitFaults.UsedUnit"/> and <see cref="UnitFaults.AlreadyInSafeMode"/>;
/// the recipe's image set for <see cref="UnitFaults.AlreadyFlashed"/>.
/// </summary>
public static class UnitFlashSetup
{
    public static FlashSetupRecord Apply(ISpiFlash flash, IEfuse efuse, UnitFaults faults, ImageSet recipeImages, SyntheticAssets library)
    {
        var details = new List<string>();
        UnitInstallation installation;
        ImageSet installed;
        if (faults.AlreadyFlashed)
        {
            installation = UnitInstallation.RecipeImages;
            installed = recipeImages;
            details.Add("flash holds the recipe's image set (boot2, partition table, firmware, factory parameters)");
        }
        else if (faults.UsedUnit is not null || faults.AlreadyInSafeMode)
        {
            installation = UnitInstallation.OlderOpenBl602;
            installed = library.OldOpenBl602Set;
            details.Add($"flash holds an older OpenBL602 {SyntheticAssets.OldFirmwareVersion} installation");
        }
        else
        {
            installation = UnitInstallation.FactoryFresh;
            installed = library.StockSet();
            details.Add("factory-fresh: stock TG7100C boot2, partition table, AliOS Things firmware and factory parameters");
        }

        WriteImageSet(flash, installed);
        if (installation != UnitInstallation.FactoryFresh)
        {
            WritePsm(flash, efuse, faults, installed.Table, details);
        }

        if (faults.UsedUnit is { OldImageInSecondSlot: true } && installed.Table.Firmware is { Size1: > 0 } fw)
        {
            Write(flash, fw.ActiveIndex == 1 ? fw.Address0 : fw.Address1, library.OldFirmwareImage);
            details.Add($"second firmware slot: OpenBL602 {SyntheticAssets.OldFirmwareVersion} image");
        }

        return new FlashSetupRecord(installation, details);
    }

    /// <summary>
    /// Sets up <paramref name="unit"/>'s flash from its own faults and records each flash-side fault
    /// (used unit, already in safe mode, already flashed) with what was written, on the unit's record.
    /// </summary>
    public static FlashSetupRecord Apply(SimulatedUnit unit, ImageSet recipeImages, SyntheticAssets library)
    {
        var record = Apply(unit.Flash, unit.Efuse, unit.Faults, recipeImages, library);
        var detail = string.Join("; ", record.Details);
        foreach (var (on, kind) in new[] { (unit.Faults.UsedUnit is not null, FaultKind.UsedUnit), (unit.Faults.AlreadyInSafeMode, FaultKind.AlreadyInSafeMode), (unit.Faults.AlreadyFlashed, FaultKind.AlreadyFlashed) })
        {
            if (on)
            {
                unit.Record.Add(new FaultEvent(unit.Now, kind, detail));
            }
        }

        return record;
    }

    /// <summary>Writes boot2 at 0, the table at 0xE000 and 0xF000, the firmware at the FW entry's active slot, the factory parameters at "factory".</summary>
    public static void WriteImageSet(ISpiFlash flash, ImageSet set)
    {
        var table = set.Table;
        Write(flash, Boot2.Boot2HeaderAddress, set.Boot2Image);
        Write(flash, PartitionTable.DefaultAddress0, set.PartitionTable);
        Write(flash, PartitionTable.DefaultAddress1, set.PartitionTable);
        var firmware = table.Firmware ?? throw new InvalidOperationException("image set partition table has no FW entry");
        Write(flash, firmware.ActiveAddress, set.FirmwareImage);
        var factory = table.Find("factory") ?? throw new InvalidOperationException("image set partition table has no \"factory\" entry");
        Write(flash, factory.ActiveAddress, set.FactoryParameters);
    }

    /// <summary>The OpenBeken config a unit writes on its first boot (names from its MAC, change count 1).</summary>
    public static ObkConfig FirstBootConfig(ReadOnlySpan<byte> mac) => ObkConfig.CreateDefault(mac) with { ChangeCounter = 1 };

    private static void WritePsm(ISpiFlash flash, IEfuse efuse, UnitFaults faults, PartitionTable table, List<string> details)
    {
        var psm = table.Find("PSM");
        if (psm is null)
        {
            return;
        }

        var used = faults.UsedUnit;
        var mac = used?.StoredMac is { Length: 6 } stored ? stored : efuse.Mac.Span[..6].ToArray();
        var config = FirstBootConfig(mac);
        var counters = new BootCounters(3, 3);
        if (used is not null)
        {
            var roles = new byte[ObkConfig.PinCount];
            var channels = new byte[ObkConfig.PinCount];
            if (used.Gpio16AsButton)
            {
                roles[16] = ObkConfig.ButtonRole;
                channels[16] = 1;
                details.Add("PSM: GPIO16 has the Btn role (UART log silent after pin setup)");
            }

            config = config with
            {
                ChangeCounter = 7,
                WifiSsid = used.StationSsid ?? string.Empty,
                WifiPass = used.StationSsid is null ? string.Empty : "previous-owner-secret",
                PinRoles = roles,
                PinChannels = channels,
            };
            if (used.StationSsid is not null)
            {
                details.Add($"PSM: Wi-Fi SSID \"{used.StationSsid}\" stored (STA mode, no AP)");
            }

            if (used.StoredMac is { Length: 6 })
            {
                details.Add($"PSM: stored MAC {Convert.ToHexString(used.StoredMac)} (wins over the eFuse MAC)");
            }

            counters = BootCounters.WithFailuresBeforeNextBoot(used.BootFailures);
            if (used.BootFailures > 0)
            {
                details.Add($"PSM: {used.BootFailures} failed boots counted");
            }
        }

        if (faults.AlreadyInSafeMode)
        {
            counters = BootCounters.WithFailuresBeforeNextBoot(Math.Max(BootCounters.RestartsRequiredForSafeMode, used?.BootFailures ?? 0));
            details.Add($"PSM: {counters.Failures} failed boots counted (next boot is a safe-mode boot)");
        }

        details.Add($"PSM: OpenBeken config (change count {config.ChangeCounter}, SSID {config.LongDeviceName})");
        Write(flash, psm.ActiveAddress, PsmStore.Build(psm.ActiveSize, [new(PsmStore.ConfigKey, config.ToBytes()), new(PsmStore.BootCountersKey, counters.ToBytes())]));
    }

    private static void Write(ISpiFlash flash, uint address, byte[] bytes)
    {
        flash.EraseSectors(address, (uint)bytes.Length);
        flash.Program(address, bytes);
    }
}
