using Fixture.Protocol.Images;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware.Psm;
using Fixture.Simulator.Flash;
using Fixture.Simulator.Sdk;
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

    /// <summary>Unit file "flashContent": "blank": nothing but 0xFF.</summary>
    Blank,

    /// <summary>Unit file "flashContent": "openbl602": the synthetic OpenBL602 set (the simulated recipe's images).</summary>
    SyntheticOpenBl602,
}

/// <summary>
/// Sets up a unit's flash as it arrives at the fixture, from its <see cref="UnitFaults"/>
/// (fixture-design.md §4 "Used units carry state", §7 faults) and its <see cref="UnitIdentity"/>:
/// what "flashContent" says (factory-fresh stock firmware at the unit's stock console rate by default,
/// blank, or the synthetic OpenBL602 set); an older OpenBL602 with OpenBeken config and boot counters in
/// PSM and an old image in the second slot for <see cref="UnitFaults.UsedUnit"/> and
/// <see cref="UnitFaults.AlreadyInSafeMode"/>; the recipe's image set for <see cref="UnitFaults.AlreadyFlashed"/>.
/// On top: the vendor's mfg image with boot2's start request (<see cref="UnitIdentity.MfgStartRequest"/>)
/// and an rf_para record (<see cref="UnitIdentity.RfParaMac"/>), data no recipe touches.
/// </summary>
public static class UnitFlashSetup
{
    /// <summary>Where the vendor's mfg image sits: the classic BL602 table's "mfg" entry (0x160000, 200 KiB).</summary>
    public const uint MfgImageAddress = 0x160000;

    public static FlashSetupRecord Apply(ISpiFlash flash, IEfuse efuse, UnitFaults faults, ImageSet recipeImages, SyntheticAssets library, UnitIdentity? identity = null)
    {
        ArgumentNullException.ThrowIfNull(flash);
        ArgumentNullException.ThrowIfNull(efuse);
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(library);
        var details = new List<string>();
        UnitInstallation installation;
        ImageSet? installed;
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
        else if (identity?.FlashContent == UnitFlashContent.Blank)
        {
            installation = UnitInstallation.Blank;
            installed = null;
            details.Add("blank flash");
        }
        else if (identity?.FlashContent == UnitFlashContent.OpenBl602)
        {
            installation = UnitInstallation.SyntheticOpenBl602;
            installed = library.OpenBl602Set;
            details.Add($"flash holds the synthetic OpenBL602 {SyntheticAssets.FirmwareVersion} set");
        }
        else
        {
            var baud = identity?.StockConsoleBaud ?? StockTg7100cFirmware.DefaultConsoleBaud;
            installation = UnitInstallation.FactoryFresh;
            var small = flash.Size < 0x200000;
            installed = library.StockSet(baud, small ? PartitionLayouts.Sdk1M : null);
            details.Add($"factory-fresh: stock TG7100C boot2, {(small ? "the SDK's 1 MB" : "the TG7100C")} partition table, AliOS Things firmware (console {baud} baud) and factory parameters");
        }

        if (installed is not null)
        {
            WriteImageSet(flash, installed);
            if (installation is UnitInstallation.OlderOpenBl602 or UnitInstallation.RecipeImages)
            {
                WritePsm(flash, efuse, faults, installed, details);
            }

            if (faults.UsedUnit is { OldImageInSecondSlot: true } && installed.Table.Firmware is { Size1: > 0 } fw)
            {
                Write(flash, fw.ActiveIndex == 1 ? fw.Address0 : fw.Address1, library.OldFirmwareImage);
                details.Add($"second firmware slot: OpenBL602 {SyntheticAssets.OldFirmwareVersion} image");
            }
        }

        if (identity is { MfgStartRequest: true })
        {
            Write(flash, MfgImageAddress, library.StockMfgImage(identity.StockConsoleBaud));
            Write(flash, MfgImageAddress + Boot2.MfgStartRequestOffset, "0mfg\0"u8.ToArray());
            details.Add($"mfg area: the vendor's AliOS production image at 0x{MfgImageAddress:X} and boot2's start request \"0mfg\" at 0x{MfgImageAddress + Boot2.MfgStartRequestOffset:X}");
        }

        if (identity?.RfParaMac is { } rfParaMac)
        {
            Write(flash, identity.RfParaAddress, FactoryMac.BuildRfParaRecord(rfParaMac.Span));
            details.Add($"rf_para record with MAC {Convert.ToHexString(rfParaMac.Span)} at 0x{identity.RfParaAddress:X}");
        }

        return new FlashSetupRecord(installation, details);
    }

    /// <summary>
    /// Sets up <paramref name="unit"/>'s flash from its own faults and records each flash-side fault
    /// (used unit, already in safe mode, already flashed) with what was written, on the unit's record.
    /// </summary>
    public static FlashSetupRecord Apply(SimulatedUnit unit, ImageSet recipeImages, SyntheticAssets library)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var record = Apply(unit.Flash, unit.Efuse, unit.Faults, recipeImages, library, unit.Identity);
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

    private static void WritePsm(ISpiFlash flash, IEfuse efuse, UnitFaults faults, ImageSet installed, List<string> details)
    {
        var psm = installed.Table.Find("PSM");
        if (psm is null)
        {
            return;
        }

        var used = faults.UsedUnit;
        var mac = used?.StoredMac is { Length: 6 } stored ? stored : FirstBootMac(efuse, installed.FactoryParameters);
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

    /// <summary>The MAC the installed firmware chose on its first boot (SDK rules on the unit's eFuse and the installed factory parameters).</summary>
    private static byte[] FirstBootMac(IEfuse efuse, byte[] factoryParameters)
    {
        var tree = FdtReader.TryRead(factoryParameters, out _);
        return WifiMacConfig.Choose(tree?.Root.Subnode("wifi")?.Subnode("mac"), efuse.Raw.Span).Mac;
    }

    private static void Write(ISpiFlash flash, uint address, byte[] bytes)
    {
        flash.EraseSectors(address, (uint)bytes.Length);
        flash.Program(address, bytes);
    }
}
