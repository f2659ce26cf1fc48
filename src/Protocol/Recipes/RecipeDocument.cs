namespace Fixture.Protocol.Recipes;

/// <summary>The five files a recipe puts on (or uses to reach) a unit; also their JSON keys.</summary>
public enum RecipeInputKind
{
    /// <summary>"helper": the eflash_loader RAM image loaded through the bootrom.</summary>
    Helper,

    /// <summary>"boot2": raw blsp_boot2 code (the plan wraps it as whole_img_boot2).</summary>
    Boot2,

    /// <summary>"partitionTable": the vendor partition TOML.</summary>
    PartitionTable,

    /// <summary>"firmware": the raw OpenBL602 application binary, as OpenBeken publishes OpenBL602_&lt;ver&gt;.bin.</summary>
    Firmware,

    /// <summary>"factoryParameters": the compiled device tree (ro_params.dtb).</summary>
    FactoryParameters,
}

/// <summary>An input file as the recipe names it: a path relative to the recipe file, and its pinned SHA-256.</summary>
/// <param name="File">Path relative to the recipe's folder, inside it (absolute paths and paths leading out of it are refused).</param>
/// <param name="Sha256">Lower-case hex SHA-256 the file must have; null until pinned.</param>
public sealed record PinnedFile(string File, string? Sha256 = null);

/// <summary>
/// A recipe as written in its JSON file: names, pinned inputs and settings, before any input is read.
/// <see cref="RecipeLoader"/> turns it into a checked <see cref="Recipe"/>; <see cref="RecipeWriter"/>
/// writes it. The JSON schema is in docs/recipes.md.
/// </summary>
public sealed record RecipeDocument
{
    /// <summary>Recipe name for reports and the operator console, e.g. "OpenBL602 1.17.366, BL602 2 MB".</summary>
    public required string Name { get; init; }

    /// <summary>The recipe's own version (QA bumps it on every approved change).</summary>
    public required string Version { get; init; }

    public string Description { get; init; } = string.Empty;

    public required PinnedFile Helper { get; init; }

    public required PinnedFile Boot2 { get; init; }

    public required PinnedFile PartitionTable { get; init; }

    public required PinnedFile Firmware { get; init; }

    public required PinnedFile FactoryParameters { get; init; }

    /// <summary>
    /// The OpenBL602 version the boot log must show (e.g. "1.17.366"; JSON: firmware.expectedVersion).
    /// Mandatory: without it a wrong firmware file would pass the boot check.
    /// </summary>
    public required string FirmwareVersion { get; init; }

    public FlashExpectations Flash { get; init; } = new();

    public BootCheckSettings BootCheck { get; init; } = new();

    public CleanSlateSettings CleanSlate { get; init; } = new();

    public EflashLoaderSettings Loader { get; init; } = new();

    /// <summary>Skip erase and write of a region whose SHA-256 on the chip already matches (the verify still runs).</summary>
    public bool HashSkip { get; init; } = true;

    /// <summary>
    /// Further flash-size variants (JSON: "variants", an object keyed "1MB", "4MB", …): each its own partition
    /// table, firmware and factory parameters for another flash size. Empty for a single-layout recipe. The
    /// recipe's own flash part is the variant <see cref="OwnVariant"/>; the station picks by JEDEC id after identify.
    /// </summary>
    public IReadOnlyList<RecipeVariant> Variants { get; init; } = [];

    /// <summary>The recipe's own flash part (its top-level partitionTable, firmware, factoryParameters, flash) as a variant, keyed by its size.</summary>
    public RecipeVariant OwnVariant => new(RecipeVariant.KeyFor(Flash.SizeBytes), PartitionTable, Firmware, FirmwareVersion, FactoryParameters, Flash, IsOwn: true);

    /// <summary>Every flash part: the recipe's own first, then <see cref="Variants"/> in file order.</summary>
    public IReadOnlyList<RecipeVariant> AllVariants => [OwnVariant, .. Variants];

