using System.Globalization;
using System.Numerics;
using Fixture.Protocol.Images;
using Fixture.Protocol.Json;
using Fixture.Protocol.Loader;

namespace Fixture.Protocol.Recipes;

/// <summary>Every problem of a recipe's JSON, each with its kind and path, collected in one pass.</summary>
internal sealed class RecipeIssues
{
    private readonly List<(RecipeProblem Kind, JsonProblem Problem)> _items = [];

    public bool Any => _items.Count > 0;

    public IEnumerable<JsonProblem> Problems => _items.Select(i => i.Problem);

    public void Add(RecipeProblem kind, string path, string message) => _items.Add((kind, new JsonProblem(path, message)));

    public RecipeProblem? KindOf(JsonProblem problem)
    {
        foreach (var (kind, item) in _items)
        {
            if (item == problem)
            {
                return kind;
            }
        }

        return null;
    }
}

/// <summary>
/// The rules of a recipe's JSON beyond its types: what is required, the ranges, the bauds the bootrom and
/// the eflash_loader can run at, the boot check's timeouts against OpenBL602's boot, and input paths that
/// stay inside the recipe's folder. Every problem is collected; none needs an input file. The partition
/// needs (<see cref="CheckPartitions"/>) are checked once the table is read.
/// </summary>
internal static class RecipeValidation
{
    /// <summary>The highest loader rate the references show working (protocol reference §2.3).</summary>
    public const int MaxLoaderBaud = 3_000_000;

    private const int MinBaud = 9_600;

    private const double MaxTimeoutSeconds = 3600;

    /// <summary>OpenBL602 opens its AP about 5 s after reset (openbl602-boot.md §3).</summary>
    private static readonly TimeSpan NominalApStart = TimeSpan.FromSeconds(5);

    /// <summary>OpenBL602 logs boot complete about 6 s after reset.</summary>
    private static readonly TimeSpan NominalBootComplete = TimeSpan.FromSeconds(6);

    /// <summary>The recipe as a document, or null when <paramref name="issues"/> got any problem.</summary>
    /// <param name="folder">The recipe's folder: input paths must stay inside it.</param>
    public static RecipeDocument? Check(RecipeJsonFile file, string folder, RecipeIssues issues)
    {
        var name = RequiredText(file.Name, "name", "give the recipe a name for the console and the report", issues);
        var version = RequiredText(file.Version, "version", "give the recipe's own version (bump it on every approved change)", issues);
        var helper = CheckInput(file.Helper, "helper", folder, issues);
        var boot2 = CheckInput(file.Boot2, "boot2", folder, issues);
        var part = CheckFlashPart(file, null, folder, issues);
        var variants = CheckVariants(file.Variants, part, folder, issues);
        var bootCheck = CheckBootCheck(file.BootCheck, issues);
        var cleanSlate = CheckCleanSlate(file.CleanSlate, issues);
        var loader = CheckLoader(file.Loader, issues);
        if (issues.Any)
        {
            return null;
        }

        var document = new RecipeDocument
        {
            Name = name!,
            Version = version!,
            Description = file.Description ?? string.Empty,
            Helper = helper!,
            Boot2 = boot2!,
            PartitionTable = part!.PartitionTable,
            Firmware = part.Firmware,
            FactoryParameters = part.FactoryParameters,
            FirmwareVersion = part.FirmwareVersion,
            Flash = part.Flash,
            BootCheck = bootCheck,
            CleanSlate = cleanSlate,
            Loader = loader,
            HashSkip = file.HashSkip ?? true,
        };

        // Without variants the document keeps its default (empty) list, so documents compare equal however they were made.
        return variants.Count == 0 ? document : document with { Variants = variants };
    }

