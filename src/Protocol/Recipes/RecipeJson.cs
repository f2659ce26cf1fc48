using System.Text.Json;

namespace Fixture.Protocol.Recipes;

/// <summary>
/// The recipe's JSON form (schema: docs/recipes.md), read strictly — unknown keys, missing keys and
/// wrong types are refused with the JSON path — and written with every setting spelled out.
/// </summary>
public static class RecipeJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

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

    /// <summary>Parses recipe JSON; <paramref name="recipePath"/> is only used in messages.</summary>
    /// <exception cref="RecipeException">Malformed JSON, an unknown or missing key, a value of the wrong type.</exception>
    public static RecipeDocument Read(ReadOnlyMemory<byte> json, string recipePath)
    {
        using var document = Parse(json, recipePath);
        var root = new JsonObjectReader(
            document.RootElement,
            string.Empty,
            recipePath,
            "name", "version", "description", "helper", "boot2", "partitionTable", "firmware", "factoryParameters",
            "flash", "bootCheck", "cleanSlate", "loader", "hashSkip");

        var firmware = root.RequiredObject("firmware", "file", "sha256", "expectedVersion");
        return new RecipeDocument
        {
            Name = root.RequiredString("name"),
            Version = root.RequiredString("version"),
            Description = root.OptionalString("description") ?? string.Empty,
            Helper = ReadInput(root.RequiredObject("helper", "file", "sha256")),
            Boot2 = ReadInput(root.RequiredObject("boot2", "file", "sha256")),
            PartitionTable = ReadInput(root.RequiredObject("partitionTable", "file", "sha256")),
            Firmware = ReadInput(firmware),
            FactoryParameters = ReadInput(root.RequiredObject("factoryParameters", "file", "sha256")),
            FirmwareVersion = firmware.RequiredString(
                "expectedVersion",
                "every recipe must name the OpenBL602 version the boot log has to show (e.g. \"1.17.366\")"),
            Flash = ReadFlash(root.RequiredObject("flash", "jedecIds", "sizeBytes")),
            BootCheck = ReadBootCheck(root.OptionalObject("bootCheck", "silenceTimeoutSeconds", "apStartTimeoutSeconds", "bootCompleteTimeoutSeconds", "requireAp")),
            CleanSlate = ReadCleanSlate(root.OptionalObject("cleanSlate", "enabled", "erase"), recipePath),
            Loader = ReadLoader(root.OptionalObject("loader", "bootromBaud", "baud", "writeChunkSize", "readChunkSize")),
            HashSkip = root.OptionalBoolean("hashSkip") ?? true,
        };
    }

    /// <summary>The recipe as indented JSON (UTF-8, LF line ends), every setting written out.</summary>
    public static byte[] Write(RecipeDocument recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteString("name", recipe.Name);
            json.WriteString("version", recipe.Version);
            json.WriteString("description", recipe.Description);
            foreach (var kind in Enum.GetValues<RecipeInputKind>())
            {
                var input = recipe.Input(kind);
                json.WriteStartObject(KeyOf(kind));
                json.WriteString("file", input.File.Replace('\\', '/'));
                json.WriteString("sha256", input.Sha256 ?? string.Empty);
                if (kind == RecipeInputKind.Firmware)
                {
                    json.WriteString("expectedVersion", recipe.FirmwareVersion);
                }

                json.WriteEndObject();
            }

            json.WriteStartObject("flash");
            json.WriteStartArray("jedecIds");
            foreach (var id in recipe.Flash.JedecIds)
            {
                json.WriteStringValue(id);
            }

            json.WriteEndArray();
            json.WriteNumber("sizeBytes", recipe.Flash.SizeBytes);
            json.WriteEndObject();

            json.WriteStartObject("bootCheck");
            json.WriteNumber("silenceTimeoutSeconds", recipe.BootCheck.SilenceTimeout.TotalSeconds);
            json.WriteNumber("apStartTimeoutSeconds", recipe.BootCheck.ApStartTimeout.TotalSeconds);
            json.WriteNumber("bootCompleteTimeoutSeconds", recipe.BootCheck.BootCompleteTimeout.TotalSeconds);
            json.WriteBoolean("requireAp", recipe.BootCheck.RequireAp);
            json.WriteEndObject();

            json.WriteStartObject("cleanSlate");
            json.WriteBoolean("enabled", recipe.CleanSlate.Enabled);
            json.WriteStartArray("erase");
            foreach (var erase in recipe.CleanSlate.Erase)
            {
                json.WriteStartObject();
                json.WriteString("partition", erase.Partition);
                switch (erase.Slot)
                {
                    case PartitionSlotChoice.Slot1:
                        json.WriteNumber("slot", 1);
                        break;
                    case PartitionSlotChoice.Inactive:
                        json.WriteString("slot", "inactive");
                        break;
                }

                if (erase.HeaderOnly)
                {
                    json.WriteBoolean("headerOnly", true);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartObject("loader");
            json.WriteNumber("bootromBaud", recipe.Loader.BootromBaud);
            json.WriteNumber("baud", recipe.Loader.Baud);
            json.WriteNumber("writeChunkSize", recipe.Loader.WriteChunkSize);
            json.WriteNumber("readChunkSize", recipe.Loader.ReadChunkSize);
            json.WriteEndObject();

            json.WriteBoolean("hashSkip", recipe.HashSkip);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Parses JSON text with the recipe's strict options; malformed JSON names line and column.</summary>
    internal static JsonDocument Parse(ReadOnlyMemory<byte> json, string recipePath)
    {
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            throw new RecipeException(
                RecipeProblem.MalformedJson,
                recipePath,
                $"recipe {recipePath}: not valid JSON at line {line}, column {column}: {FirstSentence(e.Message)}",
                e);
        }
    }

    private static PinnedFile ReadInput(JsonObjectReader input)
    {
        var file = input.RequiredString("file");
        var sha = input.OptionalString("sha256");
        if (string.IsNullOrEmpty(sha))
        {
            return new PinnedFile(file);
        }

        if (sha.Length != 64 || !sha.All(Uri.IsHexDigit))
        {
            throw input.Invalid(input.PathOf("sha256"), $"must be 64 hex digits (a SHA-256), found \"{sha}\"");
        }

        return new PinnedFile(file, sha.ToLowerInvariant());
    }

    private static FlashExpectations ReadFlash(JsonObjectReader flash)
    {
        var ids = flash.RequiredArray("jedecIds");
        var list = new List<string>();
        foreach (var (element, path) in ids)
        {
            var id = element.ValueKind == JsonValueKind.String ? element.GetString()!.Trim().ToLowerInvariant() : null;
            if (id is not { Length: 6 } || !id.All(Uri.IsHexDigit))
            {
                throw flash.Invalid(path, $"must be a JEDEC id of 6 hex digits such as \"ef4015\", found {JsonObjectReader.Describe(element)}");
            }

            list.Add(id);
        }

        return new FlashExpectations { JedecIds = list, SizeBytes = flash.RequiredInteger("sizeBytes") };
    }

    private static BootCheckSettings ReadBootCheck(JsonObjectReader? check)
    {
        var defaults = new BootCheckSettings();
        if (check is null)
        {
            return defaults;
        }

        return new BootCheckSettings
        {
            SilenceTimeout = Seconds(check, "silenceTimeoutSeconds") ?? defaults.SilenceTimeout,
            ApStartTimeout = Seconds(check, "apStartTimeoutSeconds") ?? defaults.ApStartTimeout,
            BootCompleteTimeout = Seconds(check, "bootCompleteTimeoutSeconds") ?? defaults.BootCompleteTimeout,
            RequireAp = check.OptionalBoolean("requireAp") ?? defaults.RequireAp,
        };
    }

    private static TimeSpan? Seconds(JsonObjectReader reader, string key) =>
        reader.OptionalNumber(key) is { } seconds
            ? seconds is > 0 and <= 3600 ? TimeSpan.FromSeconds(seconds) : throw reader.Invalid(reader.PathOf(key), $"must be a number of seconds above 0 (found {seconds})")
            : null;

    private static CleanSlateSettings ReadCleanSlate(JsonObjectReader? cleanSlate, string recipePath)
    {
        if (cleanSlate is null)
        {
            return new CleanSlateSettings();
        }

        var enabled = cleanSlate.OptionalBoolean("enabled") ?? true;
        var erase = cleanSlate.OptionalArray("erase");
        if (erase is null)
        {
            return new CleanSlateSettings { Enabled = enabled };
        }

        var list = new List<CleanSlateErase>();
        foreach (var (element, path) in erase)
        {
            var item = new JsonObjectReader(element, path, recipePath, "partition", "slot", "headerOnly");
            var slot = item.OptionalElement("slot") switch
            {
                null => PartitionSlotChoice.Slot0,
                { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var i) && i is 0 or 1 => i == 0 ? PartitionSlotChoice.Slot0 : PartitionSlotChoice.Slot1,
                { ValueKind: JsonValueKind.String } s when s.GetString() == "inactive" => PartitionSlotChoice.Inactive,
                { } other => throw item.Invalid(item.PathOf("slot"), $"must be 0, 1 or \"inactive\", found {JsonObjectReader.Describe(other)}"),
            };
            list.Add(new CleanSlateErase(item.RequiredString("partition"), slot, item.OptionalBoolean("headerOnly") ?? false));
        }

        return new CleanSlateSettings { Enabled = enabled, Erase = list };
    }

    private static EflashLoaderSettings ReadLoader(JsonObjectReader? loader)
    {
        var defaults = new EflashLoaderSettings();
        if (loader is null)
        {
            return defaults;
        }

        return new EflashLoaderSettings
        {
            BootromBaud = Int(loader, "bootromBaud") ?? defaults.BootromBaud,
            Baud = Int(loader, "baud") ?? defaults.Baud,
            WriteChunkSize = Int(loader, "writeChunkSize") ?? defaults.WriteChunkSize,
            ReadChunkSize = Int(loader, "readChunkSize") ?? defaults.ReadChunkSize,
        };
    }

    private static int? Int(JsonObjectReader reader, string key) =>
        reader.OptionalInteger(key) is { } value
            ? value is >= 0 and <= int.MaxValue ? (int)value : throw reader.Invalid(reader.PathOf(key), $"must be a positive whole number (found {value})")
            : null;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return (cut < 0 ? message : message[..cut]).TrimEnd('.', ' ');
    }
}