    /// <summary>The document as a single-layout recipe for <paramref name="variant"/>: its flash part in place of the recipe's own, no further variants.</summary>
    public RecipeDocument ForVariant(RecipeVariant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return this with
        {
            PartitionTable = variant.PartitionTable,
            Firmware = variant.Firmware,
            FirmwareVersion = variant.FirmwareVersion,
            FactoryParameters = variant.FactoryParameters,
            Flash = variant.Flash,
            Variants = [],
        };
    }

    /// <summary>The pinned file of one input.</summary>
    public PinnedFile Input(RecipeInputKind kind) => kind switch
    {
        RecipeInputKind.Helper => Helper,
        RecipeInputKind.Boot2 => Boot2,
        RecipeInputKind.PartitionTable => PartitionTable,
        RecipeInputKind.Firmware => Firmware,
        RecipeInputKind.FactoryParameters => FactoryParameters,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a recipe input"),
    };

    /// <summary>The same document with one input's pinned file replaced.</summary>
    public RecipeDocument WithInput(RecipeInputKind kind, PinnedFile file) => kind switch
    {
        RecipeInputKind.Helper => this with { Helper = file },
        RecipeInputKind.Boot2 => this with { Boot2 = file },
        RecipeInputKind.PartitionTable => this with { PartitionTable = file },
        RecipeInputKind.Firmware => this with { Firmware = file },
        RecipeInputKind.FactoryParameters => this with { FactoryParameters = file },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a recipe input"),
    };
}

/// <summary>
/// The flash-dependent part of a recipe for one flash size (issue 14 §4): partition table, firmware (with the
/// version its boot log must show), factory parameters and the flash it is for. A recipe's own part is one
/// (<see cref="IsOwn"/>); "variants" adds more, keyed by size ("1MB" = 1 048 576 bytes, JEDEC capacity byte 0x14).
/// </summary>
/// <param name="Key">"1MB", "2MB", "4MB": the flash size it is for (the report's recipe_variant).</param>
public sealed record RecipeVariant(string Key, PinnedFile PartitionTable, PinnedFile Firmware, string FirmwareVersion, PinnedFile FactoryParameters, FlashExpectations Flash, bool IsOwn = false)
{
    /// <summary>The inputs a variant has of its own; helper and boot2 are the recipe's, shared by every variant.</summary>
    public static IReadOnlyList<RecipeInputKind> Kinds { get; } = [RecipeInputKind.PartitionTable, RecipeInputKind.Firmware, RecipeInputKind.FactoryParameters];

    /// <summary>The key of a flash size: "1MB" for 1 048 576 bytes, "512KB" below a mebibyte.</summary>
    public static string KeyFor(long sizeBytes) =>
        sizeBytes >= 1024 * 1024 && sizeBytes % (1024 * 1024) == 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sizeBytes / (1024 * 1024)}MB")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sizeBytes / 1024}KB");

    /// <summary>Where this part sits in the recipe's JSON: "" for the recipe's own, ["variants", key] for a variant.</summary>
    public IReadOnlyList<string> JsonObjectPath => IsOwn ? [] : ["variants", Key];

    /// <summary>The JSON path of one of its keys as messages write it ("firmware", "variants[\"1MB\"].firmware").</summary>
    public string PathOf(string key) => Json.JsonPath.Property(IsOwn ? string.Empty : Json.JsonPath.Property("variants", Key), key);

    /// <summary>The pinned file of one of its inputs.</summary>
    public PinnedFile Input(RecipeInputKind kind) => kind switch
    {
        RecipeInputKind.PartitionTable => PartitionTable,
        RecipeInputKind.Firmware => Firmware,
        RecipeInputKind.FactoryParameters => FactoryParameters,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an input of a flash variant (helper and boot2 are the recipe's)"),
    };

    /// <summary>The same variant with one input's pinned file replaced.</summary>
    public RecipeVariant WithInput(RecipeInputKind kind, PinnedFile file) => kind switch
    {
        RecipeInputKind.PartitionTable => this with { PartitionTable = file },
        RecipeInputKind.Firmware => this with { Firmware = file },
        RecipeInputKind.FactoryParameters => this with { FactoryParameters = file },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an input of a flash variant (helper and boot2 are the recipe's)"),
    };
}
