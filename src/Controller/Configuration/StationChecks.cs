using System.Security.Cryptography;
using Fixture.Controller.Station;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Protocol.Json;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;
using Fixture.Simulator.Hardware;

namespace Fixture.Controller.Configuration;

/// <summary>A station configuration that passed every check, with its approval pin and report folder.</summary>
/// <param name="File">The configuration as read (its own SHA-256, workflow, simulation).</param>
/// <param name="Config">Its hardware; for a simulated station widened by --sockets.</param>
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
    public string ConfigPath => Configuration.ConfigPath;

    public StationConfig Config => Configuration.Config;

    public string ConfigSha256 => Configuration.ConfigSha256;

    public string ReportDirectory => Configuration.ReportDirectory;
}

/// <summary>
/// Everything a station checks before it touches a line, in one place for `run`, `flash`, `config validate`
/// and `config pin`: the configuration (read by <see cref="StationConfigReader"/>) and its approval pin
/// (FILE.sha256), --sockets, the report folder (<see cref="ReportFolder"/>), the recipe with the
/// configuration's pin of it (workflow.recipe.sha256), every input file and the flash plan. Each refusal is
/// a <see cref="StationSetupException"/> (exit 2) naming the file and key; nothing is created or written.
/// </summary>
public static class StationChecks
{
    public const string DefaultSimulatedConfig = "config/station.sim.json";

    /// <summary>The pin file beside a configuration: its SHA-256 as approved by `fixture config pin`.</summary>
    public static string PinFile(string configPath) => configPath + ".sha256";

    /// <summary>Configuration, recipe and plan, as `run` needs them.</summary>
    /// <exception cref="StationSetupException">Bad input (exit 2).</exception>
    public static CheckedStation Check(StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = CheckConfiguration(options);
        var recipePath = RecipePath(configuration, options)
            ?? throw new StationSetupException(StationSetupException.BadInput, $"Station configuration {configuration.ConfigPath}: workflow.recipe.file is missing: name the recipe this station flashes, or give --recipe FILE.");
        return WithRecipe(configuration, recipePath, checkRecipePin: options.RecipePath is null, options.Simulated);
    }

    /// <summary>The configuration alone: read, checked, its pin (unless <paramref name="ignorePin"/>), --sockets, the report folder.</summary>
    /// <exception cref="StationSetupException">Bad input (exit 2).</exception>
    public static CheckedConfiguration CheckConfiguration(StationOptions options, bool ignorePin = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configPath = ResolveConfig(options);
        StationConfiguration file;
        try
        {
            file = StationConfigReader.Load(configPath, Catalog(options.Simulated));
        }
        catch (ConfigurationException e)
        {
            // A simulated station checked without --sim: say so first, not after every line it could not know.
            var hint = !options.Simulated && e.Problems.Any(LooksSimulated)
                ? $"{configPath} is a simulated station (its lines use the \"simulated\" driver): add --sim. Without it:{Environment.NewLine}"
                : string.Empty;
            throw new StationSetupException(StationSetupException.BadInput, hint + e.Message, e);
        }

        if (!ignorePin)
        {
            CheckPin(configPath, file.Sha256, options.Simulated);
        }

        var config = file.Hardware;
        if (options.Sockets is { } sockets)
        {
            if (!options.Simulated)
            {
                throw new StationSetupException(StationSetupException.BadInput, "--sockets only widens the simulated station (--sim); a real station's sockets are its configuration's.");
            }

            if (sockets is < 1 or > StationConfigValidator.MaxSockets)
            {
                throw new StationSetupException(StationSetupException.BadInput, $"--sockets {sockets}: a station has 1 to {StationConfigValidator.MaxSockets} sockets.");
            }

            config = SimulatedStationLayout.WithSockets(config, sockets);
        }

        var (key, directory) = options.ReportDirectory is { } given ? ("--reports", given) : ("workflow.reportDirectory", file.Workflow.ReportDirectory);
        var (folder, problem) = ReportFolder.Check(directory, key);
        if (problem is not null)
        {
            throw new StationSetupException(StationSetupException.BadInput, options.ReportDirectory is null ? $"Station configuration {configPath}: {problem}" : problem);
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
            ? Path.GetFullPath(file, Path.GetDirectoryName(configuration.ConfigPath)!)
            : null;
    }

    /// <summary>Loads the recipe and its flash plan; with <paramref name="checkRecipePin"/>, first the configuration's approval of the recipe file.</summary>
    /// <exception cref="StationSetupException">Bad input (exit 2).</exception>
    public static CheckedStation WithRecipe(CheckedConfiguration configuration, string recipePath, bool checkRecipePin, bool simulated)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (checkRecipePin && configuration.File.Workflow.Recipe is { Sha256: { } pinned, File: { } file })
        {
            var actual = RecipeSha256(configuration.ConfigPath, recipePath, file);
            if (!string.Equals(actual, pinned, StringComparison.OrdinalIgnoreCase))
            {
                throw new StationSetupException(StationSetupException.BadInput,
                    $"Station configuration {configuration.ConfigPath}: workflow.recipe.sha256: recipe {file} has SHA-256 {actual}, but the configuration pins {pinned.ToLowerInvariant()}: the recipe changed since it was approved. " +
                    $"Restore the approved recipe, or re-approve it with `fixture config pin --config {configuration.ConfigPath}{(simulated ? " --sim" : "")}`.");
            }
        }

        try
        {
            var recipe = RecipeLoader.Load(recipePath);
            return new CheckedStation(configuration, recipePath, recipe, FlashPlanBuilder.Build(recipe));
        }
        catch (RecipeException e)
        {
            throw new StationSetupException(StationSetupException.BadInput, e.Message, e);
        }
        catch (FlashPlanException e)
        {
            throw new StationSetupException(StationSetupException.BadInput, $"recipe {recipePath}: {e.Message}", e);
        }
    }

