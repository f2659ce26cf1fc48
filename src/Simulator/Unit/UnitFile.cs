using System.Globalization;
using System.Text;
using System.Text.Json;
using Fixture.Protocol.Json;

namespace Fixture.Simulator.Unit;

/// <summary>
/// A unit file that cannot be used. <see cref="Problems"/> lists every problem found, each at its key;
/// the message is one line: "&lt;file&gt;: &lt;key&gt;: &lt;problem&gt;" for one problem,
/// "&lt;file&gt;: N problems: &lt;key&gt;: &lt;problem&gt;; ..." for several.
/// </summary>
public sealed class UnitFileException : Exception
{
    public UnitFileException(string file, string key, string problem)
        : this(file, [new JsonProblem(key, problem)])
    {
    }

    public UnitFileException(string file, IReadOnlyList<JsonProblem> problems)
        : base(Describe(file, problems))
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        File = file;
        Problems = problems;
    }

    public string File { get; }

    /// <summary>The first problem's key: a unit-file key, <c>(file)</c> for the file as a whole (unreadable, not JSON, not an object).</summary>
    public string Key => Problems[0].Path;

    /// <summary>The first problem, without file and key.</summary>
    public string Problem => Problems[0].Message;

    /// <summary>Every problem found, in the order found.</summary>
    public IReadOnlyList<JsonProblem> Problems { get; }

    private static string Describe(string file, IReadOnlyList<JsonProblem> problems) =>
        problems.Count == 1
            ? $"{file}: {problems[0]}"
            : string.Create(CultureInfo.InvariantCulture, $"{file}: {problems.Count} problems: ") + string.Join("; ", problems);
}

/// <summary>
/// Reads a unit file into a <see cref="UnitIdentity"/> through the fixture's one way of reading JSON
/// (<see cref="JsonInput"/>): a regular file of at most 64 KiB, UTF-8 with or without a byte-order mark,
/// no comments (<c>notes</c> holds the prose), keys given twice or unknown refused, and every problem
/// listed at once with its key. Keys: <c>efuseRegion0Hex</c> (required: 128 bytes as 256 hex digits,
/// word i at bytes 4i..4i+3, little-endian, as the chip stores them; spaces between digits are ignored),
/// <c>name</c>, <c>jedecId</c> ("ef4015"), <c>jedecReplyFlag</c> (0..255 or "0x80"), <c>flashContent</c>
/// ("stock-tg7100c", "blank", "openbl602"), <c>notes</c> (free text, ignored), and the variant keys of
/// docs/simulator.md: <c>macLine</c> ("full", "masked"), <c>mfgMediaInit</c> (true/false), <c>rfParaMac</c>
/// ("70:3E:97:1E:96:66"), <c>rfParaAddress</c> ("0x1FF000"), <c>stockConsoleBaud</c> (2000000 or 921600),
/// <c>mfgStartRequest</c> (true/false).
/// </summary>
public static class UnitFile
{
    public static IReadOnlyList<string> Keys { get; } =
    [
        "name", "notes", "efuseRegion0Hex", "jedecId", "jedecReplyFlag", "flashContent",
        "macLine", "mfgMediaInit", "rfParaMac", "rfParaAddress", "stockConsoleBaud", "mfgStartRequest",
    ];

    /// <summary>A unit file is one object of a few hundred bytes.</summary>
    public static JsonInputRules Rules { get; } = new("unit file", "one JSON object { \"efuseRegion0Hex\": ..., ... }")
    {
        MaxBytes = 64 * 1024,
    };

    private static readonly JsonSerializerOptions Options = JsonInput.Options();

