using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

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
    /// checked as <see cref="RecipeLoader.Load"/> would, and the file is rewritten only when a pin
    /// changed and the result loads; otherwise nothing is written.
    /// </summary>
    /// <exception cref="RecipeException">The recipe (or an input) is unusable even with fresh pins; the file is unchanged.</exception>
    public static RecipePinResult Pin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] before;
        try
        {
            before = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecipeException(RecipeProblem.RecipeFileMissing, path, $"recipe {path}: cannot be read ({e.Message})", e);
        }

        var document = RecipeJson.Read(before, path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var pins = new List<RecipePin>();
        foreach (var kind in Enum.GetValues<RecipeInputKind>())
        {
            var input = document.Input(kind);
            pins.Add(new RecipePin(kind, input.File, input.Sha256, HashOf(RecipeLoader.Resolve(folder, input.File), kind, input.File, path)));
        }

        var shaBefore = Convert.ToHexStringLower(SHA256.HashData(before));
        if (!pins.Any(p => p.Changed))
        {
            RecipeLoader.Load(before, path);
            return new RecipePinResult(pins, shaBefore, shaBefore, Rewritten: false);
        }

        var after = WithPins(before, pins, path);
        RecipeLoader.Load(after, path);
        Replace(path, after);
        return new RecipePinResult(pins, shaBefore, Convert.ToHexStringLower(SHA256.HashData(after)), Rewritten: true);
    }

    private static string HashOf(string fullPath, RecipeInputKind kind, string file, string recipePath)
    {
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(fullPath)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecipeException(
                RecipeProblem.InputFileMissing,
                recipePath,
                $"recipe {recipePath}: {RecipeJson.KeyOf(kind)} {file}: cannot be read ({e.Message}); nothing was pinned",
                e);
        }
    }

    /// <summary>The recipe JSON with new sha256 values, everything else (key order, other values) kept.</summary>
    private static byte[] WithPins(byte[] json, IReadOnlyList<RecipePin> pins, string recipePath)
    {
        using var parsed = RecipeJson.Parse(json, recipePath);
        var root = JsonObject.Create(parsed.RootElement)!;
        foreach (var pin in pins)
        {
            root[RecipeJson.KeyOf(pin.Input)]!.AsObject()["sha256"] = pin.NewSha256;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            root.WriteTo(writer);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
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
