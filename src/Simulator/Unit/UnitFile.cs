using System.Globalization;
using System.Text.Json;

namespace Fixture.Simulator.Unit;

/// <summary>A unit file that cannot be used: one line, "&lt;file&gt;: &lt;key&gt;: &lt;problem&gt;".</summary>
public sealed class UnitFileException(string file, string key, string problem)
    : Exception($"{file}: {key}: {problem}")
{
    public string File { get; } = file;

    public string Key { get; } = key;

    public string Problem { get; } = problem;
}

/// <summary>
/// Reads a unit file (JSON, one object, camelCase keys, unknown keys refused) into a <see cref="UnitIdentity"/>:
/// <c>efuseRegion0Hex</c> (required: 128 bytes as 256 hex digits, word i at bytes 4i..4i+3, little-endian, as
/// the chip stores them; spaces between digits are ignored), <c>name</c>, <c>jedecId</c> ("ef4015"),
/// <c>jedecReplyFlag</c> (0..255 or "0x80"), <c>flashContent</c> ("stock-tg7100c", "blank", "openbl602"),
/// <c>notes</c> (free text, ignored), and the variant keys of docs/simulator.md: <c>macLine</c> ("full",
/// "masked"), <c>mfgMediaInit</c> (true/false), <c>rfParaMac</c> ("70:3E:97:1E:96:66"), <c>rfParaAddress</c>
/// ("0x1FF000"), <c>stockConsoleBaud</c> (2000000 or 921600), <c>mfgStartRequest</c> (true/false).
/// </summary>
public static class UnitFile
{
    public static IReadOnlyList<string> Keys { get; } =
    [
        "name", "notes", "efuseRegion0Hex", "jedecId", "jedecReplyFlag", "flashContent",
        "macLine", "mfgMediaInit", "rfParaMac", "rfParaAddress", "stockConsoleBaud", "mfgStartRequest",
    ];

