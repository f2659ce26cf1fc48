using System.Security.Cryptography;
using Fixture.Controller.Station;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Protocol.Json;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;

namespace Fixture.Controller.Configuration;

/// <summary>A station configuration that passed every check, with its approval pin and report folder.</summary>
/// <param name="File">The configuration as read (its own SHA-256, workflow, simulation).</param>
/// <param name="Config">Its hardware as the station's composition runs it (the simulated station widened by --sockets).</param>
/// <param name="ReportFolder">Where reports go (an existing folder, or one the station creates in an existing parent).</param>
public sealed record CheckedConfiguration(StationConfiguration File, StationConfig Config, ReportFolder ReportFolder)
{
    public string ConfigPath => File.File;

    /// <summary>SHA-256 of the configuration file's bytes (the widened simulated layout keeps the file's).</summary>
    public string ConfigSha256 => File.Sha256;

    public string ReportDirectory => ReportFolder.Path;
}

/// <summary>A configuration and recipe that passed every check, and what they resolve to.</summary>
public sealed record CheckedStation(CheckedConfiguration Configuration, string RecipePath, Recipe Recipe, FlashPlan Plan)
{
    /// <summary>One flash plan per flash-size variant, in the order of <see cref="Recipe.Variants"/> (the first is <see cref="Plan"/>).</summary>
    public IReadOnlyList<FlashPlan> Plans { get; init; } = [Plan];

    public string ConfigPath => Configuration.ConfigPath;

    public StationConfig Config => Configuration.Config;

    public string ConfigSha256 => Configuration.ConfigSha256;

    public string ReportDirectory => Configuration.ReportDirectory;
}

/// <summary>
/// Everything a station checks before it touches a line, in one place for `run`, `flash`, `config validate`
/// and `config pin`: the configuration (read by <see cref="StationConfigReader"/>) and its approval pin
/// (FILE.sha256), the hardware as the station's <see cref="StationComposition"/> runs it, the report folder (<see cref="ReportFolder"/>), the recipe with the
/// configuration's pin of it (workflow.recipe.sha256), every input file and the flash plan. Each refusal is
/// a <see cref="StationSetupException"/> (exit 2) naming the file and key; nothing is created or written.
/// </summary>
public static class StationChecks
{
    /// <summary>The pin file beside a configuration: its SHA-256 as approved by `fixture config pin`.</summary>
    public static string PinFile(string configPath) => configPath + ".sha256";

    /// <summary>Configuration, recipe and plan of a line station, as `run` needs them.</summary>
    /// <exception cref="StationSetupException">Bad input (exit 2).</exception>
    public static CheckedStation Check(StationOptions options) => Check(options, LineStation.Instance);

