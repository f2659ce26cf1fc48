using Fixture.Controller.Station;
using Fixture.Protocol.Json;
using Fixture.Protocol.Recipes;

namespace Fixture.Controller.Configuration;

/// <summary>What `fixture config pin` approved.</summary>
/// <param name="OldConfigPin">What FILE.sha256 held before (null: the configuration was not pinned).</param>
/// <param name="NewConfigPin">The configuration's SHA-256 now, in FILE.sha256.</param>
/// <param name="Recipe">The recipe the configuration names, checked with its flash plan; null when it names none.</param>
/// <param name="OldRecipePin">workflow.recipe.sha256 before (null: not pinned).</param>
/// <param name="ConfigRewritten">True when workflow.recipe.sha256 was written into the configuration.</param>
public sealed record StationApprovalResult(
    string ConfigPath,
    string PinFile,
    string? OldConfigPin,
    string NewConfigPin,
    string? OldConfigSha256,
    Recipe? Recipe,
    string? OldRecipePin,
    bool ConfigRewritten);

/// <summary>
/// `fixture config pin`: approves a station configuration together with the recipe it names. The whole
/// station is checked as `run` checks it — except the two approvals being renewed: FILE.sha256 and the
/// configuration's pin of the recipe (workflow.recipe.sha256). A recipe that changed since it was approved
/// (and that passes every check itself, flash plan included) is re-approved by writing its SHA-256 into
/// workflow.recipe.sha256 in place — comments and layout kept — so nobody edits a hash by hand; then the
/// configuration's own SHA-256 goes to FILE.sha256. Nothing is written unless everything passes.
/// </summary>
public static class StationApproval
{
    private static readonly string[] RecipeObject = ["workflow", "recipe"];

    /// <exception cref="StationSetupException">Anything `run` would refuse (exit 2); nothing written.</exception>
    public static StationApprovalResult Approve(string configPath) => Approve(configPath, LineStation.Instance);

    /// <summary>Approves the station as <paramref name="composition"/> runs it.</summary>
    /// <exception cref="StationSetupException">Anything `run` would refuse (exit 2); nothing written.</exception>
    internal static StationApprovalResult Approve(string configPath, StationComposition composition)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        ArgumentNullException.ThrowIfNull(composition);
        var options = new StationOptions { ConfigPath = configPath };
        var configuration = StationChecks.CheckConfiguration(options, composition, ignorePin: true);
        var path = configuration.ConfigPath;
        var pinFile = StationChecks.PinFile(path);
        var oldConfigPin = File.Exists(pinFile) ? StationChecks.ReadPin(pinFile) : null;
        var recipePath = StationChecks.RecipePath(configuration, options);
        var recipe = recipePath is null ? null : StationChecks.WithRecipe(configuration, recipePath, checkRecipePin: false, composition).Recipe;
        var oldRecipePin = configuration.File.Workflow.Recipe?.Sha256;

        var bytes = configuration.File.Bytes;
        var rewrite = recipe is not null && !string.Equals(oldRecipePin, recipe.Sha256, StringComparison.OrdinalIgnoreCase);
        if (rewrite)
        {
            bytes = JsonText.SetString(bytes, StationConfigReader.Rules, RecipeObject, "sha256", recipe!.Sha256);
            try
            {
                _ = StationConfigReader.Parse(bytes, path, StationChecks.Catalog(composition));
            }
            catch (Hal.Configuration.ConfigurationException e)
            {
                throw new StationSetupException(ExitCodes.BadInput, $"the configuration with the new workflow.recipe.sha256 would not be valid: {e.Message}", e);
            }

            Replace(path, bytes);
        }

        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Replace(pinFile, System.Text.Encoding.ASCII.GetBytes(sha256 + "\n"));
        return new StationApprovalResult(path, pinFile, oldConfigPin, sha256, rewrite ? configuration.ConfigSha256 : null, recipe, oldRecipePin, rewrite);
    }

    /// <summary>A sibling file flushed to disk, then moved over the target: a crash never leaves half a file.</summary>
    private static void Replace(string path, byte[] bytes)
    {
        var temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StationSetupException(ExitCodes.BadInput, $"{path}: cannot be written ({e.Message})", e);
        }
    }
}
