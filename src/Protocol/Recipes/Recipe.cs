using Fixture.Protocol.Images;
using Fixture.Protocol.Images.DeviceTree;

namespace Fixture.Protocol.Recipes;

/// <summary>One input file of a loaded recipe: where it is, its bytes, and the SHA-256 they were checked against.</summary>
/// <param name="Kind">Which input.</param>
/// <param name="RelativePath">The path as the recipe writes it.</param>
/// <param name="FullPath">The path resolved against the recipe's folder.</param>
/// <param name="Bytes">The file's content, read once when the recipe was loaded.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Bytes"/> (equal to the pinned one).</param>
public sealed record RecipeInput(RecipeInputKind Kind, string RelativePath, string FullPath, ReadOnlyMemory<byte> Bytes, string Sha256)
{
    /// <summary>File name without folder, e.g. "OpenBL602_1.17.366.bin" (the report's firmware file column).</summary>
    public string FileName => Path.GetFileName(FullPath);
}

/// <summary>
/// A recipe checked by <see cref="RecipeLoader.Load"/>: every input read once, its SHA-256 equal to the
/// pinned one, and parsed (helper, partition layout, factory parameters). Immutable; one instance serves
/// every socket of a station. <see cref="FlashPlanBuilder.Build(Recipe)"/> turns it into the flash plan.
/// </summary>
public sealed class Recipe
{
    internal Recipe(
        string path,
        string sha256,
        RecipeDocument document,
        IReadOnlyDictionary<RecipeInputKind, RecipeInput> inputs,
        HelperImage helperImage,
        PartitionTableToml partitionLayout,
        FactoryParameters factoryParameters,
        IReadOnlyList<string> warnings,
        RecipeVariant variant)
    {
        Variant = variant;
        Path = path;
        Sha256 = sha256;
        Document = document;
        Inputs = inputs;
        HelperImage = helperImage;
        PartitionLayout = partitionLayout;
        FactoryParameters = factoryParameters;
        Warnings = warnings;
    }

    /// <summary>The recipe file as it was given to the loader.</summary>
    public string Path { get; }

    /// <summary>Lower-case hex SHA-256 of the recipe file itself (the report's recipe hash column).</summary>
    public string Sha256 { get; }

    public RecipeDocument Document { get; }

    public string Name => Document.Name;

    public string Version => Document.Version;

    public string Description => Document.Description;

    /// <summary>The OpenBL602 version the boot log must show.</summary>
    public string FirmwareVersion => Variant.FirmwareVersion;

    /// <summary>The flash this recipe (variant) is for.</summary>
    public FlashExpectations Flash => Variant.Flash;

    /// <summary>
    /// The flash part this object stands for: the recipe's own (<see cref="RecipeVariant.IsOwn"/>) or one of its
    /// "variants". Partition layout, firmware, factory parameters and <see cref="Flash"/> are this part's.
    /// </summary>
    public RecipeVariant Variant { get; }

    /// <summary>"2MB", "1MB": the flash size of <see cref="Variant"/> (the report's recipe_variant).</summary>
    public string VariantKey => Variant.Key;

    /// <summary>Every flash-size variant of the recipe as a recipe of its own, the recipe's own first (one entry for a single-layout recipe).</summary>
    public IReadOnlyList<Recipe> Variants { get; internal set; } = [];

    /// <summary>
    /// The variant for a flash chip: the first whose flash.jedecIds has <paramref name="jedec"/>'s id and whose
    /// layout fits its capacity; null when none does (FLASH_ID). A JEDEC id is accepted by one variant at most.
    /// </summary>
    public Recipe? VariantFor(Loader.JedecId jedec)
    {
        ArgumentNullException.ThrowIfNull(jedec);
        return Variants.FirstOrDefault(v => v.Flash.Accepts(jedec.Id) && jedec.CapacityBytes >= v.Flash.SizeBytes);
    }

    public BootCheckSettings BootCheck => Document.BootCheck;

    public CleanSlateSettings CleanSlate => Document.CleanSlate;

    public EflashLoaderSettings Loader => Document.Loader;

    public bool HashSkip => Document.HashSkip;

    public IReadOnlyDictionary<RecipeInputKind, RecipeInput> Inputs { get; }

    public RecipeInput Helper => Inputs[RecipeInputKind.Helper];

    public RecipeInput Boot2 => Inputs[RecipeInputKind.Boot2];

    public RecipeInput PartitionTableFile => Inputs[RecipeInputKind.PartitionTable];

    public RecipeInput Firmware => Inputs[RecipeInputKind.Firmware];

    public RecipeInput FactoryParametersFile => Inputs[RecipeInputKind.FactoryParameters];

    /// <summary>The parsed eflash_loader image, ready for the bootrom client.</summary>
    public HelperImage HelperImage { get; }

    /// <summary>The parsed partition TOML: the entries and where the two table copies go.</summary>
    public PartitionTableToml PartitionLayout { get; }

    /// <summary>The parsed factory parameters; <see cref="FactoryParameters.ConsoleBaudRate"/> is the boot-log baud.</summary>
    public FactoryParameters FactoryParameters { get; }

    /// <summary>The baud the boot log is read at (from the factory parameters the recipe flashes).</summary>
    public int ConsoleBaudRate => FactoryParameters.ConsoleBaudRate!.Value;

    /// <summary>Things worth telling the engineer that do not make the recipe unusable.</summary>
    public IReadOnlyList<string> Warnings { get; }
}
