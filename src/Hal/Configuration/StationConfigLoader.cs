using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fixture.Hal.Drivers;

namespace Fixture.Hal.Configuration;

/// <summary>
/// Reads a station configuration (JSON), keeps the SHA-256 of its bytes for the report, and refuses
/// it with every problem named by key before anything is touched.
/// </summary>
public static class StationConfigLoader
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static StationConfig Load(string path, HardwareCatalog catalog)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(path, new ConfigurationProblem("(file)", $"cannot be read: {ex.Message}"), ex);
        }

        return Parse(bytes, path, catalog);
    }

    public static StationConfig Parse(ReadOnlySpan<byte> json, string sourceName, HardwareCatalog catalog)
    {
        StationConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<StationConfig>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            var key = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "(file)" : ex.Path.TrimStart('$').TrimStart('.');
            throw new ConfigurationException(sourceName, new ConfigurationProblem(key, Explain(ex)), ex);
        }

        if (config is null)
        {
            throw new ConfigurationException(sourceName, [new ConfigurationProblem("(file)", "is empty (null): write a station object.")]);
        }

        var problems = StationConfigValidator.Validate(config, catalog.LineDrivers, catalog.I2cBuses);
        if (problems.Count > 0)
        {
            throw new ConfigurationException(sourceName, problems);
        }

        config.SourceFile = sourceName;
        config.Sha256 = Convert.ToHexStringLower(SHA256.HashData(json));
        return config;
    }

    private static string Explain(JsonException ex)
    {
        var message = ex.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "unknown key: check its spelling against docs/configuration.md.";
        }

        if (message.Contains("LinePolarity", StringComparison.Ordinal))
        {
            return "not a polarity: write \"activeHigh\" or \"activeLow\".";
        }

        // The serializer's own text names the .NET type and position; keep only the first sentence.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message) + " Check the value's type against docs/configuration.md.";
    }
}