    /// <summary>What a configuration may name: the hardware drivers, and with <paramref name="simulated"/> the simulated ones.</summary>
    internal static HardwareCatalog Catalog(bool simulated)
    {
        var catalog = HardwareCatalog.CreateForHardware();
        if (simulated)
        {
            new SimulatedStationHardware(TimeProvider.System).Register(catalog);
        }

        return catalog;
    }

    internal static string ResolveConfig(StationOptions options)
    {
        if (options.ConfigPath is { } given)
        {
            return Path.GetFullPath(given);
        }

        if (!options.Simulated)
        {
            throw new StationSetupException(StationSetupException.BadInput, "No station configuration: give --config FILE for a real station, or --sim for the simulated one.");
        }

        foreach (var folder in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var candidate = Path.Combine(folder, DefaultSimulatedConfig);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new StationSetupException(StationSetupException.BadInput, $"The default simulated station {DefaultSimulatedConfig} was not found here or beside the program: run from the repository folder or give --config FILE.");
    }

    /// <summary>A configuration approved with `fixture config pin` is refused once its bytes change.</summary>
    private static void CheckPin(string configPath, string sha256, bool simulated)
    {
        var pinFile = PinFile(configPath);
        if (!File.Exists(pinFile))
        {
            return;
        }

        var pinned = ReadPin(pinFile);
        if (!string.Equals(pinned, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new StationSetupException(StationSetupException.BadInput,
                $"Station configuration {configPath} has SHA-256 {sha256}, but {pinFile} pins {JsonPath.Escape(pinned)}: the configuration changed since it was approved. " +
                $"Restore the approved file, or re-approve it with `fixture config pin --config {configPath}{(simulated ? " --sim" : "")}`.");
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
            throw new StationSetupException(StationSetupException.BadInput, $"Configuration pin {e.Message}", e);
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
            throw new StationSetupException(StationSetupException.BadInput, $"Station configuration {configPath}: workflow.recipe.file {file}: {e.Reason}.", e);
        }
    }

    private static bool LooksSimulated(ConfigurationProblem problem) =>
        problem.Message.Contains("'simulated'", StringComparison.Ordinal) || problem.Message.Contains("unknown I2C bus 'sim'", StringComparison.Ordinal);
}