    /// <exception cref="UnitFileException">The file cannot be read or says something this simulator cannot model.</exception>
    public static UnitIdentity Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, Rules.MaxBytes, $"the limit for a {Rules.What}");
        }
        catch (InputFileException e)
        {
            throw new UnitFileException(path, JsonProblem.File, e.Reason);
        }

        return Parse(bytes, path);
    }

    /// <param name="source">The file name for messages (and the unit's default name).</param>
    /// <exception cref="UnitFileException">The text is not a unit this simulator can model.</exception>
    public static UnitIdentity Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), source);
    }

    /// <param name="source">The file name for messages (and the unit's default name).</param>
    /// <exception cref="UnitFileException">The bytes are not a unit this simulator can model.</exception>
    public static UnitIdentity Parse(byte[] json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        UnitIdentity? identity = null;
        try
        {
            _ = JsonInput.Parse<UnitFileJson>(json, source, Rules, Options, file =>
            {
                var check = new Check();
                identity = check.Identity(file, source);
                return check.Problems;
            });
        }
        catch (JsonInputException e)
        {
            throw new UnitFileException(source, e.Problems);
        }

        return identity!;
    }

    /// <summary>A unit file as its JSON has it; the values are checked by <see cref="Check"/>.</summary>
    private sealed record UnitFileJson
    {
        public string? Name { get; init; }

        public string? Notes { get; init; }

        public string? EfuseRegion0Hex { get; init; }

        public string? JedecId { get; init; }

        /// <summary>A number or a "0x.." text: read by <see cref="Check.Byte"/>.</summary>
        public JsonElement? JedecReplyFlag { get; init; }

        public string? FlashContent { get; init; }

        public string? MacLine { get; init; }

        public bool? MfgMediaInit { get; init; }

        public string? RfParaMac { get; init; }

        /// <summary>A number or a "0x.." text: read by <see cref="Check.Address"/>.</summary>
        public JsonElement? RfParaAddress { get; init; }

        public int? StockConsoleBaud { get; init; }

        public bool? MfgStartRequest { get; init; }
    }

    /// <summary>The unit file's own rules; every problem is collected, nothing stops at the first.</summary>
    private sealed class Check
    {
        public List<JsonProblem> Problems { get; } = [];

        public UnitIdentity? Identity(UnitFileJson file, string source)
        {
            var efuse = file.EfuseRegion0Hex is null
                ? Bad<byte[]>("efuseRegion0Hex", "is required: the 128 bytes of eFuse region 0 as 256 hex digits")
                : Hex("efuseRegion0Hex", file.EfuseRegion0Hex, 128, "256 hex digits (128 bytes)");
            var jedec = file.JedecId is null ? UnitIdentity.DefaultJedecId.ToArray() : Jedec(file.JedecId);
            var replyFlag = file.JedecReplyFlag is { } flag ? Byte("jedecReplyFlag", flag) : (byte)0;
            var content = Choice("flashContent", file.FlashContent, UnitFlashContent.StockTg7100c, new Dictionary<string, UnitFlashContent>
            {
                ["stock-tg7100c"] = UnitFlashContent.StockTg7100c,
                ["blank"] = UnitFlashContent.Blank,
                ["openbl602"] = UnitFlashContent.OpenBl602,
            });
            var macLine = Choice("macLine", file.MacLine, WifiMacLine.Full, new Dictionary<string, WifiMacLine>
            {
                ["full"] = WifiMacLine.Full,
                ["masked"] = WifiMacLine.Masked,
            });
            var rfParaMac = file.RfParaMac is null ? null : Mac("rfParaMac", file.RfParaMac);
            var rfParaAddress = file.RfParaAddress is { } address ? Address("rfParaAddress", address) : UnitIdentity.DefaultRfParaAddress;
            var baud = file.StockConsoleBaud ?? 2_000_000;
            if (baud is not (2_000_000 or 921_600))
            {
                Problems.Add(new("stockConsoleBaud", string.Create(CultureInfo.InvariantCulture, $"must be 2000000 or 921600 (the two stock TG7100C SDK console rates), found {baud}")));
            }

            if (Problems.Count > 0 || efuse is null || jedec is null)
            {
                return null;
            }

            return new UnitIdentity
            {
                Name = file.Name ?? Path.GetFileNameWithoutExtension(source),
                EfuseRegion0 = efuse,
                JedecId = jedec,
                JedecReplyFlag = replyFlag ?? 0,
                FlashContent = content,
                MacLine = macLine,
                MfgMediaInitialised = file.MfgMediaInit ?? false,
                RfParaMac = rfParaMac,
                RfParaAddress = rfParaAddress ?? UnitIdentity.DefaultRfParaAddress,
                StockConsoleBaud = baud,
                MfgStartRequest = file.MfgStartRequest ?? false,
            };
        }

        private byte[]? Hex(string key, string text, int length, string form)
        {
            var digits = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
            if (digits.Length == length * 2 && digits.All(char.IsAsciiHexDigit))
            {
                return Convert.FromHexString(digits);
            }

            var nonHex = digits.All(char.IsAsciiHexDigit) ? string.Empty : " with non-hex ones";
            return Bad<byte[]>(key, string.Create(CultureInfo.InvariantCulture, $"must be {form}; found {digits.Length} characters{nonHex}"));
        }

        private byte[]? Jedec(string text)
        {
            var bytes = Hex("jedecId", text, 3, "6 hex digits, e.g. \"ef4015\"");
            return bytes is null || bytes[2] is >= 0x11 and <= 0x19
                ? bytes
                : Bad<byte[]>("jedecId", $"capacity byte 0x{bytes[2]:X2} is outside 0x11..0x19 (128 KiB .. 32 MiB)");
        }

        public byte? Byte(string key, JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n is >= 0 and <= 255)
            {
                return (byte)n;
            }

            if (HexText(value) is { } text && byte.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                return b;
            }

            Problems.Add(new(key, $"must be a whole number 0..255 or a hex text like \"0x80\", found {Found(value)}"));
            return null;
        }

        public uint? Address(string key, JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out var n))
            {
                return n;
            }

            if (HexText(value) is { } text && uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var a))
            {
                return a;
            }

            Problems.Add(new(key, $"must be a flash address, e.g. \"0x1FF000\", found {Found(value)}"));
            return null;
        }

        private ReadOnlyMemory<byte>? Mac(string key, string text)
        {
            var parts = text.Split(':');
            if (parts.Length == 6 && parts.All(p => p.Length == 2 && p.All(char.IsAsciiHexDigit)))
            {
                return Convert.FromHexString(string.Concat(parts));
            }

            Problems.Add(new(key, $"must be a MAC written like \"70:3E:97:1E:96:66\", found \"{JsonPath.Escape(text)}\""));
            return null;
        }

        private T Choice<T>(string key, string? text, T otherwise, IReadOnlyDictionary<string, T> choices)
        {
            if (text is null)
            {
                return otherwise;
            }

            if (choices.TryGetValue(text, out var choice))
            {
                return choice;
            }

            Problems.Add(new(key, $"must be one of {string.Join(", ", choices.Keys.Select(k => $"\"{k}\""))}, found \"{JsonPath.Escape(text)}\""));
            return otherwise;
        }

        private static string? HexText(JsonElement value) =>
            value.ValueKind == JsonValueKind.String && value.GetString() is { } text && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? text[2..]
                : null;

        private static string Found(JsonElement value) => JsonInput.Found(value);

        private T? Bad<T>(string key, string problem)
            where T : class
        {
            Problems.Add(new(key, problem));
            return null;
        }
    }
}
