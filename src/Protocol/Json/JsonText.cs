using System.Text;
using System.Text.Json;

namespace Fixture.Protocol.Json;

/// <summary>
/// The token-level pass over a JSON input: the byte-order mark, syntax errors with line and column,
/// and duplicate keys with their path and both lines (a parsed document no longer knows lines).
/// Also the one text-preserving edit the fixture makes to files people wrote (<see cref="SetString"/>).
/// </summary>
public static class JsonText
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The bytes after a UTF-8 byte-order mark, if there is one (Windows Notepad writes it).</summary>
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> utf8) =>
        utf8.Span.StartsWith(Utf8Bom) ? utf8[Utf8Bom.Length..] : utf8;

    internal static JsonReaderOptions ReaderOptions(JsonInputRules rules) => new()
    {
        AllowTrailingCommas = rules.AllowTrailingCommas,
        CommentHandling = rules.AllowComments ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
    };

    internal static JsonDocumentOptions DocumentOptions(JsonInputRules rules) => new()
    {
        AllowTrailingCommas = rules.AllowTrailingCommas,
        CommentHandling = rules.AllowComments ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
    };

    /// <summary>
    /// Checks that <paramref name="json"/> (BOM already removed) is one JSON value and lists every key
    /// given twice in one object. A syntax problem is the only problem returned: nothing after it can be read.
    /// </summary>
    internal static (JsonProblem? Syntax, IReadOnlyList<JsonProblem> Duplicates) Scan(ReadOnlySpan<byte> json, JsonInputRules rules)
    {
        if (json.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || json.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Syntax("is UTF-16 text: save it as UTF-8 (with or without a byte-order mark)"), []);
        }

        if (json.Trim((ReadOnlySpan<byte>)" \t\r\n"u8).IsEmpty)
        {
            return (Syntax($"is empty: write {rules.Root}"), []);
        }

        var duplicates = new List<JsonProblem>();
        var lines = new LineCounter(json);
        var frames = new Stack<Frame>();
        var reader = new Utf8JsonReader(json, ReaderOptions(rules));
        string? pendingKey = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var path = PathOfValue(frames, pendingKey);
                        frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartObject));
                        pendingKey = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = frames.Peek();
                        pendingKey = reader.GetString()!;
                        var line = lines.LineOf(reader.TokenStartIndex);
                        if (frame.Keys!.TryGetValue(pendingKey, out var first))
                        {
                            duplicates.Add(new JsonProblem(
                                JsonPath.Property(frame.Path, pendingKey),
                                $"is given twice (lines {first} and {line}): write each key once") { Kind = JsonProblemKind.DuplicateKey });
                        }
                        else
                        {
                            frame.Keys.Add(pendingKey, line);
                        }

                        break;
                    default:
                        pendingKey = null;
                        if (frames.TryPeek(out var list) && list.Keys is null)
                        {
                            list.NextIndex++;
                        }

                        break;
                }
            }
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            return (Syntax($"not valid JSON at line {line}, column {column}: {FirstSentence(e.Message)}"), duplicates);
        }

        return (null, duplicates);
    }

    /// <summary>
    /// <paramref name="json"/> with the string value of <paramref name="key"/> in the object at
    /// <paramref name="objectPath"/> set to <paramref name="value"/>; everything else — comments, layout,
    /// key order, a byte-order mark — stays byte for byte. A key that is not there is added after the
    /// object's last member.
    /// </summary>
    /// <param name="objectPath">Keys from the top level to the object, e.g. ["workflow", "recipe"].</param>
    /// <exception cref="InvalidOperationException">The object is not in the file, or the key's value is not a string.</exception>
    public static byte[] SetString(ReadOnlyMemory<byte> json, JsonInputRules rules, IReadOnlyList<string> objectPath, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(objectPath);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var bomLength = json.Length - WithoutBom(json).Length;
        var text = WithoutBom(json).Span;
        var reader = new Utf8JsonReader(text, ReaderOptions(rules));
        var path = new List<string?>();
        string? pendingKey = null;
        long targetStart = -1;
        long lastMemberEnd = -1;
        long objectOpenEnd = -1;
        while (reader.Read())
        {
            var inTarget = path.Count == objectPath.Count + 1 && path.Skip(1).SequenceEqual(objectPath);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingKey = reader.GetString();
                    if (inTarget && pendingKey == key)
                    {
                        _ = reader.Read();
                        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                        {
                            throw new InvalidOperationException($"{string.Join('.', objectPath)}.{key} is not a string");
                        }

                        return Splice(json.Span, bomLength + reader.TokenStartIndex, bomLength + reader.BytesConsumed, Quoted(value));
                    }

                    continue;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    path.Add(pendingKey);
                    if (path.Count == objectPath.Count + 1 && path.Skip(1).SequenceEqual(objectPath) && reader.TokenType == JsonTokenType.StartObject)
                    {
                        targetStart = reader.BytesConsumed;
                        objectOpenEnd = reader.BytesConsumed;
                    }

                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    if (inTarget && targetStart >= 0)
                    {
                        var insert = lastMemberEnd < 0
                            ? (At: objectOpenEnd, Text: $" {Quoted(key)}: {Quoted(value)} ")
                            : (At: lastMemberEnd, Text: $", {Quoted(key)}: {Quoted(value)}");
                        return Splice(json.Span, bomLength + insert.At, bomLength + insert.At, insert.Text);
                    }

                    path.RemoveAt(path.Count - 1);
                    if (path.Count == objectPath.Count + 1 && path.Skip(1).SequenceEqual(objectPath))
                    {
                        lastMemberEnd = reader.BytesConsumed;
                    }

                    break;
                default:
                    if (inTarget)
                    {
                        lastMemberEnd = reader.BytesConsumed;
                    }

                    break;
            }

            pendingKey = null;
        }

        throw new InvalidOperationException($"no object {string.Join('.', objectPath)} in the file");
    }

    private static JsonProblem Syntax(string message) => new(JsonProblem.File, message) { Kind = JsonProblemKind.Syntax };

    private static string Quoted(string value) => JsonSerializer.Serialize(value);

    private static byte[] Splice(ReadOnlySpan<byte> json, long start, long end, string replacement)
    {
        var middle = Encoding.UTF8.GetBytes(replacement);
        return [.. json[..(int)start], .. middle, .. json[(int)end..]];
    }

    private static string PathOfValue(Stack<Frame> frames, string? key)
    {
        if (frames.Count == 0)
        {
            return string.Empty;
        }

        var parent = frames.Peek();
        return parent.Keys is null ? JsonPath.Element(parent.Path, parent.NextIndex++) : JsonPath.Property(parent.Path, key ?? string.Empty);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return (cut < 0 ? message : message[..cut]).TrimEnd('.', ' ');
    }

    private sealed class Frame(string path, bool isObject)
    {
        public string Path { get; } = path;

        /// <summary>Keys seen so far and their lines; null for a list.</summary>
        public Dictionary<string, int>? Keys { get; } = isObject ? new(StringComparer.Ordinal) : null;

        public int NextIndex { get; set; }
    }

    /// <summary>Line numbers of byte offsets, counted once from the start as offsets grow.</summary>
    private ref struct LineCounter(ReadOnlySpan<byte> text)
    {
        private readonly ReadOnlySpan<byte> _text = text;
        private long _offset;
        private int _line = 1;

        public int LineOf(long offset)
        {
            if (offset > _offset)
            {
                _line += _text[(int)_offset..(int)offset].Count((byte)'\n');
                _offset = offset;
            }

            return _line;
        }
    }
}
