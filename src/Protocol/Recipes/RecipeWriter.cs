using System.Security.Cryptography;
using Fixture.Protocol.Json;
using Fixture.Protocol.Plans;

namespace Fixture.Protocol.Recipes;

/// <summary>One input's pin before and after <see cref="RecipeWriter.Pin"/>.</summary>
/// <param name="Input">Which input.</param>
/// <param name="File">The file as the recipe names it.</param>
/// <param name="OldSha256">What the recipe pinned before (null: nothing).</param>
/// <param name="NewSha256">The file's SHA-256 now, which the recipe pins from now on.</param>
public sealed record RecipePin(RecipeInputKind Input, string File, string? OldSha256, string NewSha256)
{
    public bool Changed => !string.Equals(OldSha256, NewSha256, StringComparison.Ordinal);
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
        foreach (var kind in Enum.GetValues<RecipeInputKind>())
        {
            var input = document.Input(kind);
            try
            {
                var (_, bytes) = RecipeLoader.ReadInput(document, kind, folder, path);
                pins.Add(new RecipePin(kind, input.File, input.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes))));
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
            JsonText.SetString(json, RecipeJson.Rules, [RecipeJson.KeyOf(pin.Input)], "sha256", pin.NewSha256));
        _ = FlashPlanBuilder.Build(RecipeLoader.Load(after, path));
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