    /// <summary>
    /// The "variants" object: each key a flash size ("1MB") equal to its own flash.sizeBytes, none the size of the
    /// recipe's own part or of another variant, and no JEDEC id accepted by two parts (the station must pick one).
    /// </summary>
    private static List<RecipeVariant> CheckVariants(IReadOnlyDictionary<string, RecipeJsonFlashPart>? json, RecipeVariant? own, string folder, RecipeIssues issues)
    {
        if (json is null)
        {
            return [];
        }

        var variants = new List<RecipeVariant>();
        foreach (var (key, part) in json)
        {
            var path = JsonPath.Property("variants", key);
            if (part is null)
            {
                issues.Add(RecipeProblem.InvalidValue, path, "is null: write the variant's partitionTable, firmware, factoryParameters and flash, or leave the key out");
                continue;
            }

            var keyOk = SizeOfKey(key) is not null;
            if (!keyOk)
            {
                issues.Add(RecipeProblem.InvalidValue, path, $"\"{JsonPath.Escape(key)}\" is not a flash size: key a variant by the size it is for, \"1MB\", \"2MB\", \"4MB\" (JEDEC capacity byte 0x14, 0x15, 0x16)");
            }

            if (CheckFlashPart(part, key, folder, issues) is not { } variant)
            {
                continue;
            }

            if (keyOk && RecipeVariant.KeyFor(variant.Flash.SizeBytes) != key)
            {
                issues.Add(RecipeProblem.InvalidValue, JsonPath.Property(variant.PathOf("flash"), "sizeBytes"), $"{variant.Flash.SizeBytes} is a {RecipeVariant.KeyFor(variant.Flash.SizeBytes)} layout, but the variant is keyed \"{JsonPath.Escape(key)}\": the key names the flash size the variant is for");
                continue;
            }

            if (own is not null && own.Key == key)
            {
                issues.Add(RecipeProblem.InvalidValue, path, $"the recipe's own partitionTable, firmware and flash are already the {key} layout (flash.sizeBytes {own.Flash.SizeBytes}): a variant is for another flash size");
                continue;
            }

            variants.Add(variant);
        }

        // One chip, one variant: a JEDEC id two parts accept would make the choice depend on their order.
        var parts = own is null ? variants : [own, .. variants];
        for (var i = 0; i < parts.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                foreach (var id in parts[i].Flash.JedecIds.Intersect(parts[j].Flash.JedecIds, StringComparer.Ordinal))
                {
                    var index = parts[i].Flash.JedecIds.ToList().IndexOf(id);
                    issues.Add(RecipeProblem.InvalidValue, JsonPath.Element(JsonPath.Property(parts[i].PathOf("flash"), "jedecIds"), index),
                        $"\"{id}\" is also accepted by {(parts[j].IsOwn ? "the recipe's own flash" : $"variant {parts[j].Key}")}: each flash chip must lead to one variant");
                }
            }
        }

        return variants;
    }

    /// <summary>The flash size a variant key names ("1MB" → 1 048 576), or null when it names none.</summary>
    internal static long? SizeOfKey(string key)
    {
        for (var size = 256L * 1024; size <= 16L * 1024 * 1024; size *= 2)
        {
            if (RecipeVariant.KeyFor(size) == key)
            {
                return size;
            }
        }

        return null;
    }

    /// <summary>
    /// The flash-dependent part (partition table, firmware and its expected version, factory parameters,
    /// flash): the recipe's own when <paramref name="variantKey"/> is null, else the variant under "variants" with that key.
    /// </summary>
    public static RecipeVariant? CheckFlashPart(RecipeJsonFlashPart part, string? variantKey, string folder, RecipeIssues issues)
    {
        var prefix = variantKey is null ? string.Empty : JsonPath.Property("variants", variantKey);
        var table = CheckInput(part.PartitionTable, JsonPath.Property(prefix, "partitionTable"), folder, issues);
        var firmware = CheckInput(part.Firmware, JsonPath.Property(prefix, "firmware"), folder, issues);
        string? version = null;
        if (part.Firmware is not null)
        {
            var key = JsonPath.Property(JsonPath.Property(prefix, "firmware"), "expectedVersion");
            version = RequiredText(part.Firmware.ExpectedVersion, key, "every recipe must name the OpenBL602 version the boot log has to show (e.g. \"1.17.366\")", issues);
            if (version is not null && version.Any(char.IsWhiteSpace))
            {
                issues.Add(RecipeProblem.InvalidValue, key, $"\"{JsonPath.Escape(version)}\" must be the bare version as the boot log prints it, e.g. \"1.17.366\"");
                version = null;
            }
        }

        var factory = CheckInput(part.FactoryParameters, JsonPath.Property(prefix, "factoryParameters"), folder, issues);
        var flash = CheckFlash(part.Flash, JsonPath.Property(prefix, "flash"), issues);
        return table is null || firmware is null || version is null || factory is null || flash is null
            ? null
            : new RecipeVariant(variantKey ?? RecipeVariant.KeyFor(flash.SizeBytes), table, firmware, version, factory, flash, IsOwn: variantKey is null);
    }

