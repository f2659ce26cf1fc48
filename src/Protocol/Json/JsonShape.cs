using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Fixture.Protocol.Json;

/// <summary>
/// A converter that says in words what it accepts ("0, 1 or \"inactive\""), so a refused value reads
/// "must be 0, 1 or "inactive", found the text "second"" like every other type problem.
/// </summary>
public interface IJsonValueDescription
{
    /// <summary>What a value must be, e.g. <c>0, 1 or "inactive"</c>.</summary>
    string Expected { get; }
}

/// <summary>
/// Checks a parsed document against the shape of the .NET type it will become — unknown keys, values of
/// the wrong JSON type, numbers out of range, null where a value is needed — and lists every problem with
/// its path and the expected type in words. It also returns the document without the refused members, so
/// the input's own rules can still run on the rest and report their problems in the same pass.
/// </summary>
internal sealed class JsonShape
{
    private readonly JsonSerializerOptions _options;
    private readonly List<JsonProblem> _problems = [];
    private readonly Dictionary<JsonConverter, JsonSerializerOptions> _converterOptions = [];

    public JsonShape(JsonSerializerOptions options)
    {
        _options = options;
    }

    public IReadOnlyList<JsonProblem> Problems => _problems;

    /// <summary>The cleaned document, or null when the root itself is unusable.</summary>
    public JsonNode? CheckRoot(JsonElement root, Type type, string rootDescription)
    {
        var info = _options.GetTypeInfo(type);
        if (info.Kind == JsonTypeInfoKind.Object && root.ValueKind != JsonValueKind.Object)
        {
            _problems.Add(new JsonProblem(JsonProblem.File, $"must be {rootDescription}, found {Found(root)}") { Kind = JsonProblemKind.WrongType });
            return null;
        }

        var (ok, node) = Check(root, type, custom: null, allowNull: false, path: string.Empty);
        return ok ? node : null;
    }

    /// <summary>A section at <paramref name="path"/> checked as <paramref name="type"/>; null when it is unusable.</summary>
    public JsonNode? CheckSection(JsonElement value, Type type, string path)
    {
        var (ok, node) = Check(value, type, custom: null, allowNull: false, path);
        return ok ? node : null;
    }

