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
