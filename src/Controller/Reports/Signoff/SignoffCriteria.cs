using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fixture.Controller.Reports.Signoff;

/// <summary>
/// A lot's acceptance criteria, from a JSON file QA writes (docs/qa-guide.md §10.2). Every key is
/// optional; a key that is not listed here is refused (a misspelt criterion must not be silently
/// ignored).
/// </summary>
public sealed record SignoffCriteria
{
    /// <summary>Units the lot must have, exactly (units counted as the yield report counts them).</summary>
    public long? ExpectedQuantity { get; init; }

    /// <summary>Lowest acceptable first-pass yield, a fraction 0–1.</summary>
    public double? MinFirstPassYield { get; init; }

    /// <summary>Lowest acceptable final yield, a fraction 0–1.</summary>
    public double? MinFinalYield { get; init; }

    /// <summary>Recipe SHA-256s the lot may use (more than one allowed); absent: exactly one, any.</summary>
    public IReadOnlyList<string>? AllowedRecipeSha256 { get; init; }

    /// <summary>Firmware SHA-256s the lot may use; absent: exactly one, any.</summary>
    public IReadOnlyList<string>? AllowedFirmwareSha256 { get; init; }

    /// <summary>Station configuration SHA-256s the lot may use; absent: exactly one, any.</summary>
    public IReadOnlyList<string>? AllowedConfigSha256 { get; init; }

    /// <summary>A GOLDEN pass and a KNOWN_BAD fail on each station before the lot's first unit and after its last (default true).</summary>
    public bool RequireVerificationUnits { get; init; } = true;
}

/// <summary>A criteria file that cannot be used: each problem names its key.</summary>
public sealed class CriteriaException(string file, IReadOnlyList<(string Key, string Message)> problems)
    : Exception($"criteria file {file}: " + string.Join("; ", problems.Select(p => $"{p.Key}: {p.Message}")))
{
    public string File { get; } = file;

    public IReadOnlyList<(string Key, string Message)> Problems { get; } = problems;
}

/// <summary>Reads and checks a criteria file. Nothing is evaluated until the whole file is valid.</summary>
public static class SignoffCriteriaLoader
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "expectedQuantity", "minFirstPassYield", "minFinalYield", "allowedRecipeSha256", "allowedFirmwareSha256", "allowedConfigSha256", "requireVerificationUnits",
    ];

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>The criteria and the SHA-256 of the file's bytes (printed on the certificate).</summary>
    /// <exception cref="CriteriaException">The file is missing, not JSON, has an unknown key or a value out of range.</exception>
    public static (SignoffCriteria Criteria, string Sha256) Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CriteriaException(path, [("(file)", $"cannot be read: {ex.Message}")]);
        }

        return (Parse(bytes, path), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static SignoffCriteria Parse(ReadOnlySpan<byte> json, string file)
    {
        SignoffCriteria? criteria;
        try
        {
            criteria = JsonSerializer.Deserialize<SignoffCriteria>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new CriteriaException(file, [Describe(ex)]);
        }

        if (criteria is null)
        {
            throw new CriteriaException(file, [("(file)", "is 'null'; write a JSON object such as { \"minFinalYield\": 0.98 }")]);
        }

        var problems = new List<(string, string)>();
        if (criteria.ExpectedQuantity is < 1)
        {
            problems.Add(("expectedQuantity", $"{criteria.ExpectedQuantity} is not a number of units (1 or more)"));
        }

        Fraction(criteria.MinFirstPassYield, "minFirstPassYield", problems);
        Fraction(criteria.MinFinalYield, "minFinalYield", problems);
        Hashes(criteria.AllowedRecipeSha256, "allowedRecipeSha256", problems);
        Hashes(criteria.AllowedFirmwareSha256, "allowedFirmwareSha256", problems);
        Hashes(criteria.AllowedConfigSha256, "allowedConfigSha256", problems);
        if (problems.Count > 0)
        {
            throw new CriteriaException(file, problems);
        }

        return criteria with
        {
            AllowedRecipeSha256 = criteria.AllowedRecipeSha256?.Select(h => h.ToLowerInvariant()).ToList(),
            AllowedFirmwareSha256 = criteria.AllowedFirmwareSha256?.Select(h => h.ToLowerInvariant()).ToList(),
            AllowedConfigSha256 = criteria.AllowedConfigSha256?.Select(h => h.ToLowerInvariant()).ToList(),
        };
    }

    private static (string, string) Describe(JsonException ex)
    {
        var key = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var unmapped = System.Text.RegularExpressions.Regex.Match(ex.Message, "The JSON property '([^']*)' could not be mapped");
        if (unmapped.Success)
        {
            return (unmapped.Groups[1].Value, $"is not a criterion; the keys are {string.Join(", ", Keys)} (names are case-sensitive)");
        }

        if (ex.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return (key ?? "(file)", "is given twice");
        }

        return key is null
            ? ("(file)", $"is not a JSON object of criteria (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}")
            : (key, $"has a value of the wrong kind (line {ex.LineNumber + 1}): {Expected(key)}");
    }

    private static string Expected(string key)
    {
        var name = key.Split('[', '.')[0];
        return name switch
        {
            "expectedQuantity" => "a whole number of units, e.g. 500",
            "minFirstPassYield" or "minFinalYield" => "a fraction from 0 to 1, e.g. 0.95",
            "requireVerificationUnits" => "true or false",
            _ when name.StartsWith("allowed", StringComparison.Ordinal) => "a list of SHA-256 strings, e.g. [\"7faa…\"]",
            _ => "see docs/qa-guide.md §10.2",
        };
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private static void Fraction(double? value, string key, List<(string, string)> problems)
    {
        if (value is { } v && (double.IsNaN(v) || v < 0 || v > 1))
        {
            problems.Add((key, string.Create(CultureInfo.InvariantCulture, $"{v} is not a fraction from 0 to 1 (write 95 % as 0.95)")));
        }
    }

    private static void Hashes(IReadOnlyList<string>? hashes, string key, List<(string, string)> problems)
    {
        if (hashes is null)
        {
            return;
        }

        if (hashes.Count == 0)
        {
            problems.Add((key, "is an empty list: leave the key out to accept any one hash, or list the allowed ones"));
        }

        for (var i = 0; i < hashes.Count; i++)
        {
            if (hashes[i] is not { Length: 64 } h || !h.All(char.IsAsciiHexDigit))
            {
                problems.Add(($"{key}[{i}]", $"'{hashes[i]}' is not a SHA-256 (64 hex digits)"));
            }
        }
    }
}
