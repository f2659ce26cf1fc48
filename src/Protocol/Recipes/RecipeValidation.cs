using System.Numerics;
using Fixture.Protocol.Images;
using Fixture.Protocol.Loader;

namespace Fixture.Protocol.Recipes;

/// <summary>The checks of a recipe's settings that need no input file, and of its partition needs.</summary>
internal static class RecipeValidation
{
    /// <summary>The highest loader rate the references show working (protocol reference §2.3).</summary>
    public const int MaxLoaderBaud = 3_000_000;

    private const int MinBaud = 9_600;

    /// <summary>OpenBL602 opens its AP about 5 s after reset (openbl602-boot.md §3).</summary>
    private static readonly TimeSpan NominalApStart = TimeSpan.FromSeconds(5);

    /// <summary>OpenBL602 logs boot complete about 6 s after reset.</summary>
    private static readonly TimeSpan NominalBootComplete = TimeSpan.FromSeconds(6);

    public static void CheckSettings(RecipeDocument recipe, string path)
    {
        if (recipe.FirmwareVersion.Any(char.IsWhiteSpace))
        {
            throw Invalid(path, "firmware.expectedVersion", $"\"{recipe.FirmwareVersion}\" must be the bare version as the boot log prints it, e.g. \"1.17.366\"");
        }

        CheckFlash(recipe.Flash, path);
        CheckLoader(recipe.Loader, path);
        CheckBootCheck(recipe.BootCheck, path);
    }

    /// <summary>The partition table has what the recipe writes to and erases: FW, factory, each clean-slate slot.</summary>
    public static void CheckPartitions(RecipeDocument recipe, PartitionTableToml layout, string tomlName, string path)
    {
        var table = layout.Table;
        if (table.Firmware is null)
        {
            throw Missing(path, $"partitionTable {tomlName} has no firmware entry (type 0, usually \"FW\"); the firmware has nowhere to go");
        }

        if (table.Find(FlashPlanBuilder.FactoryPartition) is null)
        {
            throw Missing(path, $"partitionTable {tomlName} has no \"{FlashPlanBuilder.FactoryPartition}\" entry; the factory parameters have nowhere to go");
        }

        foreach (var erase in recipe.CleanSlate.Effective)
        {
            if (CleanSlateRange.Resolve(erase, table) is { Problem: { } problem })
            {
                throw Missing(path, $"cleanSlate: {problem} in partitionTable {tomlName}; name existing entries in cleanSlate.erase, or set cleanSlate.enabled to false");
            }
        }
    }

    private static void CheckFlash(FlashExpectations flash, string path)
    {
        if (flash.JedecIds.Count == 0)
        {
            throw Invalid(path, "flash.jedecIds", "is empty; list at least one accepted flash, e.g. [\"ef4015\"]");
        }

        if (flash.SizeBytes is < 256 * 1024 or > 16 * 1024 * 1024 || !BitOperations.IsPow2(flash.SizeBytes))
        {
            throw Invalid(path, "flash.sizeBytes", $"{flash.SizeBytes} is not a flash size (a power of two from 262144 to 16777216; 2097152 for 2 MB)");
        }

        foreach (var id in flash.JedecIds)
        {
            // JEDEC capacity code n means 2^n bytes (0x15: 2 MiB) on the SPI NOR parts BL602 modules carry.
            var code = Convert.ToByte(id[4..], 16);
            if (code is >= 0x10 and <= 0x1F && (1L << code) < flash.SizeBytes)
            {
                throw Invalid(path, "flash.jedecIds", $"\"{id}\" is a {(1L << code) / 1024} KiB part, smaller than the {flash.SizeBytes / 1024} KiB layout in flash.sizeBytes");
            }
        }
    }

    private static void CheckLoader(EflashLoaderSettings loader, string path)
    {
        if (loader.BootromBaud is < MinBaud or > EflashLoaderSettings.MaxBootromBaud)
        {
            throw Baud(path, "loader.bootromBaud", $"{loader.BootromBaud} is outside {MinBaud}..{EflashLoaderSettings.MaxBootromBaud}: the bootrom does not answer above 500 000 baud");
        }

        if (loader.Baud is < MinBaud or > MaxLoaderBaud)
        {
            throw Baud(path, "loader.baud", $"{loader.Baud} is outside {MinBaud}..{MaxLoaderBaud}");
        }

        if (!LoaderBaudRate.IsSupported(loader.Baud))
        {
            var effective = LoaderBaudRate.Effective(loader.Baud);
            throw Baud(
                path,
                "loader.baud",
                $"{loader.Baud} cannot work: the eflash_loader would run at {effective} (above 970 000 it rounds to a multiple of 500 000); " +
                "use 1000000, 1500000, 2000000, 2500000 or 3000000, or a rate of at most 921600");
        }

        if (loader.WriteChunkSize is < 16 or > EflashLoaderSettings.MaxChunkSize)
        {
            throw Invalid(path, "loader.writeChunkSize", $"{loader.WriteChunkSize} is outside 16..{EflashLoaderSettings.MaxChunkSize} (the 2022 loader takes up to 16 384 data bytes per frame, older ones 8192)");
        }

        if (loader.ReadChunkSize is < 16 or > EflashLoaderSettings.MaxChunkSize)
        {
            throw Invalid(path, "loader.readChunkSize", $"{loader.ReadChunkSize} is outside 16..{EflashLoaderSettings.MaxChunkSize}");
        }
    }

    private static void CheckBootCheck(BootCheckSettings check, string path)
    {
        if (check.ApStartTimeout <= NominalApStart)
        {
            throw Invalid(path, "bootCheck.apStartTimeoutSeconds", $"{check.ApStartTimeout.TotalSeconds} s would fail good units: OpenBL602 opens its AP about 5 s after reset");
        }

        if (check.BootCompleteTimeout <= NominalBootComplete)
        {
            throw Invalid(path, "bootCheck.bootCompleteTimeoutSeconds", $"{check.BootCompleteTimeout.TotalSeconds} s would fail good units: OpenBL602 logs boot complete about 6 s after reset");
        }

        if (check.ApStartTimeout > check.BootCompleteTimeout || check.SilenceTimeout > check.BootCompleteTimeout)
        {
            throw Invalid(path, "bootCheck", "the silence and AP-start timeouts must not exceed bootCompleteTimeoutSeconds (the check ends at boot complete)");
        }
    }

    private static RecipeException Invalid(string path, string key, string problem) =>
        new(RecipeProblem.InvalidValue, path, $"recipe {path}: \"{key}\" {problem}");

    private static RecipeException Baud(string path, string key, string problem) =>
        new(RecipeProblem.ImpossibleBaud, path, $"recipe {path}: \"{key}\" {problem}");

    private static RecipeException Missing(string path, string problem) =>
        new(RecipeProblem.MissingPartition, path, $"recipe {path}: {problem}");
}