    /// <summary>
    /// Where a recipe's input path leads, or why it may not be used: an absolute path, or one that leaves
    /// the recipe's folder. Links are followed when the file is read (<see cref="RecipeLoader"/>).
    /// </summary>
    public static string? PathProblem(string file, string folder)
    {
        if (Path.IsPathRooted(file) || file.StartsWith('/') || file.StartsWith('\\'))
        {
            return $"\"{JsonPath.Escape(file)}\" is an absolute path: a recipe names files inside its own folder only; copy the file beside the recipe and write its path relative to it (e.g. \"images/firmware.bin\")";
        }

        var relative = Path.GetRelativePath(folder, Path.GetFullPath(file, folder));
        if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return $"\"{JsonPath.Escape(file)}\" leaves the recipe's folder: a recipe names files inside its own folder only; copy the file beside the recipe";
        }

        return relative == "." ? $"\"{JsonPath.Escape(file)}\" is the recipe's folder itself, not a file" : null;
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

    private static PinnedFile? CheckInput(RecipeJsonInput? input, string key, string folder, RecipeIssues issues)
    {
        if (input is null)
        {
            issues.Add(RecipeProblem.MissingKey, key, "is missing: name the file (relative to the recipe's folder) and its SHA-256");
            return null;
        }

        var file = RequiredText(input.File, JsonPath.Property(key, "file"), "name the file, relative to the recipe's folder", issues);
        if (file is not null && PathProblem(file, folder) is { } problem)
        {
            issues.Add(RecipeProblem.InputOutsideFolder, JsonPath.Property(key, "file"), problem);
            file = null;
        }

        var sha = input.Sha256;
        if (!string.IsNullOrEmpty(sha) && (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit)))
        {
            issues.Add(RecipeProblem.InvalidValue, JsonPath.Property(key, "sha256"), $"must be 64 hex digits (a SHA-256), found \"{JsonPath.Escape(sha)}\"");
            return null;
        }

