using System.Security.Cryptography;
using Fixture.Protocol.Json;
using Fixture.Protocol.Plans;

namespace Fixture.Protocol.Recipes;

/// <summary>One input's pin before and after <see cref="RecipeWriter.Pin"/>.</summary>
/// <param name="Input">Which input.</param>
/// <param name="File">The file as the recipe names it.</param>
/// <param name="OldSha256">What the recipe pinned before (null: nothing).</param>
/// <param name="NewSha256">The file's SHA-256 now, which the recipe pins from now on.</param>
/// <param name="Variant">The flash-size variant the input belongs to ("1MB"); null for the recipe's own inputs.</param>
public sealed record RecipePin(RecipeInputKind Input, string File, string? OldSha256, string NewSha256, string? Variant = null)
{
    public bool Changed => !string.Equals(OldSha256, NewSha256, StringComparison.Ordinal);

    /// <summary>The input's JSON path: "firmware", or "variants[\"1MB\"].firmware" for a variant's.</summary>
    public string Key => Variant is null ? RecipeJson.KeyOf(Input) : JsonPath.Property(JsonPath.Property("variants", Variant), RecipeJson.KeyOf(Input));

    internal IReadOnlyList<string> ObjectPath => Variant is null ? [RecipeJson.KeyOf(Input)] : ["variants", Variant, RecipeJson.KeyOf(Input)];
}

/// <summary>What pinning did: every input's pin, and the recipe's own SHA-256 before and after.</summary>
public sealed record RecipePinResult(IReadOnlyList<RecipePin> Pins, string RecipeSha256Before, string RecipeSha256, bool Rewritten);

/// <summary>
/// Creates and (re)pins recipes. The way to make a recipe: <see cref="Write"/> it (or write the JSON by
/// hand) with the files it names, then <see cref="Pin"/> it — which is also how a deliberate change of
/// an input is approved (<c>fixture image pin --recipe FILE</c>).
/// </summary>
public static class RecipeWriter
{
    /// <summary>Writes <paramref name="recipe"/> as JSON to <paramref name="path"/> (replacing it whole, never half-written).</summary>
    public static void Write(RecipeDocument recipe, string path)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        Replace(path, RecipeJson.Write(recipe));
    }

    /// <summary>
    /// Pins the SHA-256 of every input the recipe at <paramref name="path"/> names. The recipe is then
    /// checked as the station checks it — <see cref="RecipeLoader.Load"/> and the flash plan
    /// (<see cref="FlashPlanBuilder.Build(Recipe)"/>) — and the file is rewritten only when a pin changed
    /// and the result would be used; otherwise nothing is written. Only the sha256 values change: the
    /// rest of the file stays byte for byte.
    /// </summary>
    /// <exception cref="RecipeException">The recipe (or an input) is unusable even with fresh pins; the file is unchanged.</exception>
    /// <exception cref="FlashPlanException">The recipe loads but its flash plan cannot be made (a firmware larger than its slot); the file is unchanged.</exception>
    public static RecipePinResult Pin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var before = RecipeLoader.ReadRecipeFile(path);
        var document = RecipeJson.Read(before, path);
        var folder = RecipeLoader.FolderOf(path);
        var pins = new List<RecipePin>();
        var refusals = new List<RecipeRefusal>();
        var inputs = Enum.GetValues<RecipeInputKind>().Select(kind => (Kind: kind, Variant: (RecipeVariant?)null))
            .Concat(document.Variants.SelectMany(v => RecipeVariant.Kinds.Select(kind => (Kind: kind, Variant: (RecipeVariant?)v))));
        foreach (var (kind, variant) in inputs)
        {
            var input = variant?.Input(kind) ?? document.Input(kind);
            var key = variant?.PathOf(RecipeJson.KeyOf(kind)) ?? RecipeJson.KeyOf(kind);
            try
            {
                var (_, bytes) = RecipeLoader.ReadInput(input, key, kind, (variant?.Flash ?? document.Flash).SizeBytes, folder, path);
                pins.Add(new RecipePin(kind, input.File, input.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)), variant?.Key));
            }
            catch (RecipeException e)
            {
                refusals.AddRange(e.Refusals);
            }
        }

        if (refusals.Count > 0)
        {
            throw new RecipeException(path, refusals);
        }

        var shaBefore = Convert.ToHexStringLower(SHA256.HashData(before));
        var after = pins.Where(p => p.Changed).Aggregate(before, (json, pin) =>
            JsonText.SetString(json, RecipeJson.Rules, pin.ObjectPath, "sha256", pin.NewSha256));
        foreach (var variant in RecipeLoader.Load(after, path).Variants)
        {
            _ = FlashPlanBuilder.Build(variant);
        }

        if (!pins.Any(p => p.Changed))
        {
            return new RecipePinResult(pins, shaBefore, shaBefore, Rewritten: false);
        }

        Replace(path, after);
        return new RecipePinResult(pins, shaBefore, Convert.ToHexStringLower(SHA256.HashData(after)), Rewritten: true);
    }

    /// <summary>Writes a sibling file, flushes it to disk, then moves it over the target, so a crash never leaves half a recipe.</summary>
    private static void Replace(string path, byte[] bytes)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