    /// <summary>Expected type in words: "a whole number", "true or false", "a list of text", "an object { ... }".</summary>
    public string Expected(Type type, JsonConverter? custom = null)
    {
        if (custom is IJsonValueDescription described)
        {
            return described.Expected;
        }

        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (Scalar(plain) is { } scalar)
        {
            return scalar.Singular;
        }

        if (plain.IsEnum)
        {
            return "one of " + string.Join(", ", EnumNames(plain));
        }

        var info = _options.GetTypeInfo(plain);
        if (info.Converter is IJsonValueDescription typeDescribed)
        {
            return typeDescribed.Expected;
        }

        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => "a list of " + Plural(info.ElementType!),
            JsonTypeInfoKind.Dictionary => "an object { \"name\": ... }",
            JsonTypeInfoKind.Object => "an object { ... }",
            _ => "a value of the documented kind",
        };
    }

    /// <summary>What was found, in words: <c>the text "fast"</c>, <c>the number 12.5</c>, <c>a list</c>.</summary>
    public static string Found(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the text \"{JsonPath.Escape(value.GetString()!, 48)}\"",
        JsonValueKind.Number => $"the number {JsonPath.Escape(value.GetRawText(), 24)}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    private (bool Ok, JsonNode? Node) Check(JsonElement value, Type type, JsonConverter? custom, bool allowNull, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (allowNull)
            {
                return (true, null);
            }

            return Refuse(path, $"must be {Expected(type, custom)}, found null (leave the key out for the default)");
        }

        if (custom is not null)
        {
            return ThroughConverter(value, type, custom, path);
        }

        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(plain))
        {
            return (true, Raw(value)); // taken as it is: its reader checks it
        }

        if (Scalar(plain) is { } scalar)
        {
            return scalar.Problem(value) is { } problem ? Refuse(path, problem) : (true, Raw(value));
        }

        var info = _options.GetTypeInfo(plain);
        return info.Kind switch
        {
            JsonTypeInfoKind.Object when info.Converter is not IJsonValueDescription => CheckObject(value, info, path),
            JsonTypeInfoKind.Enumerable => CheckList(value, info, path),
            JsonTypeInfoKind.Dictionary => CheckDictionary(value, info, path),
            _ => ThroughConverter(value, plain, null, path),
        };
    }

    private (bool Ok, JsonNode? Node) CheckObject(JsonElement value, JsonTypeInfo info, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return Refuse(path, $"must be an object {{ ... }}, found {Found(value)}");
        }

        var known = info.Properties.Where(p => p.Set is not null || p.Get is not null).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var cleaned = new JsonObject();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            if (!seen.Add(member.Name))
            {
                continue; // the token pass reported it with both lines
            }

            var memberPath = JsonPath.Property(path, member.Name);
            if (!known.TryGetValue(member.Name, out var property))
            {
                _problems.Add(new JsonProblem(memberPath, $"is an unknown key (known here: {string.Join(", ", known.Keys)}; names are case-sensitive)") { Kind = JsonProblemKind.UnknownKey });
                continue;
            }

            var (ok, node) = Check(member.Value, property.PropertyType, property.CustomConverter, property.IsSetNullable, memberPath);
            if (ok)
            {
                cleaned[member.Name] = node;
            }
        }

        foreach (var required in info.Properties.Where(p => p.IsRequired && !seen.Contains(p.Name)))
        {
            _problems.Add(new JsonProblem(JsonPath.Property(path, required.Name), $"is missing: give {Expected(required.PropertyType, required.CustomConverter)}"));
        }

        return (true, cleaned);
    }

    private (bool Ok, JsonNode? Node) CheckList(JsonElement value, JsonTypeInfo info, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return Refuse(path, $"must be {Expected(info.Type)}, found {Found(value)}");
        }

        var cleaned = new JsonArray();
        var allOk = true;
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var (ok, node) = Check(item, info.ElementType!, null, allowNull: false, JsonPath.Element(path, index++));
            allOk &= ok;
            cleaned.Add(node);
        }

        // A list with a refused element is left out whole: the rest would shift to other indexes.
        return allOk ? (true, cleaned) : (false, null);
    }

    private (bool Ok, JsonNode? Node) CheckDictionary(JsonElement value, JsonTypeInfo info, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return Refuse(path, $"must be {Expected(info.Type)}, found {Found(value)}");
        }

        var cleaned = new JsonObject();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            if (seen.Add(member.Name))
            {
                var (ok, node) = Check(member.Value, info.ElementType!, null, allowNull: false, JsonPath.Property(path, member.Name));
                if (ok)
                {
                    cleaned[member.Name] = node;
                }
            }
        }

        return (true, cleaned);
    }

    private (bool Ok, JsonNode? Node) ThroughConverter(JsonElement value, Type type, JsonConverter? custom, string path)
    {
        var options = custom is null ? _options : OptionsWith(custom);
        try
        {
            _ = value.Deserialize(type, options);
            return (true, Raw(value));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            var described = custom as IJsonValueDescription ?? options.GetTypeInfo(type).Converter as IJsonValueDescription;
            var plain = Nullable.GetUnderlyingType(type) ?? type;
            return described is not null || plain.IsEnum || e.Message.Contains("Path: $", StringComparison.Ordinal)
                ? Refuse(path, $"must be {Expected(type, custom)}, found {Found(value)}")
                : Refuse(path, e.Message);
        }
    }

    /// <summary>A value as a node (an object or list may hold comments the kind's rules allowed).</summary>
    private static JsonNode? Raw(JsonElement value) =>
        JsonNode.Parse(value.GetRawText(), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

    private JsonSerializerOptions OptionsWith(JsonConverter converter)
    {
        if (!_converterOptions.TryGetValue(converter, out var options))
        {
            options = new JsonSerializerOptions(_options);
            options.Converters.Insert(0, converter);
            options.MakeReadOnly();
            _converterOptions[converter] = options;
        }

        return options;
    }

    private (bool Ok, JsonNode? Node) Refuse(string path, string message)
    {
        _problems.Add(new JsonProblem(path.Length == 0 ? JsonProblem.File : path, message) { Kind = JsonProblemKind.WrongType });
        return (false, null);
    }

    private IEnumerable<string> EnumNames(Type enumType) =>
        Enum.GetValues(enumType).Cast<object>().Select(v => JsonSerializer.Serialize(v, enumType, _options));

    private string Plural(Type element)
    {
        var plain = Nullable.GetUnderlyingType(element) ?? element;
        if (Scalar(plain) is { } scalar)
        {
            return scalar.Plural;
        }

        if (plain.IsEnum)
        {
            return "names (" + string.Join(", ", EnumNames(plain)) + ")";
        }

        return _options.GetTypeInfo(plain).Kind switch
        {
            JsonTypeInfoKind.Enumerable => "lists",
            _ => "objects { ... }",
        };
    }

    private static ScalarKind? Scalar(Type type)
    {
        if (type == typeof(string))
        {
            return Kind("text", "text", v => v.ValueKind == JsonValueKind.String);
        }

        if (type == typeof(bool))
        {
            return Kind("true or false", "true/false values", v => v.ValueKind is JsonValueKind.True or JsonValueKind.False);
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return Kind("a number", "numbers", v => v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d));
        }

        if (type.IsEnum)
        {
            return null;
        }

        (long Min, long Max)? range = Type.GetTypeCode(type) switch
        {
            TypeCode.Byte => (0L, byte.MaxValue),
            TypeCode.SByte => (sbyte.MinValue, sbyte.MaxValue),
            TypeCode.Int16 => (short.MinValue, short.MaxValue),
            TypeCode.UInt16 => (0L, ushort.MaxValue),
            TypeCode.Int32 => (int.MinValue, int.MaxValue),
            TypeCode.UInt32 => (0L, uint.MaxValue),
            TypeCode.Int64 => (long.MinValue, long.MaxValue),
            _ => null,
        };
        if (range is not { } bounds)
        {
            return null;
        }

        var (min, max) = bounds;

        return new("a whole number", "whole numbers", v =>
            v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) ? $"must be a whole number, found {Found(v)}"
            : n < min || n > max ? string.Create(CultureInfo.InvariantCulture, $"must be a whole number from {min} to {max}, found {Found(v)}")
            : null);
    }

    private static ScalarKind Kind(string singular, string plural, Func<JsonElement, bool> accepts) =>
        new(singular, plural, v => accepts(v) ? null : $"must be {singular}, found {Found(v)}");

    /// <param name="Problem">Null when the value is one of these, else the message.</param>
    private sealed record ScalarKind(string Singular, string Plural, Func<JsonElement, string?> Problem);
}
