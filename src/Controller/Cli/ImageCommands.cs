using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Fixture.Protocol.Images;
using Fixture.Protocol.Json;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;

namespace Fixture.Controller.Cli;

/// <summary>
/// `fixture image build|partition|inspect|pin`: what an engineer uses to prepare and check a recipe's
/// images away from the line. Bad input is one line on stderr naming the file and the problem, exit 2.
/// </summary>
internal static class ImageCommands
{
    public static Command Create()
    {
        var image = new Command("image", "Build, convert, inspect and pin the images a recipe flashes.");
        image.Subcommands.Add(BuildCommand());
        image.Subcommands.Add(PartitionCommand());
        image.Subcommands.Add(ImageInspection.Command());
        image.Subcommands.Add(PinCommand());
        return image;
    }

    /// <summary>Runs <paramref name="action"/> with the command's output; its refusals go through <see cref="SetupErrors"/>.</summary>
    internal static int Guarded(ParseResult parse, Func<TextWriter, int> action) =>
        SetupErrors.Run(parse, () => action(parse.InvocationConfiguration.Output));

    /// <summary>The largest flash a BL602 module carries (JEDEC capacity 0x19): no image file can be larger.</summary>
    internal const long MaxImageBytes = 32L * 1024 * 1024;

    /// <summary>A file given on the command line: a regular file (never a device such as /dev/zero) of at most <paramref name="maxBytes"/>.</summary>
    internal static byte[] ReadInput(string path, string what, long maxBytes = MaxImageBytes, string why = "the largest BL602 flash, 32 MiB")
    {
        try
        {
            return InputFile.ReadAllBytes(path, maxBytes, why);
        }
        catch (InputFileException e)
        {
            throw new BadInputException(e.Problem == InputFileProblem.NotFound ? $"{path}: {what} not found" : $"{path}: {what} {e.Reason}", e);
        }
    }