        return file is null ? null : new PinnedFile(file, string.IsNullOrEmpty(sha) ? null : sha.ToLowerInvariant());
    }

    private static string? RequiredText(string? value, string key, string why, RecipeIssues issues)
    {
        if (value is null)
        {
            issues.Add(RecipeProblem.MissingKey, key, $"is missing: {why}");
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            issues.Add(RecipeProblem.InvalidValue, key, $"must be non-empty text, found the text \"{JsonPath.Escape(value)}\"");
            return null;
        }

        return value;
    }

    private static FlashExpectations? CheckFlash(RecipeJsonFlash? flash, string key, RecipeIssues issues)
    {
        if (flash is null)
        {
            issues.Add(RecipeProblem.MissingKey, key, "is missing: list the accepted JEDEC ids and the flash size, e.g. { \"jedecIds\": [\"ef4015\"], \"sizeBytes\": 2097152 }");
            return null;
        }

        var before = issues.Problems.Count();
        var ids = new List<string>();
        if (flash.JedecIds is null)
        {
            issues.Add(RecipeProblem.MissingKey, JsonPath.Property(key, "jedecIds"), "is missing: list the accepted flash chips, e.g. [\"ef4015\"]");
        }
        else if (flash.JedecIds.Count == 0)
        {
            issues.Add(RecipeProblem.InvalidValue, JsonPath.Property(key, "jedecIds"), "is empty; list at least one accepted flash, e.g. [\"ef4015\"]");
        }
        else
        {
            for (var i = 0; i < flash.JedecIds.Count; i++)
            {
                var id = flash.JedecIds[i].Trim().ToLowerInvariant();
                if (id.Length != 6 || !id.All(char.IsAsciiHexDigit))
                {
                    issues.Add(RecipeProblem.InvalidValue, JsonPath.Element(JsonPath.Property(key, "jedecIds"), i), $"must be a JEDEC id of 6 hex digits such as \"ef4015\", found the text \"{JsonPath.Escape(flash.JedecIds[i])}\"");
                }
                else
                {
                    ids.Add(id);
                }
            }
        }

        var size = flash.SizeBytes;
        if (size is null)
        {
            issues.Add(RecipeProblem.MissingKey, JsonPath.Property(key, "sizeBytes"), "is missing: the flash size the layout is for, e.g. 2097152 for 2 MB");
        }
        else if (size is < 256 * 1024 or > 16 * 1024 * 1024 || !BitOperations.IsPow2(size.Value))
        {
            issues.Add(RecipeProblem.InvalidValue, JsonPath.Property(key, "sizeBytes"), $"{size} is not a flash size (a power of two from 262144 to 16777216; 2097152 for 2 MB)");
            size = null;
        }

        if (size is { } bytes)
        {
            foreach (var id in ids)
            {
                // JEDEC capacity code n means 2^n bytes (0x15: 2 MiB) on the SPI NOR parts BL602 modules carry.
                var code = Convert.ToByte(id[4..], 16);
                if (code is >= 0x10 and <= 0x1F && (1L << code) < bytes)
                {
                    issues.Add(RecipeProblem.InvalidValue, JsonPath.Property(key, "jedecIds"), $"\"{id}\" is a {(1L << code) / 1024} KiB part, smaller than the {bytes / 1024} KiB layout in {JsonPath.Property(key, "sizeBytes")}");
                }
            }
        }

        return issues.Problems.Count() == before ? new FlashExpectations { JedecIds = ids, SizeBytes = size!.Value } : null;
    }

    private static BootCheckSettings CheckBootCheck(RecipeJsonBootCheck? check, RecipeIssues issues)
    {
        var defaults = new BootCheckSettings();
        if (check is null)
        {
            return defaults;
        }

        var silence = Seconds(check.SilenceTimeoutSeconds, "bootCheck.silenceTimeoutSeconds", issues);
        var apStart = Seconds(check.ApStartTimeoutSeconds, "bootCheck.apStartTimeoutSeconds", issues);
        var complete = Seconds(check.BootCompleteTimeoutSeconds, "bootCheck.bootCompleteTimeoutSeconds", issues);
        var settings = new BootCheckSettings
        {
            SilenceTimeout = silence ?? defaults.SilenceTimeout,
            ApStartTimeout = apStart ?? defaults.ApStartTimeout,
            BootCompleteTimeout = complete ?? defaults.BootCompleteTimeout,
            RequireAp = check.RequireAp ?? defaults.RequireAp,
        };

        var apOk = settings.ApStartTimeout > NominalApStart;
        if (!apOk)
        {
            issues.Add(RecipeProblem.InvalidValue, "bootCheck.apStartTimeoutSeconds", $"{Number(settings.ApStartTimeout.TotalSeconds)} s would fail good units: OpenBL602 opens its AP about 5 s after reset");
        }

        var completeOk = settings.BootCompleteTimeout > NominalBootComplete;
        if (!completeOk)
        {
            issues.Add(RecipeProblem.InvalidValue, "bootCheck.bootCompleteTimeoutSeconds", $"{Number(settings.BootCompleteTimeout.TotalSeconds)} s would fail good units: OpenBL602 logs boot complete about 6 s after reset");
        }

        if (apOk && completeOk && (settings.ApStartTimeout > settings.BootCompleteTimeout || settings.SilenceTimeout > settings.BootCompleteTimeout))
        {
            issues.Add(RecipeProblem.InvalidValue, "bootCheck", "the silence and AP-start timeouts must not exceed bootCompleteTimeoutSeconds (the check ends at boot complete)");
        }

        return settings;
    }

    private static TimeSpan? Seconds(double? seconds, string key, RecipeIssues issues)
    {
        if (seconds is not { } value)
        {
            return null;
        }

        if (value is > 0 and <= MaxTimeoutSeconds)
        {
            return TimeSpan.FromSeconds(value);
        }

        issues.Add(RecipeProblem.InvalidValue, key, $"must be a number of seconds above 0 and at most 3600 (found {Number(value)})");
        return null;
    }

    private static CleanSlateSettings CheckCleanSlate(RecipeJsonCleanSlate? cleanSlate, RecipeIssues issues)
    {
        if (cleanSlate is null)
        {
            return new CleanSlateSettings();
        }

        var enabled = cleanSlate.Enabled ?? true;
        if (cleanSlate.Erase is null)
        {
            return new CleanSlateSettings { Enabled = enabled };
        }

        var erase = new List<CleanSlateErase>();
        for (var i = 0; i < cleanSlate.Erase.Count; i++)
        {
            var item = cleanSlate.Erase[i];
            var key = JsonPath.Element("cleanSlate.erase", i);
            if (RequiredText(item.Partition, JsonPath.Property(key, "partition"), "name a partition-table entry, e.g. \"PSM\"", issues) is { } partition)
            {
                erase.Add(new CleanSlateErase(partition, item.Slot ?? PartitionSlotChoice.Slot0, item.HeaderOnly ?? false));
            }
        }

        return new CleanSlateSettings { Enabled = enabled, Erase = erase };
    }

    private static EflashLoaderSettings CheckLoader(RecipeJsonLoader? json, RecipeIssues issues)
    {
        var defaults = new EflashLoaderSettings();
        if (json is null)
        {
            return defaults;
        }

        var loader = new EflashLoaderSettings
        {
            BootromBaud = json.BootromBaud ?? defaults.BootromBaud,
            Baud = json.Baud ?? defaults.Baud,
            WriteChunkSize = json.WriteChunkSize ?? defaults.WriteChunkSize,
            ReadChunkSize = json.ReadChunkSize ?? defaults.ReadChunkSize,
        };

        if (loader.BootromBaud is < MinBaud or > EflashLoaderSettings.MaxBootromBaud)
        {
            issues.Add(RecipeProblem.ImpossibleBaud, "loader.bootromBaud", $"{loader.BootromBaud} is outside {MinBaud}..{EflashLoaderSettings.MaxBootromBaud}: the bootrom does not answer above 500 000 baud");
        }

        if (loader.Baud is < MinBaud or > MaxLoaderBaud)
        {
            issues.Add(RecipeProblem.ImpossibleBaud, "loader.baud", $"{loader.Baud} is outside {MinBaud}..{MaxLoaderBaud}");
        }
        else if (!LoaderBaudRate.IsSupported(loader.Baud))
        {
            issues.Add(
                RecipeProblem.ImpossibleBaud,
                "loader.baud",
                $"{loader.Baud} cannot work: the eflash_loader would run at {LoaderBaudRate.Effective(loader.Baud)} (above 970 000 it rounds to a multiple of 500 000); " +
                "use 1000000, 1500000, 2000000, 2500000 or 3000000, or a rate of at most 921600");
        }

        if (loader.WriteChunkSize is < 16 or > EflashLoaderSettings.MaxChunkSize)
        {
            issues.Add(RecipeProblem.InvalidValue, "loader.writeChunkSize", $"{loader.WriteChunkSize} is outside 16..{EflashLoaderSettings.MaxChunkSize} (the 2022 loader takes up to 16 384 data bytes per frame, older ones 8192)");
        }

        if (loader.ReadChunkSize is < 16 or > EflashLoaderSettings.MaxChunkSize)
        {
            issues.Add(RecipeProblem.InvalidValue, "loader.readChunkSize", $"{loader.ReadChunkSize} is outside 16..{EflashLoaderSettings.MaxChunkSize}");
        }

        return loader;
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static RecipeException Missing(string path, string problem) =>
        new(RecipeProblem.MissingPartition, path, $"recipe {path}: {problem}");
}
