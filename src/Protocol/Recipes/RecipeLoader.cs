using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Fixture.Protocol.Images;
using Fixture.Protocol.Images.DeviceTree;
using Fixture.Protocol.Json;

namespace Fixture.Protocol.Recipes;

/// <summary>
/// Reads a recipe and everything it names, and refuses it — naming the file and every problem found —
/// unless all of it is usable: the JSON schema, the settings, every input inside the recipe's folder, a
/// regular file of a sensible size, present with its pinned SHA-256, each input a valid image of its kind.
/// Reads files synchronously, once, at start-up.
/// </summary>
public static class RecipeLoader
{
    /// <summary>Largest helper read: an eflash_loader runs from BL602's 276 KiB of RAM.</summary>
    public const int MaxHelperBytes = 256 * 1024;

    /// <summary>Largest raw boot2 read: boot2 (header at 0, code from 0x2000) must end below the partition table at 0xE000.</summary>
    public const int MaxBoot2Bytes = 64 * 1024;

    /// <summary>Largest partition TOML or factory-parameter device tree read (both are a few KiB).</summary>
    public const int MaxSmallInputBytes = 64 * 1024;

    /// <summary>Loads and checks the recipe at <paramref name="path"/>; input paths are relative to its folder.</summary>
    /// <exception cref="RecipeException">The recipe cannot be used; nothing has been touched.</exception>
    public static Recipe Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Load(ReadRecipeFile(path), path);
    }

    /// <summary>Checks recipe JSON as if it were the file at <paramref name="path"/> (pinning checks before it writes).</summary>
    internal static Recipe Load(byte[] json, string path)
    {
        var document = RecipeJson.Read(json, path);
        var folder = FolderOf(path);
        var refusals = new List<RecipeException>();
        var shared = new Dictionary<RecipeInputKind, RecipeInput>();
        foreach (var kind in SharedKinds)
        {
            if (Collect(refusals, () => ReadPinnedInput(document.Input(kind), RecipeJson.KeyOf(kind), kind, document.Flash.SizeBytes, folder, path)) is { } input)
            {
                shared[kind] = input;
            }
        }

        var variants = document.AllVariants;
        var own = new Dictionary<RecipeInputKind, RecipeInput>[variants.Count];
        for (var v = 0; v < variants.Count; v++)
        {
            var variant = variants[v];
            own[v] = [];
            foreach (var kind in RecipeVariant.Kinds)
            {
                if (Collect(refusals, () => ReadPinnedInput(variant.Input(kind), variant.PathOf(RecipeJson.KeyOf(kind)), kind, variant.Flash.SizeBytes, folder, path)) is { } input)
                {
                    own[v][kind] = input;
                }
            }
        }

        Throw(path, refusals);
        var warnings = new List<string>();
        var helper = Collect(refusals, () => ParseHelper(shared[RecipeInputKind.Helper], path, warnings));
        Collect(refusals, () => CheckRawImage(shared[RecipeInputKind.Boot2], "boot2", "blsp_boot2 code", "whole_img_boot2.bin", path));
        var layouts = new PartitionTableToml?[variants.Count];
        var factories = new FactoryParameters?[variants.Count];
        for (var v = 0; v < variants.Count; v++)
        {
            var variant = variants[v];
            var inputs = own[v];
            var layout = layouts[v] = Collect(refusals, () => ParsePartitionTable(inputs[RecipeInputKind.PartitionTable], variant, path));
            factories[v] = Collect(refusals, () => ParseFactoryParameters(inputs[RecipeInputKind.FactoryParameters], variant, path));
            Collect(refusals, () => CheckRawImage(inputs[RecipeInputKind.Firmware], variant.PathOf("firmware"), "OpenBL602 application (OpenBL602_<version>.bin)", "whole_img.bin", path));
            Collect(refusals, () => CheckFirmwareVersion(inputs[RecipeInputKind.Firmware], variant, path));
            if (layout is not null)
            {
                Collect(refusals, () => RecipeValidation.CheckPartitions(document, layout, Described(variant, inputs[RecipeInputKind.PartitionTable].FileName), path));
            }
        }

        Throw(path, refusals);
        for (var v = 0; v < variants.Count; v++)
        {
            WarnAboutMacMode(factories[v]!, Described(variants[v], own[v][RecipeInputKind.FactoryParameters].FileName), warnings);
        }

        if (Loader.KnownHelpers.Find(shared[RecipeInputKind.Helper].Sha256) is null)
        {
            warnings.Add($"helper {shared[RecipeInputKind.Helper].FileName} is not one the station knows by SHA-256: write frames stay at {Loader.KnownHelpers.UnknownHelperWriteChunk} bytes (docs/recipes.md, \"Write frames and the helper\")");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(json));
        var recipes = new List<Recipe>();
        for (var v = 0; v < variants.Count; v++)
        {
            var inputs = new Dictionary<RecipeInputKind, RecipeInput>(shared);
            foreach (var (kind, input) in own[v])
            {
                inputs[kind] = input;
            }

            recipes.Add(new Recipe(path, sha256, document, inputs, helper!, layouts[v]!, factories[v]!, warnings, variants[v]));
        }

        foreach (var recipe in recipes)
        {
            recipe.Variants = recipes;
        }

        return recipes[0];
    }

    /// <summary>The inputs every variant shares: the helper and boot2.</summary>
    private static readonly RecipeInputKind[] SharedKinds = [RecipeInputKind.Helper, RecipeInputKind.Boot2];

    /// <summary>A variant's file as messages name it: "partition_cfg_1M.toml (variant 1MB)", the recipe's own file bare.</summary>
    private static string Described(RecipeVariant variant, string file) => variant.IsOwn ? file : $"{file} (variant {variant.Key})";

    /// <summary>Full path of an input named by a recipe in <paramref name="recipeFolder"/>.</summary>
    public static string Resolve(string recipeFolder, string file) => Path.GetFullPath(file, recipeFolder);

    /// <summary>The folder a recipe's inputs are relative to (and must stay inside).</summary>
    public static string FolderOf(string recipePath) => Path.GetDirectoryName(Path.GetFullPath(recipePath))!;

    /// <summary>The largest an input of <paramref name="kind"/> may be, and why, for a recipe whose flash is <paramref name="flashSize"/> bytes.</summary>
    public static (long Bytes, string Why) MaxInputBytes(RecipeInputKind kind, long flashSize) => kind switch
    {
        RecipeInputKind.Helper => (MaxHelperBytes, "an eflash_loader runs from BL602's 276 KiB of RAM"),
        RecipeInputKind.Boot2 => (MaxBoot2Bytes, "boot2 must end below the partition table at 0xE000"),
        RecipeInputKind.Firmware => (flashSize, $"the {flashSize / 1024} KiB flash of flash.sizeBytes"),
        _ => (MaxSmallInputBytes, $"the limit for a {KindWords(kind)}"),
    };

    /// <summary>The recipe file's bytes (a regular file of at most 1 MiB), or the reason they cannot be had.</summary>
    internal static byte[] ReadRecipeFile(string path)
    {
        try
        {
            return InputFile.ReadAllBytes(path, RecipeJson.Rules.MaxBytes, "the limit for a recipe");
        }
        catch (InputFileException e)
        {
            throw new RecipeException(
                RecipeProblem.RecipeFileMissing,
                path,
                e.Problem == InputFileProblem.NotFound
                    ? $"recipe {path}: file not found (check the path; recipes live in config/recipes/)"
                    : $"recipe {path}: {e.Reason}",
                e);
        }
    }

    /// <summary>
    /// Reads one input the recipe names, refusing a path that leads out of the recipe's folder (links are
    /// followed), anything but a regular file, and a file larger than its kind can be.
    /// </summary>
    internal static (string FullPath, byte[] Bytes) ReadInput(PinnedFile pinned, string key, RecipeInputKind kind, long flashSize, string folder, string recipePath)
    {
        var fullPath = Resolve(folder, pinned.File);
        var target = InputFile.ResolveLinks(fullPath);
        if (!InputFile.IsInside(target, InputFile.ResolveLinks(folder)))
        {
            throw new RecipeException(
                RecipeProblem.InputOutsideFolder,
                recipePath,
                $"recipe {recipePath}: {key}.file {pinned.File} leads out of the recipe's folder (to {target}): a recipe names files inside its own folder only; copy the file beside the recipe");
        }

        var (limit, why) = MaxInputBytes(kind, flashSize);
        try
        {
            return (fullPath, InputFile.ReadAllBytes(fullPath, limit, why));
        }
        catch (InputFileException e)
        {
            var (problem, text) = e.Problem switch
            {
                InputFileProblem.NotFound => (RecipeProblem.InputFileMissing, $"file not found (looked for {fullPath}; paths are relative to the recipe's folder)"),
                InputFileProblem.NotARegularFile => (RecipeProblem.InputNotARegularFile, e.Reason),
                InputFileProblem.TooLarge => (RecipeProblem.InputTooLarge, e.Reason),
                _ => (RecipeProblem.InputFileMissing, e.Reason),
            };
            throw new RecipeException(problem, recipePath, $"recipe {recipePath}: {key} {pinned.File}: {text}", e);
        }
    }

    private static RecipeInput ReadPinnedInput(PinnedFile pinned, string key, RecipeInputKind kind, long flashSize, string folder, string recipePath)
    {
        var (fullPath, bytes) = ReadInput(pinned, key, kind, flashSize, folder, recipePath);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (pinned.Sha256 is null)
        {
            throw new RecipeException(
                RecipeProblem.NotPinned,
                recipePath,
                $"recipe {recipePath}: {key} {pinned.File}: no SHA-256 pinned; run `fixture image pin --recipe {recipePath}` once the files are approved");
        }

        if (!string.Equals(actual, pinned.Sha256, StringComparison.Ordinal))
        {
            throw new RecipeException(
                RecipeProblem.HashMismatch,
                recipePath,
                $"recipe {recipePath}: {key} {Path.GetFileName(fullPath)}: SHA-256 is {actual}, the recipe pins {pinned.Sha256}; " +
                $"the file changed since the recipe was approved (restore the approved file, or re-approve with `fixture image pin --recipe {recipePath}`)");
        }

        return new RecipeInput(kind, pinned.File, fullPath, bytes, actual);
    }

    private static string KindWords(RecipeInputKind kind) => kind switch
    {
        RecipeInputKind.PartitionTable => "partition TOML",
        RecipeInputKind.FactoryParameters => "factory-parameter device tree",
        _ => RecipeJson.KeyOf(kind),
    };

    /// <summary>Runs one check; its refusals are kept and the others still run (every problem in one pass).</summary>
    private static T? Collect<T>(List<RecipeException> refusals, Func<T> check)
        where T : class
    {
        try
        {
            return check();
        }
        catch (RecipeException e)
        {
            refusals.Add(e);
            return null;
        }
    }

    private static void Collect(List<RecipeException> refusals, Action check) => Collect<object>(refusals, () =>
    {
        check();
        return new object();
    });

    /// <summary>One refusal as it was (its inner exception kept), several as one exception listing them all.</summary>
    private static void Throw(string path, List<RecipeException> refusals)
    {
        if (refusals.Count == 1)
        {
            throw refusals[0];
        }

        if (refusals.Count > 1)
        {
            throw new RecipeException(path, [.. refusals.SelectMany(r => r.Refusals)], refusals[0].InnerException);
        }
    }

    private static HelperImage ParseHelper(RecipeInput input, string recipePath, List<string> warnings)
    {
        HelperImage helper;
        try
        {
            helper = HelperImage.Parse(input.Bytes, input.FileName);
        }
        catch (ImageFormatException e)
        {
            throw new RecipeException(
                RecipeProblem.InvalidHelper,
                recipePath,
                $"recipe {recipePath}: helper {input.FileName} is not a valid eflash_loader RAM image: {e.Message}",
                e);
        }

        if (!helper.BootHeader.BootConfig.CrcIgnore)
        {
            // §5.6: loaders with the older header predate xz decompress-write (0x3F), which the flasher uses.
            warnings.Add(
                $"helper {input.FileName} has the older eflash_loader header (boot cfg {helper.BootHeader.BootConfig.Value:X8}); " +
                "older loaders lack xz decompress-write (0x3F): use a 2022-or-later eflash_loader");
        }

        return helper;
    }

    // hal_board.c: without a usable wifi/mac mode the SDK sets no MAC, and a character other than M, B, F asserts.
    private static void WarnAboutMacMode(FactoryParameters factory, string file, List<string> warnings)
    {
        var modes = factory.MacModeStrings;
        var problem = !factory.HasMacNode ? "has no wifi/mac node"
            : modes is not { Count: 1 } ? "has no wifi/mac mode of exactly one string"
            : modes[0].Length > 3 ? $"has wifi/mac mode '{modes[0]}', longer than 3 characters"
            : modes[0].Any(c => c is not ('M' or 'B' or 'F')) ? $"has wifi/mac mode '{modes[0]}' with a character other than M, B, F (the SDK asserts on it when it gets there)"
            : null;
        if (problem is not null)
        {
            warnings.Add($"factory parameters {file} {problem}: the firmware's MAC cannot be predicted from eFuse, so the boot check only checks the log's own consistency");
        }
    }

    private static PartitionTableToml ParsePartitionTable(RecipeInput input, RecipeVariant variant, string recipePath)
    {
        try
        {
            return PartitionTableToml.Parse(DecodeText(input, variant, recipePath), input.FileName, variant.Flash.SizeBytes);
        }
        catch (PartitionTableTomlException e)
        {
            throw new RecipeException(RecipeProblem.InvalidPartitionTable, recipePath, $"recipe {recipePath}: {variant.PathOf("partitionTable")} {e.Message}", e);
        }
    }

    private static FactoryParameters ParseFactoryParameters(RecipeInput input, RecipeVariant variant, string recipePath)
    {
        try
        {
            return FactoryParameters.Parse(input.Bytes.Span, input.FileName);
        }
        catch (ImageFormatException e)
        {
            throw new RecipeException(
                RecipeProblem.InvalidFactoryParameters,
                recipePath,
                $"recipe {recipePath}: {variant.PathOf("factoryParameters")} {e.Message} (the boot log is read at the console baud it gives)",
                e);
        }
    }

    private static void CheckRawImage(RecipeInput input, string key, string what, string wrappedName, string recipePath)
    {
        if (input.Bytes.Length == 0)
        {
            throw new RecipeException(RecipeProblem.InvalidImage, recipePath, $"recipe {recipePath}: {key} {input.FileName} is empty; it must be the raw {what}");
        }

        if (input.Bytes.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(input.Bytes.Span) == BootHeader.BootMagic)
        {
            throw new RecipeException(
                RecipeProblem.InvalidImage,
                recipePath,
                $"recipe {recipePath}: {key} {input.FileName} starts with a boot header (\"BFNP\"), like {wrappedName}; the recipe wants the raw {what} and adds the header itself");
        }
    }

    private static void CheckFirmwareVersion(RecipeInput firmware, RecipeVariant variant, string recipePath)
    {
        var version = variant.FirmwareVersion;
        // OpenBL602 prints its version from a string constant in the image (USER_SW_VER); absent, the boot
        // check cannot pass. It must be the whole constant: "1.17.36" inside "1.17.366" would let the recipe
        // through and fail every unit with VERSION_MISMATCH at boot.
        var image = firmware.Bytes.Span;
        var wanted = Encoding.ASCII.GetBytes(version);
        if (FindWholeString(image, wanted) >= 0)
        {
            return;
        }

        var partial = image.IndexOf(wanted);
        var found = partial < 0 ? "" : $" (it appears only inside the longer string \"{StringAround(image, partial)}\")";
        throw new RecipeException(
            RecipeProblem.FirmwareVersionNotFound,
            recipePath,
            $"recipe {recipePath}: {variant.PathOf("firmware")} {firmware.FileName} does not contain the version string \"{version}\" that {variant.PathOf("firmware")}.expectedVersion names{found}; " +
            "is this the right firmware file, or the right expected version?");
    }

    // A C string constant: ends with NUL, and does not continue a longer version to the left (a linker
    // may store it as the tail of a longer literal, e.g. "... version 1.17.366").
    private static int FindWholeString(ReadOnlySpan<byte> image, ReadOnlySpan<byte> wanted)
    {
        for (var from = 0; from <= image.Length - wanted.Length;)
        {
            var at = image[from..].IndexOf(wanted);
            if (at < 0)
            {
                return -1;
            }

            at += from;
            var end = at + wanted.Length;
            if ((end == image.Length || image[end] == 0) && (at == 0 || !IsVersionCharacter(image[at - 1])))
            {
                return at;
            }

            from = at + 1;
        }

        return -1;
    }

    private static bool IsVersionCharacter(byte b) =>
        b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (byte)'.' or (byte)'_' or (byte)'-' or (byte)'+';

    private static string StringAround(ReadOnlySpan<byte> image, int at)
    {
        var start = at;
        while (start > 0 && IsVersionCharacter(image[start - 1]) && at - start < 32)
        {
            start--;
        }

        var end = at;
        while (end < image.Length && IsVersionCharacter(image[end]) && end - start < 64)
        {
            end++;
        }

        return Encoding.ASCII.GetString(image[start..end]);
    }

    private static string DecodeText(RecipeInput input, RecipeVariant variant, string recipePath)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(input.Bytes.Span).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException e)
        {
            throw new RecipeException(RecipeProblem.InvalidPartitionTable, recipePath, $"recipe {recipePath}: {variant.PathOf("partitionTable")} {input.FileName} is not UTF-8 text (is it a binary table?)", e);
        }
    }
}
