using System.Text.Json;
using System.Text.Json.Serialization;
using Fixture.Protocol.Json;

namespace Fixture.Protocol.Recipes;

/// <summary>
/// The recipe's JSON form (schema: docs/recipes.md): read through the strict JSON layer
/// (<see cref="JsonInput"/>) into <see cref="RecipeJsonFile"/> and checked by
/// <see cref="RecipeValidation"/> — every problem listed with its path — and written from a
/// <see cref="RecipeDocument"/> with every setting spelled out.
/// </summary>
public static class RecipeJson
{
    /// <summary>
    /// Strict JSON: no comments (pinning rewrites values, and a comment would not explain a hash),
    /// no trailing commas, 1 MiB at most.
    /// </summary>
    public static JsonInputRules Rules { get; } = new("recipe", "a recipe, a JSON object { \"name\": ..., \"firmware\": ..., ... }");

    /// <summary>The serializer settings of recipe files (the layer's, and nulls left out when writing).</summary>
    public static JsonSerializerOptions Options { get; } = JsonInput.Options();

    private static readonly JsonSerializerOptions WriteOptions = new(Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The JSON key of each input.</summary>
    public static string KeyOf(RecipeInputKind kind) => kind switch
    {
        RecipeInputKind.Helper => "helper",
        RecipeInputKind.Boot2 => "boot2",
        RecipeInputKind.PartitionTable => "partitionTable",
        RecipeInputKind.Firmware => "firmware",
        RecipeInputKind.FactoryParameters => "factoryParameters",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a recipe input"),
    };

    /// <summary>Parses and checks recipe JSON; input paths are checked against the folder of <paramref name="recipePath"/>.</summary>
    /// <exception cref="RecipeException">Every problem found: malformed JSON, a key given twice, an unknown or missing key, a value of the wrong type or out of range, an input path outside the folder.</exception>
    public static RecipeDocument Read(ReadOnlyMemory<byte> json, string recipePath)
    {
        ArgumentNullException.ThrowIfNull(recipePath);
        var folder = RecipeLoader.FolderOf(recipePath);
        var issues = new RecipeIssues();
        RecipeDocument? document = null;
        try
        {
            JsonInput.Parse<RecipeJsonFile>(json.ToArray(), recipePath, Rules, Options, file =>
            {
                document = RecipeValidation.Check(file, folder, issues);
                return issues.Problems;
            });
        }
        catch (JsonInputException e)
        {
            throw new RecipeException(recipePath, [.. e.Problems.Select(p => Refusal(p, issues))]);
        }

        return document!;
    }

    /// <summary>The recipe as indented JSON (UTF-8, LF line ends), every setting written out.</summary>
    public static byte[] Write(RecipeDocument recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var file = new RecipeJsonFile
        {
            Name = recipe.Name,
            Version = recipe.Version,
            Description = recipe.Description,
            Helper = Input(recipe.Helper),
            Boot2 = Input(recipe.Boot2),
            PartitionTable = Input(recipe.PartitionTable),
            Firmware = new RecipeJsonFirmware
            {
                File = recipe.Firmware.File.Replace('\\', '/'),
                Sha256 = recipe.Firmware.Sha256 ?? string.Empty,
                ExpectedVersion = recipe.FirmwareVersion,
            },
            FactoryParameters = Input(recipe.FactoryParameters),
            Flash = new RecipeJsonFlash { JedecIds = recipe.Flash.JedecIds, SizeBytes = recipe.Flash.SizeBytes },
            BootCheck = new RecipeJsonBootCheck
            {
                SilenceTimeoutSeconds = recipe.BootCheck.SilenceTimeout.TotalSeconds,
                ApStartTimeoutSeconds = recipe.BootCheck.ApStartTimeout.TotalSeconds,
                BootCompleteTimeoutSeconds = recipe.BootCheck.BootCompleteTimeout.TotalSeconds,
                RequireAp = recipe.BootCheck.RequireAp,
            },
            CleanSlate = new RecipeJsonCleanSlate
            {
                Enabled = recipe.CleanSlate.Enabled,
                Erase = [.. recipe.CleanSlate.Erase.Select(e => new RecipeJsonErase
                {
                    Partition = e.Partition,
                    Slot = e.Slot == PartitionSlotChoice.Slot0 ? null : e.Slot,
                    HeaderOnly = e.HeaderOnly ? true : null,
                })],
            },
            Loader = new RecipeJsonLoader
            {
                BootromBaud = recipe.Loader.BootromBaud,
                Baud = recipe.Loader.Baud,
                WriteChunkSize = recipe.Loader.WriteChunkSize,
                ReadChunkSize = recipe.Loader.ReadChunkSize,
            },
            HashSkip = recipe.HashSkip,
            Variants = recipe.Variants.Count == 0 ? null : recipe.Variants.ToDictionary(v => v.Key, v => new RecipeJsonFlashPart
            {
                PartitionTable = Input(v.PartitionTable),
                Firmware = new RecipeJsonFirmware { File = v.Firmware.File.Replace('\\', '/'), Sha256 = v.Firmware.Sha256 ?? string.Empty, ExpectedVersion = v.FirmwareVersion },
                FactoryParameters = Input(v.FactoryParameters),
                Flash = new RecipeJsonFlash { JedecIds = v.Flash.JedecIds, SizeBytes = v.Flash.SizeBytes },
            }),
        };
        return [.. JsonSerializer.SerializeToUtf8Bytes(file, WriteOptions), (byte)'\n'];
    }

    private static RecipeJsonInput Input(PinnedFile file) => new() { File = file.File.Replace('\\', '/'), Sha256 = file.Sha256 ?? string.Empty };

    private static RecipeRefusal Refusal(JsonProblem problem, RecipeIssues issues)
    {
        var kind = issues.KindOf(problem) ?? problem.Kind switch
        {
            JsonProblemKind.Syntax => RecipeProblem.MalformedJson,
            JsonProblemKind.DuplicateKey => RecipeProblem.DuplicateKey,
            JsonProblemKind.UnknownKey => RecipeProblem.UnknownKey,
            _ => RecipeProblem.InvalidValue,
        };
        if (problem.Path != JsonProblem.File)
        {
            return new RecipeRefusal(kind, $"\"{problem.Path}\" {problem.Message}");
        }

        var startsWithVerb = problem.Message.StartsWith("must ", StringComparison.Ordinal) || problem.Message.StartsWith("is ", StringComparison.Ordinal);
        return new RecipeRefusal(kind, startsWithVerb ? "the file " + problem.Message : problem.Message);
    }
}