    /// <exception cref="UnitFileException">The file cannot be read or says something this simulator cannot model.</exception>
    public static UnitIdentity Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new UnitFileException(path, "(file)", $"cannot be read ({e.Message})");
        }

        return Parse(json, path);
    }

    /// <param name="source">The file name for messages (and the unit's default name).</param>
    /// <exception cref="UnitFileException">The text is not a unit this simulator can model.</exception>
    public static UnitIdentity Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new UnitFileException(source, "(json)", $"not valid JSON ({e.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new UnitFileException(source, "(json)", "must be one JSON object");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!Keys.Contains(property.Name))
                {
                    throw new UnitFileException(source, property.Name, $"is not a unit-file key; the keys are {string.Join(", ", Keys)}");
                }

                if (!seen.Add(property.Name))
                {
                    throw new UnitFileException(source, property.Name, "appears twice");
                }
            }

            var reader = new Reader(root, source);
            if (!root.TryGetProperty("efuseRegion0Hex", out _))
            {
                throw new UnitFileException(source, "efuseRegion0Hex", "is required: the 128 bytes of eFuse region 0 as 256 hex digits");
            }

            reader.OptionalString("notes");
            return new UnitIdentity
            {
                Name = reader.OptionalString("name") ?? Path.GetFileNameWithoutExtension(source),
                EfuseRegion0 = reader.Hex("efuseRegion0Hex", 128, "256 hex digits (128 bytes)"),
                JedecId = reader.OptionalJedec("jedecId") ?? UnitIdentity.DefaultJedecId,
                JedecReplyFlag = reader.OptionalByte("jedecReplyFlag") ?? 0,
                FlashContent = reader.OptionalChoice("flashContent", new Dictionary<string, UnitFlashContent>
                {
                    ["stock-tg7100c"] = UnitFlashContent.StockTg7100c,
                    ["blank"] = UnitFlashContent.Blank,
                    ["openbl602"] = UnitFlashContent.OpenBl602,
                }) ?? UnitFlashContent.StockTg7100c,
                MacLine = reader.OptionalChoice("macLine", new Dictionary<string, WifiMacLine>
                {
                    ["full"] = WifiMacLine.Full,
                    ["masked"] = WifiMacLine.Masked,
                }) ?? WifiMacLine.Full,
                MfgMediaInitialised = reader.OptionalBool("mfgMediaInit") ?? false,
                RfParaMac = reader.OptionalMac("rfParaMac"),
                RfParaAddress = reader.OptionalAddress("rfParaAddress") ?? UnitIdentity.DefaultRfParaAddress,
                StockConsoleBaud = reader.OptionalBaud("stockConsoleBaud") ?? 2_000_000,
                MfgStartRequest = reader.OptionalBool("mfgStartRequest") ?? false,
            };
        }
    }

    private sealed class Reader(JsonElement root, string source)
    {
        public string? OptionalString(string key)
        {
            if (!root.TryGetProperty(key, out var value))
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Bad(key, "must be a string");
        }

        public bool? OptionalBool(string key)
        {
            if (!root.TryGetProperty(key, out var value))
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Bad(key, "must be true or false"),
            };
        }

        public byte[] Hex(string key, int length, string form)
        {
            var text = OptionalString(key) ?? throw Bad(key, $"must be {form}");
            var digits = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
            if (digits.Length != length * 2 || !digits.All(char.IsAsciiHexDigit))
            {
                throw Bad(key, $"must be {form}; got {digits.Length} characters{(digits.All(char.IsAsciiHexDigit) ? string.Empty : " with non-hex ones")}");
            }

            return Convert.FromHexString(digits);
        }

        public byte[]? OptionalJedec(string key)
        {
            if (!root.TryGetProperty(key, out _))
            {
                return null;
            }

            var bytes = Hex(key, 3, "6 hex digits, e.g. \"ef4015\"");
            return bytes[2] is >= 0x11 and <= 0x19
                ? bytes
                : throw Bad(key, $"capacity byte 0x{bytes[2]:X2} is outside 0x11..0x19 (128 KiB .. 32 MiB)");
        }

        public byte? OptionalByte(string key)
        {
            if (!root.TryGetProperty(key, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n is >= 0 and <= 255)
            {
                return (byte)n;
            }

            if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text
                && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                && byte.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                return b;
            }

            throw Bad(key, "must be a number 0..255 or a hex string like \"0x80\"");
        }

        public uint? OptionalAddress(string key)
        {
            if (!root.TryGetProperty(key, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out var n))
            {
                return n;
            }

            if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text
                && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                && uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var a))
            {
                return a;
            }

            throw Bad(key, "must be a flash address, e.g. \"0x1FF000\"");
        }

        public int? OptionalBaud(string key)
        {
            if (!root.TryGetProperty(key, out var value))
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var baud) && baud is 2_000_000 or 921_600
                ? baud
                : throw Bad(key, "must be 2000000 or 921600 (the two stock TG7100C SDK console rates)");
        }

        public ReadOnlyMemory<byte>? OptionalMac(string key)
        {
            var text = OptionalString(key);
            if (text is null)
            {
                return null;
            }

            var parts = text.Split(':');
            if (parts.Length == 6 && parts.All(p => p.Length == 2 && p.All(char.IsAsciiHexDigit)))
            {
                return Convert.FromHexString(string.Concat(parts));
            }

            throw Bad(key, "must be a MAC written like \"70:3E:97:1E:96:66\"");
        }

        public T? OptionalChoice<T>(string key, IReadOnlyDictionary<string, T> choices)
            where T : struct
        {
            var text = OptionalString(key);
            if (text is null)
            {
                return null;
            }

            return choices.TryGetValue(text, out var choice)
                ? choice
                : throw Bad(key, $"must be one of {string.Join(", ", choices.Keys.Select(k => $"\"{k}\""))}; got \"{text}\"");
        }

        private UnitFileException Bad(string key, string problem) => new(source, key, problem);
    }
}