    internal static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static Command BuildCommand()
    {
        var recipeOption = new Option<string>("--recipe") { Description = "Recipe JSON file." };
        var outOption = new Option<string>("--out") { Description = "Folder to write the region images (and their .xz) into." };
        var command = new Command("build", "Check a recipe, build its flash plan and write every region image (a flash-size variant's into a folder named by its key, e.g. 1MB/).") { recipeOption, outOption };
        command.SetAction(parse => Guarded(parse, output =>
        {
            var recipePath = Required(parse.GetValue(recipeOption), "--recipe FILE");
            var outRoot = Required(parse.GetValue(outOption), "--out DIR");
            var loaded = RecipeLoader.Load(recipePath);
            var plans = loaded.Variants.Select(v => (Recipe: v, Plan: FlashPlanBuilder.Build(v))).ToList();
            foreach (var (recipe, plan) in plans)
            {
                var outDir = recipe.Variant.IsOwn ? outRoot : Path.Combine(outRoot, recipe.VariantKey);
                if (loaded.Variants.Count > 1)
                {
                    output.WriteLine($"variant {recipe.VariantKey} (flash {string.Join(", ", recipe.Flash.JedecIds)}, {recipe.Flash.SizeBytes} bytes):");
                }

                BuildOne(output, recipe, plan, outDir);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void BuildOne(TextWriter output, Recipe recipe, FlashPlan plan, string outDir)
    {
        Directory.CreateDirectory(outDir);
        foreach (var region in plan.Regions.Where(r => !r.IsEraseOnly))
        {
            var file = Path.Combine(outDir, FileName(region));
            File.WriteAllBytes(file, region.Data.ToArray());
            if (region.Compressed is { } xz)
            {
                File.WriteAllBytes(file + ".xz", xz.ToArray());
            }
        }

        output.WriteLine($"recipe {recipe.Name} version {recipe.Version} (SHA-256 {recipe.Sha256})");
        output.WriteLine($"firmware {recipe.Firmware.FileName}, expected version {recipe.FirmwareVersion}; clean slate {(recipe.CleanSlate.Enabled ? "on" : "off")}");
        WritePlanTable(output, plan);
        foreach (var warning in recipe.Warnings)
        {
            output.WriteLine($"warning: {warning}");
        }

        var manifest = Path.Combine(outDir, PlanManifestName);
        WritePlanManifest(manifest, recipe, plan);
        output.WriteLine($"{plan.Regions.Count(r => !r.IsEraseOnly)} region images written to {outDir}, with {PlanManifestName} (every region's address, size, SHA-256 and xz size)");
    }

    private static Command PartitionCommand()
    {
        var tomlOption = new Option<string>("--toml") { Description = "Vendor partition TOML (e.g. partition_cfg_2M.toml)." };
        var outOption = new Option<string>("--out") { Description = "Binary partition table to write (e.g. partition.bin)." };
        var flashOption = new Option<string>("--flash-size") { Description = "Flash size the layout must fit: bytes or 1M/2M/4M (default 2M)." };
        var command = new Command("partition", "Convert a vendor partition TOML into the binary table boot2 reads.") { tomlOption, outOption, flashOption };
        command.SetAction(parse => Guarded(parse, output =>
        {
            var tomlPath = Required(parse.GetValue(tomlOption), "--toml FILE");
            var outPath = Required(parse.GetValue(outOption), "--out FILE");
            var flashSize = FlashSize(parse.GetValue(flashOption));
            var text = System.Text.Encoding.UTF8.GetString(ReadInput(tomlPath, "partition TOML", RecipeLoader.MaxSmallInputBytes, "the limit for a partition TOML"));
            var layout = PartitionTableToml.Parse(text, tomlPath, flashSize);
            var bytes = layout.Table.ToBytes();
            File.WriteAllBytes(outPath, bytes);
            output.WriteLine($"{outPath}: {bytes.Length} bytes, SHA-256 {Sha256(bytes)}");
            output.WriteLine($"{layout.Table.Entries.Count} entries; write it at 0x{layout.TableAddress0:X} and again at 0x{layout.TableAddress1:X}");
            ImageInspection.WriteEntries(output, layout.Table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command PinCommand()
    {
        var recipeOption = new Option<string>("--recipe") { Description = "Recipe JSON file whose input hashes to (re)pin." };
        var command = new Command("pin", "Pin the SHA-256 of every file a recipe names (after a deliberate, approved change).") { recipeOption };
        command.SetAction(parse => Guarded(parse, output =>
        {
            var recipePath = Required(parse.GetValue(recipeOption), "--recipe FILE");
            var result = RecipeWriter.Pin(recipePath);
            foreach (var pin in result.Pins)
            {
                var key = pin.Key;
                var what = (pin.OldSha256, pin.Changed) switch
                {
                    (null, _) => $"pinned {pin.NewSha256} (was not pinned)",
                    (_, true) => $"CHANGED: was {pin.OldSha256}, now {pin.NewSha256}",
                    _ => $"unchanged {pin.NewSha256}",
                };
                output.WriteLine($"{key} {pin.File}: {what}");
            }

            output.WriteLine(result.Rewritten
                ? $"{recipePath} rewritten; its SHA-256 is now {result.RecipeSha256} (was {result.RecipeSha256Before})"
                : $"nothing changed; {recipePath} left as it was (SHA-256 {result.RecipeSha256})");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The manifest `image build` writes beside the region files: which file goes to which address.</summary>
    internal const string PlanManifestName = "plan.json";

    // One object per region in flash order; erase-only regions have no file. Written whole, then renamed.
    private static void WritePlanManifest(string path, Recipe recipe, FlashPlan plan)
    {
        var part = path + ".part";
        using (var stream = new FileStream(part, FileMode.Create, FileAccess.Write))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("recipe", recipe.Name);
            json.WriteString("recipeVersion", recipe.Version);
            json.WriteString("recipeSha256", recipe.Sha256);
            json.WriteString("firmwareVersion", recipe.FirmwareVersion);
            json.WriteString("variant", recipe.VariantKey);
            json.WriteStartArray("regions");
            foreach (var region in plan.Regions)
            {
                json.WriteStartObject();
                json.WriteString("region", region.Name);
                json.WriteString("kind", region.Kind.ToString());
                json.WriteString("address", $"0x{region.Address:X6}");
                json.WriteNumber("addressDecimal", region.Address);
                json.WriteNumber("size", region.IsEraseOnly ? 0 : region.Data.Length);
                json.WriteNumber("eraseLength", region.EraseLength);
                json.WriteString("sha256", Convert.ToHexStringLower(region.Sha256));
                if (region.Compressed is { } xz)
                {
                    json.WriteNumber("compressedSize", xz.Length);
                }
                else
                {
                    json.WriteNull("compressedSize");
                }

                if (region.IsEraseOnly)
                {
                    json.WriteNull("file");
                }
                else
                {
                    json.WriteString("file", FileName(region));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        File.Move(part, path, overwrite: true);
    }

    private static void WritePlanTable(TextWriter output, FlashPlan plan)
    {
        var width = Math.Max(6, plan.Regions.Max(r => r.Name.Length));
        output.WriteLine($"{"region".PadRight(width)}  {"address",-8}  {"size",9}  {"xz size",10}  sha256");
        foreach (var region in plan.Regions)
        {
            var compressed = region.IsEraseOnly ? "erase only" : region.Compressed is { } xz ? xz.Length.ToString(CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"{region.Name.PadRight(width)}  0x{region.Address:X6}  {region.EraseLength,9}  {compressed,10}  {Convert.ToHexStringLower(region.Sha256)}");
        }

        output.WriteLine($"{plan.DataBytes} bytes to write, {plan.WireBytes} on the wire");
    }

    /// <summary>A file name for a region ("partition@0xE000" → "partition@0xE000.bin").</summary>
    private static string FileName(FlashRegion region) =>
        string.Concat(region.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '-' or '_' ? c : '-')) + ".bin";

    private static string Required(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? throw new BadInputException($"missing {option}") : value;

    private static long FlashSize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return PartitionTableToml.DefaultFlashSize;
        }

        var t = text.Trim().ToUpperInvariant();
        var (digits, scale) = t.EndsWith('M') ? (t[..^1], 1024L * 1024) : t.EndsWith('K') ? (t[..^1], 1024L) : (t, 1L);
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n * scale
            : throw new BadInputException($"--flash-size {text}: give bytes or a size such as 1M, 2M or 4M");
    }
}

/// <summary>Bad command-line input found by a command itself (a missing option or file).</summary>
internal sealed class BadInputException(string message, Exception? innerException = null) : Exception(message, innerException);
