using System.Text.Json;
using System.Text.Json.Serialization;
using Fixture.Protocol.Json;

namespace Fixture.Protocol.Recipes;

/// <summary>
/// The part of a recipe that depends on the unit's flash: its partition table, the firmware laid out
/// for it, the factory parameters and the flash it is for. A recipe file is one of these plus the
/// settings shared by every flash (<see cref="RecipeJsonFile"/>); flash-size variants (a 1 MB and a
/// 2 MB layout in one recipe) are further objects of this same shape, checked by the same
/// <see cref="RecipeValidation.CheckFlashPart"/> under their own path.
/// </summary>
public record RecipeJsonFlashPart
{
    [JsonPropertyOrder(10)]
    public RecipeJsonInput? PartitionTable { get; init; }

    [JsonPropertyOrder(11)]
    public RecipeJsonFirmware? Firmware { get; init; }

    [JsonPropertyOrder(12)]
    public RecipeJsonInput? FactoryParameters { get; init; }

    [JsonPropertyOrder(13)]
    public RecipeJsonFlash? Flash { get; init; }
}

/// <summary>
/// A recipe file exactly as its JSON is written (schema: docs/recipes.md). Every member is optional
/// here: a missing required one is reported by <see cref="RecipeValidation"/> with the reason it is
/// needed, together with every other problem. <see cref="RecipeJson.Read"/> turns it into a checked
/// <see cref="RecipeDocument"/>; <see cref="RecipeJson.Write"/> writes one from a document.
/// </summary>
public sealed record RecipeJsonFile : RecipeJsonFlashPart
{
    [JsonPropertyOrder(0)]
    public string? Name { get; init; }

    [JsonPropertyOrder(1)]
    public string? Version { get; init; }

    [JsonPropertyOrder(2)]
    public string? Description { get; init; }

    [JsonPropertyOrder(3)]
    public RecipeJsonInput? Helper { get; init; }

    [JsonPropertyOrder(4)]
    public RecipeJsonInput? Boot2 { get; init; }

    [JsonPropertyOrder(20)]
    public RecipeJsonBootCheck? BootCheck { get; init; }

    [JsonPropertyOrder(21)]
    public RecipeJsonCleanSlate? CleanSlate { get; init; }

    [JsonPropertyOrder(22)]
    public RecipeJsonLoader? Loader { get; init; }

    [JsonPropertyOrder(23)]
    public bool? HashSkip { get; init; }

    /// <summary>Further flash-size variants keyed "1MB", "4MB", …, each a flash part of its own (issue 14 §4).</summary>
    [JsonPropertyOrder(24)]
    public IReadOnlyDictionary<string, RecipeJsonFlashPart>? Variants { get; init; }
}

/// <summary>An input file: its path inside the recipe's folder and its pinned SHA-256 (empty or absent: not pinned).</summary>
public record RecipeJsonInput
{
    [JsonPropertyOrder(0)]
    public string? File { get; init; }

    [JsonPropertyOrder(1)]
    public string? Sha256 { get; init; }
}

/// <summary>The firmware input, with the version its boot log must show.</summary>
public sealed record RecipeJsonFirmware : RecipeJsonInput
{
    [JsonPropertyOrder(2)]
    public string? ExpectedVersion { get; init; }
}

public sealed record RecipeJsonFlash
{
    public IReadOnlyList<string>? JedecIds { get; init; }

    public long? SizeBytes { get; init; }
}

public sealed record RecipeJsonBootCheck
{
    public double? SilenceTimeoutSeconds { get; init; }

    public double? ApStartTimeoutSeconds { get; init; }

    public double? BootCompleteTimeoutSeconds { get; init; }

    public bool? RequireAp { get; init; }
}

public sealed record RecipeJsonCleanSlate
{
    public bool? Enabled { get; init; }

    public IReadOnlyList<RecipeJsonErase>? Erase { get; init; }
}

public sealed record RecipeJsonErase
{
    public string? Partition { get; init; }

    /// <summary>0, 1 or "inactive"; absent: 0.</summary>
    [JsonConverter(typeof(PartitionSlotJsonConverter))]
    public PartitionSlotChoice? Slot { get; init; }

    public bool? HeaderOnly { get; init; }
}

public sealed record RecipeJsonLoader
{
    public int? BootromBaud { get; init; }

    public int? Baud { get; init; }

    public int? WriteChunkSize { get; init; }

    public int? ReadChunkSize { get; init; }
}

/// <summary>A clean-slate slot as the recipe writes it: 0, 1 or "inactive".</summary>
public sealed class PartitionSlotJsonConverter : JsonConverter<PartitionSlotChoice?>, IJsonValueDescription
{
    public string Expected => "0, 1 or \"inactive\"";

    public override PartitionSlotChoice? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt32(out var slot) && slot is 0 => PartitionSlotChoice.Slot0,
        JsonTokenType.Number when reader.TryGetInt32(out var slot) && slot is 1 => PartitionSlotChoice.Slot1,
        JsonTokenType.String when reader.ValueTextEquals("inactive"u8) => PartitionSlotChoice.Inactive,
        _ => throw new JsonException($"must be {Expected}"),
    };

    public override void Write(Utf8JsonWriter writer, PartitionSlotChoice? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case PartitionSlotChoice.Slot1:
                writer.WriteNumberValue(1);
                break;
            case PartitionSlotChoice.Inactive:
                writer.WriteStringValue("inactive");
                break;
            default:
                writer.WriteNumberValue(0);
                break;
        }
    }
}