    /// <summary>Configuration, recipe and plan as <paramref name="composition"/> runs them.</summary>
    /// <exception cref="StationSetupException">Bad input (exit 2).</exception>
    internal static CheckedStation Check(StationOptions options, StationComposition composition)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(composition);
        var configuration = CheckConfiguration(options, composition);
        var recipePath = RecipePath(configuration, options)
            ?? throw new StationSetupException(ExitCodes.BadInput, $"Station configuration {configuration.ConfigPath}: workflow.recipe.file is missing: name the recipe this station flashes, or give --recipe FILE.");
        return WithRecipe(configuration, recipePath, checkRecipePin: options.RecipePath is null, composition);
    }

    /// <summary>
    /// The configuration alone: read and checked (with what <paramref name="composition"/> adds to the drivers known),
    /// its pin (unless <paramref name="ignorePin"/>), the hardware as the composition runs it, the report folder.
    /// </summary>
    /// <exception cref="StationSetupException">Bad input (exit 2).</exception>
    internal static CheckedConfiguration CheckConfiguration(StationOptions options, StationComposition composition, bool ignorePin = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(composition);
        var configPath = options.Bench is { } bench ? bench.Source : options.ConfigPath is { } given ? Path.GetFullPath(given) : composition.DefaultConfigPath();
        StationConfiguration file;
        try
        {
            file = options.Bench is { } inMemory ? inMemory.Read(Catalog(composition)) : StationConfigReader.Load(configPath, Catalog(composition));
        }
        catch (ConfigurationException e)
        {
            throw new StationSetupException(ExitCodes.BadInput, composition.Explain(e), e);
        }

        if (!ignorePin && options.Bench is null)
        {
            CheckPin(configPath, file.Sha256, composition);
        }

        var config = composition.Shape(file);
        var (key, directory) = options.ReportDirectory is { } reports ? ("--reports", reports) : ("workflow.reportDirectory", file.Workflow.ReportDirectory);
        var (folder, problem) = ReportFolder.Check(directory, key);
        if (problem is not null)
        {
            throw new StationSetupException(ExitCodes.BadInput, options.ReportDirectory is null ? $"Station configuration {configPath}: {problem}" : problem);
        }

        return new CheckedConfiguration(file, config, folder!);
    }

    /// <summary>The recipe to flash: --recipe, else the configuration's workflow.recipe.file (relative to it); null when neither names one.</summary>
    public static string? RecipePath(CheckedConfiguration configuration, StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        if (options.RecipePath is { } given)
        {
            return Path.GetFullPath(given);
        }

        return configuration.File.Workflow.Recipe is { File: { } file }
            ? Path.IsPathFullyQualified(file) ? file : Path.GetFullPath(file, Path.GetDirectoryName(configuration.ConfigPath)!)
            : null;
    }

    /// <summary>Loads the recipe and its flash plan; with <paramref name="checkRecipePin"/>, first the configuration's approval of the recipe file.</summary>
    /// <exception cref="StationSetupException">Bad input (exit 2).</exception>
    internal static CheckedStation WithRecipe(CheckedConfiguration configuration, string recipePath, bool checkRecipePin, StationComposition composition)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (checkRecipePin && configuration.File.Workflow.Recipe is { Sha256: { } pinned, File: { } file })
        {
            var actual = RecipeSha256(configuration.ConfigPath, recipePath, file);
            if (!string.Equals(actual, pinned, StringComparison.OrdinalIgnoreCase))
            {
                throw new StationSetupException(ExitCodes.BadInput,
                    $"Station configuration {configuration.ConfigPath}: workflow.recipe.sha256: recipe {file} has SHA-256 {actual}, but the configuration pins {pinned.ToLowerInvariant()}: the recipe changed since it was approved. " +
                    $"Restore the approved recipe, or re-approve it with `fixture config pin --config {configuration.ConfigPath}{composition.CommandLine}`.");
            }
        }

        try
        {
            var recipe = RecipeLoader.Load(recipePath);
            var plans = recipe.Variants.Select(FlashPlanBuilder.Build).ToList();
            return new CheckedStation(configuration, recipePath, recipe, plans[0]) { Plans = plans };
        }
        catch (RecipeException e)
        {
            throw new StationSetupException(ExitCodes.BadInput, e.Message, e);
        }
        catch (FlashPlanException e)
        {
            throw new StationSetupException(ExitCodes.BadInput, $"recipe {recipePath}: {e.Message}", e);
        }
    }

    /// <summary>What a configuration may name: the hardware drivers, and what <paramref name="composition"/> adds.</summary>
    internal static HardwareCatalog Catalog(StationComposition composition)
    {
        var catalog = HardwareCatalog.CreateForHardware();
        composition.Register(catalog);
        return catalog;
    }

    /// <summary>A configuration approved with `fixture config pin` is refused once its bytes change.</summary>
    private static void CheckPin(string configPath, string sha256, StationComposition composition)
    {
        var pinFile = PinFile(configPath);
        if (!File.Exists(pinFile))
        {
            return;
        }

        var pinned = ReadPin(pinFile);
        if (!string.Equals(pinned, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new StationSetupException(ExitCodes.BadInput,
                $"Station configuration {configPath} has SHA-256 {sha256}, but {pinFile} pins {JsonPath.Escape(pinned)}: the configuration changed since it was approved. " +
                $"Restore the approved file, or re-approve it with `fixture config pin --config {configPath}{composition.CommandLine}`.");
        }
    }

    /// <summary>The SHA-256 a pin file holds (a small text file: a hash and a line end).</summary>
    internal static string ReadPin(string pinFile)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(InputFile.ReadAllBytes(pinFile, 1024, "the size of a pin file")).Trim();
        }
        catch (InputFileException e)
        {
            throw new StationSetupException(ExitCodes.BadInput, $"Configuration pin {e.Message}", e);
        }
    }

    private static string RecipeSha256(string configPath, string recipePath, string file)
    {
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData(InputFile.ReadAllBytes(recipePath, RecipeJson.Rules.MaxBytes, "the limit for a recipe")));
        }
        catch (InputFileException e)
        {
            throw new StationSetupException(ExitCodes.BadInput, $"Station configuration {configPath}: workflow.recipe.file {file}: {e.Reason}.", e);
        }
    }
}
