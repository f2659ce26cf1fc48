using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fixture.Protocol.Json;

namespace Fixture.Protocol.Tests.Json;

public sealed class JsonInputTests
{
    private static readonly JsonInputRules Strict = new("test file", "a test object { ... }");
    private static readonly JsonInputRules Lenient = Strict with { AllowComments = true, AllowTrailingCommas = true };
    private static readonly JsonSerializerOptions Options = JsonInput.Options();

    private static JsonRead<Station> Parse(string json, JsonInputRules? rules = null, Func<Station, IEnumerable<JsonProblem>>? validate = null) =>
        JsonInput.Parse(Encoding.UTF8.GetBytes(json), "t.json", rules ?? Strict, Options, validate);

    private static JsonInputException Refused(string json, JsonInputRules? rules = null, Func<Station, IEnumerable<JsonProblem>>? validate = null) =>
        Assert.Throws<JsonInputException>(() => Parse(json, rules, validate));

    [Fact]
    public void A_byte_order_mark_is_accepted_and_kept_in_the_hash()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{ "id": "s1" }""")).ToArray();

        var read = JsonInput.Parse<Station>(bytes, "t.json", Strict, Options);

        Assert.Equal("s1", read.Value.Id);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), read.Sha256);
    }

    [Fact]
    public void UTF16_text_is_refused_saying_how_to_save_it()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("""{ "id": "s1" }""")).ToArray();

        var error = Assert.Throws<JsonInputException>(() => JsonInput.Parse<Station>(bytes, "t.json", Strict, Options));

        Assert.Equal("t.json: (file): is UTF-16 text: save it as UTF-8 (with or without a byte-order mark)", error.Message);
    }

    [Fact]
    public void Keys_given_twice_are_each_refused_at_their_path_with_both_lines()
    {
        var error = Refused("""
            {
              "id": "a",
              "sockets": [
                { "port": "p1" },
                { "port": "p2",
                  "port": "p3" }
              ],
              "id": "b"
            }
            """);

        Assert.Equal(JsonInputStage.Content, error.Stage);
        Assert.Equal(
            ["sockets[1].port: is given twice (lines 5 and 6): write each key once", "id: is given twice (lines 2 and 8): write each key once"],
            error.Problems.Select(p => p.ToString()));
        Assert.All(error.Problems, p => Assert.Equal(JsonProblemKind.DuplicateKey, p.Kind));
    }

    [Fact]
    public void Every_problem_is_listed_at_once_with_its_path_and_the_expected_type_in_words()
    {
        var error = Refused("""
            {
              "id": 7,
              "enabled": "yes",
              "count": "12",
              "ratio": [1],
              "names": ["a", 2],
              "polarity": "upward",
              "sockets": [ { "port": "p1", "baud": 1.5 }, "x", { "pin": 3 } ],
              "colour": "red"
            }
            """);

        Assert.Equal(
            [
                "id: must be text, found the number 7",
                "enabled: must be true or false, found the text \"yes\"",
                "count: must be a whole number, found the text \"12\"",
                "ratio: must be a number, found a list",
                "names[1]: must be text, found the number 2",
                "polarity: must be one of \"activeHigh\", \"activeLow\", found the text \"upward\"",
                "sockets[0].baud: must be a whole number, found the number 1.5",
                "sockets[1]: must be an object { ... }, found the text \"x\"",
                "sockets[2].pin: is an unknown key (known here: port, baud; names are case-sensitive)",
                "colour: is an unknown key (known here: id, enabled, count, ratio, names, polarity, sockets, timing; names are case-sensitive)",
            ],
            error.Problems.Select(p => p.ToString()));
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_too_large_for_its_type_names_the_range()
    {
        var error = Refused("""{ "count": 3000000000 }""");

        Assert.Equal("count: must be a whole number from -2147483648 to 2147483647, found the number 3000000000", error.Problems.Single().ToString());
    }

    [Fact]
    public void The_inputs_own_rules_run_on_the_well_typed_rest_in_the_same_pass()
    {
        static IEnumerable<JsonProblem> Validate(Station s)
        {
            if (s.Id is null)
            {
                yield return new("id", "missing: give the station an id");
            }

            if (s.Count < 1)
            {
                yield return new("count", "must be at least 1");
            }

            foreach (var (socket, i) in s.Sockets.Select((x, i) => (x, i)))
            {
                if (socket.Port is null)
                {
                    yield return new($"sockets[{i}].port", "missing");
                }
            }
        }

        var error = Refused("""{ "id": 5, "count": 0, "sockets": [ { "baud": 9600 } ], "enabled": 1 }""", validate: Validate);

        // id's type problem stands for it: the rule's "missing" at the same key is not repeated.
        Assert.Equal(
            ["id: must be text, found the number 5", "enabled: must be true or false, found the number 1", "count: must be at least 1", "sockets[0].port: missing"],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Null_is_refused_where_the_type_has_no_null_and_accepted_where_it_has()
    {
        var error = Refused("""{ "id": null, "timing": null, "names": null }""");

        Assert.Equal(
            ["timing: must be an object { ... }, found null (leave the key out for the default)", "names: must be a list of text, found null (leave the key out for the default)"],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Comments_and_trailing_commas_are_refused_unless_the_kind_allows_them()
    {
        const string json = """
            {
              // the line's station
              "id": "s1",
            }
            """;

        var error = Refused(json);
        Assert.Equal(JsonInputStage.Syntax, error.Stage);
        Assert.StartsWith("t.json: (file): not valid JSON at line 2, column 3:", error.Message, StringComparison.Ordinal);

        Assert.Equal("s1", Parse(json, Lenient).Value.Id);
    }

    [Theory]
    [InlineData("", "(file): is empty: write a test object { ... }")]
    [InlineData("  \n", "(file): is empty: write a test object { ... }")]
    [InlineData("[1, 2]", "(file): must be a test object { ... }, found a list")]
    [InlineData("null", "(file): must be a test object { ... }, found null")]
    public void A_file_that_holds_no_object_says_what_it_must_hold(string json, string message)
    {
        Assert.Equal(message, Refused(json).Problems.Single().ToString());
    }

    [Fact]
    public void Control_characters_from_the_file_are_escaped_in_messages()
    {
        var error = Refused("{ \"id\": 1, \"\\u001b[2J\": 2, \"count\": \"\\u001b[31mEVIL\" }");

        Assert.DoesNotContain('\u001b', error.Message);
        Assert.Contains("[\"\\u001B[2J\"]: is an unknown key", error.Message, StringComparison.Ordinal);
        Assert.Contains("found the text \"\\u001B[31mEVIL\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetString_replaces_a_value_and_keeps_comments_layout_and_byte_order_mark()
    {
        var text = "\uFEFF{\n  // approved\n  \"workflow\": { \"recipe\": { \"file\": \"r.json\", \"sha256\": \"old\" } , \"x\": [1,2] }\n}\n";
        var bytes = Encoding.UTF8.GetBytes(text);

        var edited = Encoding.UTF8.GetString(JsonText.SetString(bytes, Lenient, ["workflow", "recipe"], "sha256", "new"));

        Assert.Equal(text.Replace("\"old\"", "\"new\"", StringComparison.Ordinal), edited);
    }

    [Theory]
    [InlineData("{ \"workflow\": { \"recipe\": { \"file\": \"r.json\" } } }", "{ \"workflow\": { \"recipe\": { \"file\": \"r.json\", \"sha256\": \"new\" } } }")]
    [InlineData("{ \"workflow\": { \"recipe\": { \"file\": \"r.json\", /* why */ } } }", "{ \"workflow\": { \"recipe\": { \"file\": \"r.json\", \"sha256\": \"new\", /* why */ } } }")]
    [InlineData("{ \"workflow\": { \"recipe\": {} } }", "{ \"workflow\": { \"recipe\": { \"sha256\": \"new\" } } }")]
    [InlineData("{ \"recipe\": { \"sha256\": \"top\" }, \"workflow\": { \"recipe\": { \"sub\": { \"sha256\": \"deep\" } } } }", "{ \"recipe\": { \"sha256\": \"top\" }, \"workflow\": { \"recipe\": { \"sub\": { \"sha256\": \"deep\" }, \"sha256\": \"new\" } } }")]
    public void SetString_adds_a_missing_key_after_the_objects_last_member(string json, string expected)
    {
        var edited = JsonText.SetString(Encoding.UTF8.GetBytes(json), Lenient, ["workflow", "recipe"], "sha256", "new");

        Assert.Equal(expected, Encoding.UTF8.GetString(edited));
        Assert.NotNull(JsonDocument.Parse(edited, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }));
    }

    private sealed class Station
    {
        public string? Id { get; init; }

        public bool Enabled { get; init; }

        public int Count { get; init; } = 1;

        public double Ratio { get; init; }

        public IReadOnlyList<string> Names { get; init; } = [];

        public Polarity? Polarity { get; init; }

        public IReadOnlyList<Socket> Sockets { get; init; } = [];

        public Timing Timing { get; init; } = new();
    }

    private sealed class Socket
    {
        public string? Port { get; init; }

        public int Baud { get; init; }
    }

    private sealed class Timing
    {
        public double HoldMs { get; init; }
    }

    [JsonConverter(typeof(JsonStringEnumConverter))]
    private enum Polarity
    {
        ActiveHigh,
        ActiveLow,
    }
}
