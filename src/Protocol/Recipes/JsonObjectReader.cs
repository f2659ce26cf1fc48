using System.Globalization;
using System.Text.Json;

namespace Fixture.Protocol.Recipes;

/// <summary>
/// Reads one JSON object of a recipe strictly: unknown keys are refused up front, every value is
/// type-checked, and each error names the recipe file and the JSON path ("loader.baud").
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _object;
    private readonly string _path;
    private readonly string _recipePath;

    public JsonObjectReader(JsonElement element, string path, string recipePath, params string[] knownKeys)
    {
        _path = path;
        _recipePath = recipePath;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw path.Length == 0
                ? new RecipeException(RecipeProblem.InvalidValue, recipePath, $"recipe {recipePath}: a recipe is a JSON object {{ ... }}, this file holds {Describe(element)}")
                : Invalid(path, $"must be an object {{ ... }}, found {Describe(element)}");
        }

        _object = element;
        foreach (var property in element.EnumerateObject())
        {
            if (!knownKeys.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new RecipeException(
                    RecipeProblem.UnknownKey,
                    recipePath,
                    $"recipe {recipePath}: unknown key \"{Join(path, property.Name)}\" (known here: {string.Join(", ", knownKeys)})");
            }
        }
    }

    public bool Has(string key) => _object.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;

    public string RequiredString(string key, string why = "")
    {
        var value = Required(key, why);
        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw Invalid(Join(_path, key), $"must be a non-empty string, found {Describe(value)}");
    }

    public string? OptionalString(string key)
    {
        if (!Has(key))
        {
            return null;
        }

        var value = _object.GetProperty(key);
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid(Join(_path, key), $"must be a string, found {Describe(value)}");
    }

    public long RequiredInteger(string key) => Integer(key, Required(key, string.Empty));

    public long? OptionalInteger(string key) => Has(key) ? Integer(key, _object.GetProperty(key)) : null;

    public double? OptionalNumber(string key)
    {
        if (!Has(key))
        {
            return null;
        }

        var value = _object.GetProperty(key);
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Invalid(Join(_path, key), $"must be a number, found {Describe(value)}");
    }

    public bool? OptionalBoolean(string key)
    {
        if (!Has(key))
        {
            return null;
        }

        var value = _object.GetProperty(key);
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw Invalid(Join(_path, key), $"must be true or false, found {Describe(value)}");
    }

    public JsonObjectReader RequiredObject(string key, params string[] knownKeys) =>
        new(Required(key, string.Empty), Join(_path, key), _recipePath, knownKeys);

    public JsonObjectReader? OptionalObject(string key, params string[] knownKeys) =>
        Has(key) ? new JsonObjectReader(_object.GetProperty(key), Join(_path, key), _recipePath, knownKeys) : null;

    /// <summary>The elements of an array value with their JSON paths ("cleanSlate.erase[1]").</summary>
    public IReadOnlyList<(JsonElement Element, string Path)>? OptionalArray(string key)
    {
        if (!Has(key))
        {
            return null;
        }

        var value = _object.GetProperty(key);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(Join(_path, key), $"must be an array [ ... ], found {Describe(value)}");
        }

        return value.EnumerateArray().Select((e, i) => (e, string.Create(CultureInfo.InvariantCulture, $"{Join(_path, key)}[{i}]"))).ToList();
    }

    public IReadOnlyList<(JsonElement Element, string Path)> RequiredArray(string key)
    {
        Required(key, string.Empty);
        return OptionalArray(key)!;
    }

    /// <summary>The raw value of a key, for values that may take more than one shape.</summary>
    public JsonElement? OptionalElement(string key) => Has(key) ? _object.GetProperty(key) : null;

    public RecipeException Invalid(string path, string problem) =>
        new(RecipeProblem.InvalidValue, _recipePath, $"recipe {_recipePath}: \"{path}\" {problem}");

    public string PathOf(string key) => Join(_path, key);

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };

    private JsonElement Required(string key, string why)
    {
        if (Has(key))
        {
            return _object.GetProperty(key);
        }

        throw new RecipeException(
            RecipeProblem.MissingKey,
            _recipePath,
            $"recipe {_recipePath}: key \"{Join(_path, key)}\" is missing{(why.Length > 0 ? ": " + why : string.Empty)}");
    }

    private long Integer(string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var integer)
            ? integer
            : throw Invalid(Join(_path, key), $"must be a whole number, found {Describe(value)}");

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
