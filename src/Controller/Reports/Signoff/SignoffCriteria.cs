using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Fixture.Protocol.Json;

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

/// <summary>
/// Reads and checks a criteria file through the one JSON layer (<see cref="JsonInput"/>): a regular file
/// of at most 64 KiB, UTF-8 with or without a byte-order mark, // comments and a trailing comma allowed,
/// keys given twice and unknown keys refused, and every problem listed at once with its key and the
/// expected type in words. Nothing is evaluated until the whole file is valid.
/// </summary>
public static class SignoffCriteriaLoader
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "expectedQuantity", "minFirstPassYield", "minFinalYield", "allowedRecipeSha256", "allowedFirmwareSha256", "allowedConfigSha256", "requireVerificationUnits",
    ];

    /// <summary>A criteria file is a handful of keys; 64 KiB leaves room for long hash lists.</summary>
    public static JsonInputRules Rules { get; } = new("criteria file", "a JSON object of criteria such as { \"minFinalYield\": 0.98 }")
    {
        MaxBytes = 64 * 1024,
        AllowComments = true,
        AllowTrailingCommas = true,
    };

    private static readonly JsonSerializerOptions Options = JsonInput.Options();

    /// <summary>The criteria and the SHA-256 of the file's bytes (printed on the certificate).</summary>
    /// <exception cref="CriteriaException">The file is missing, not a regular file, too large, not JSON, or has problems (every one listed).</exception>
    public static (SignoffCriteria Criteria, string Sha256) Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, Rules.MaxBytes, $"the limit for a {Rules.What}");
        }
        catch (InputFileException e)
        {
            throw new CriteriaException(path, [(JsonProblem.File, e.Reason)]);
        }

        return (Parse(bytes, path), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <exception cref="CriteriaException">Every problem, each named by its key.</exception>
    public static SignoffCriteria Parse(byte[] json, string file)
    {
        SignoffCriteria criteria;
        try
        {
            criteria = JsonInput.Parse<SignoffCriteria>(json, file, Rules, Options, Check).Value;
        }
        catch (JsonInputException e)
        {
            throw new CriteriaException(file, [.. e.Problems.Select(p => (p.Path, p.Message))]);
        }

        return criteria with
        {
            AllowedRecipeSha256 = criteria.AllowedRecipeSha256?.Select(h => h.ToLowerInvariant()).ToList(),
            AllowedFirmwareSha256 = criteria.AllowedFirmwareSha256?.Select(h => h.ToLowerInvariant()).ToList(),
            AllowedConfigSha256 = criteria.AllowedConfigSha256?.Select(h => h.ToLowerInvariant()).ToList(),
        };
    }

    private static IEnumerable<JsonProblem> Check(SignoffCriteria criteria)
    {
        var problems = new List<JsonProblem>();
        if (criteria.ExpectedQuantity is < 1)
        {
            problems.Add(new("expectedQuantity", $"{criteria.ExpectedQuantity} is not a number of units (1 or more)"));
        }

        Fraction(criteria.MinFirstPassYield, "minFirstPassYield", problems);
        Fraction(criteria.MinFinalYield, "minFinalYield", problems);
        Hashes(criteria.AllowedRecipeSha256, "allowedRecipeSha256", problems);
        Hashes(criteria.AllowedFirmwareSha256, "allowedFirmwareSha256", problems);
        Hashes(criteria.AllowedConfigSha256, "allowedConfigSha256", problems);
        return problems;
    }

    private static void Fraction(double? value, string key, List<JsonProblem> problems)
    {
        if (value is { } v && (double.IsNaN(v) || v < 0 || v > 1))
        {
            problems.Add(new(key, string.Create(CultureInfo.InvariantCulture, $"{v} is not a fraction from 0 to 1 (write 95 % as 0.95)")));
        }
    }

    private static void Hashes(IReadOnlyList<string>? hashes, string key, List<JsonProblem> problems)
    {
        if (hashes is null)
        {
            return;
        }

        if (hashes.Count == 0)
        {
            problems.Add(new(key, "is an empty list: leave the key out to accept any one hash, or list the allowed ones"));
        }

        for (var i = 0; i < hashes.Count; i++)
        {
            if (hashes[i] is not { Length: 64 } h || !h.All(char.IsAsciiHexDigit))
            {
                problems.Add(new(JsonPath.Element(key, i), $"'{JsonPath.Escape(hashes[i])}' is not a SHA-256 (64 hex digits)"));
            }
        }
    }
}
