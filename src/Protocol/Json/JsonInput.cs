using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Fixture.Protocol.Json;

/// <summary>A JSON input that passed every check: the typed value, the file's bytes and their SHA-256.</summary>
/// <param name="Bytes">The bytes as read (a byte-order mark included).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Bytes"/> (what approval pins and reports record).</param>
public sealed record JsonRead<T>(T Value, byte[] Bytes, string Sha256);

/// <summary>
/// The one way the fixture reads a JSON file: station configurations, recipes, sign-off criteria and
/// simulated-unit files all come through here.
/// <list type="number">
/// <item>The file: a regular file no larger than <see cref="JsonInputRules.MaxBytes"/> (<see cref="InputFile"/>).</item>
/// <item>The text: UTF-8 with or without a byte-order mark; comments and trailing commas only where the
/// kind's rules allow them; a syntax error is reported with line and column and ends the reading.</item>
/// <item>One pass over the content that lists every problem, each at its JSON path: keys given twice
/// (with both lines), unknown keys, values of the wrong type in words ("must be a whole number, found the
/// text "fast""), null where a value is needed — and then the input's own rules (<c>validate</c>) on
/// everything that was well-typed, so one run shows every problem.</item>
/// </list>
/// Nothing is returned unless all of it holds: bad input changes nothing.
/// </summary>
public static class JsonInput
{
    /// <summary>
    /// The serializer settings every input uses: camelCase keys, enums as camelCase names (never numbers),
    /// unknown members refused, plus <paramref name="converters"/>.
    /// </summary>
    public static JsonSerializerOptions Options(params JsonConverter[] converters)
    {
        ArgumentNullException.ThrowIfNull(converters);
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            AllowDuplicateProperties = false,

            // Comments and trailing commas are the kind's rules (JsonInputRules), enforced on the text before
            // the serializer sees it; here they only must not trip a value taken as it is.
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
            NewLine = "\n",
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        foreach (var converter in converters)
        {
            options.Converters.Add(converter);
        }

        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }

    /// <summary>A value as messages describe what was found: <c>the text "fast"</c>, <c>the number 12.5</c>, <c>a list</c> (text escaped).</summary>
    public static string Found(JsonElement value) => JsonShape.Found(value);

    /// <summary>
    /// A section an input keeps as raw JSON (<see cref="JsonElement"/>: "its reader checks it"), checked and
    /// typed the same strict way as a whole input, its problems at their paths under <paramref name="path"/>.
    /// </summary>
    /// <returns>The typed section, or null when it has problems (then every one is in <paramref name="problems"/>).</returns>
    public static T? Section<T>(JsonElement value, string path, JsonSerializerOptions options, List<JsonProblem> problems)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        var shape = new JsonShape(options);
        var cleaned = shape.CheckSection(value, typeof(T), path);
        problems.AddRange(shape.Problems);
        if (cleaned is null || shape.Problems.Count > 0)
        {
            return null;
        }

        try
        {
            return cleaned.Deserialize<T>(options);
        }
        catch (JsonException e)
        {
            problems.Add(new JsonProblem(path, e.Message) { Kind = JsonProblemKind.WrongType });
            return null;
        }
    }

    /// <summary>Reads and checks the JSON file at <paramref name="path"/>.</summary>
    /// <param name="validate">The input's own rules on the typed value; problems at or under a path already refused for its type are dropped.</param>
    /// <exception cref="InputFileException">Not found, not a regular file, too large, unreadable.</exception>
    /// <exception cref="JsonInputException">Not valid JSON, or any problem with its content.</exception>
    public static JsonRead<T> ReadFile<T>(string path, JsonInputRules rules, JsonSerializerOptions options, Func<T, IEnumerable<JsonProblem>>? validate = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(rules);
        var bytes = InputFile.ReadAllBytes(path, rules.MaxBytes, $"the limit for a {rules.What}");
        return Parse(bytes, path, rules, options, validate);
    }

    /// <summary>Checks JSON bytes as if they were the file <paramref name="source"/>.</summary>
    /// <exception cref="JsonInputException">Not valid JSON, or any problem with its content.</exception>
    public static JsonRead<T> Parse<T>(byte[] bytes, string source, JsonInputRules rules, JsonSerializerOptions options, Func<T, IEnumerable<JsonProblem>>? validate = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(options);
        var text = JsonText.WithoutBom(bytes);
        var (syntax, duplicates) = JsonText.Scan(text.Span, rules);
        if (syntax is not null)
        {
            throw new JsonInputException(source, JsonInputStage.Syntax, [syntax]);
        }

        var shape = new JsonShape(options);
        JsonNode? cleaned;
        using (var document = JsonDocument.Parse(text, JsonText.DocumentOptions(rules)))
        {
            cleaned = shape.CheckRoot(document.RootElement, typeof(T), rules.Root);
        }

        var problems = new List<JsonProblem>(duplicates);
        problems.AddRange(shape.Problems);
        if (cleaned is null)
        {
            throw new JsonInputException(source, JsonInputStage.Content, problems);
        }

        T? value;
        try
        {
            value = cleaned.Deserialize<T>(options);
        }
        catch (JsonException e)
        {
            // The shape check should have found it; never let the serializer's own text through unexplained.
            problems.Add(new JsonProblem(e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : JsonProblem.File, e.Message) { Kind = JsonProblemKind.WrongType });
            throw new JsonInputException(source, JsonInputStage.Content, problems);
        }

        if (value is null)
        {
            problems.Add(new JsonProblem(JsonProblem.File, $"must be {rules.Root}, found null") { Kind = JsonProblemKind.WrongType });
            throw new JsonInputException(source, JsonInputStage.Content, problems);
        }

        if (validate is not null)
        {
            var refused = problems.Select(p => p.Path).ToList();
            problems.AddRange(validate(value).Where(p => !refused.Any(path => JsonPath.IsWithin(p.Path, path))));
        }

        if (problems.Count > 0)
        {
            throw new JsonInputException(source, JsonInputStage.Content, problems);
        }

        return new JsonRead<T>(value, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
