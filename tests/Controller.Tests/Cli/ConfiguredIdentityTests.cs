using Fixture.Tests.Shared;

namespace Fixture.Controller.Tests.Cli;

/// <summary>
/// The MACs and chip ids a station configuration names are read by the controller (Hal knows no MACs):
/// `config validate` refuses a bad one naming its key, exit 2, before anything is touched.
/// </summary>
public sealed class ConfiguredIdentityTests : IDisposable
{
    private static readonly string Root = RepositoryRoot();
    private readonly string folder = Directory.CreateTempSubdirectory("fixture-identity-config-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fixture.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Fixture.sln not found above the test assembly.");
    }

    private (int Exit, string Output, string Error) Validate(string verificationUnits, string macBase = "70:3E:97:1E:96:66")
    {
        var config = File.ReadAllText(Path.Combine(Root, "config", "station.sim.json"))
            .Replace("\"verificationUnits\": []", $"\"verificationUnits\": {verificationUnits}", StringComparison.Ordinal);
        config = System.Text.RegularExpressions.Regex.Replace(config, "\"macBase\": \"[^\"]*\",\\s*", string.Empty);
        config = config.Replace("\"faultProfile\": \"none\",", $"\"macBase\": \"{macBase}\", \"faultProfile\": \"none\",", StringComparison.Ordinal);
        var path = Path.Combine(folder, "station.json");
        File.WriteAllText(path, config);
        return FixtureCli.Run("config", "validate", "--sim", "--config", path, "--recipe", Path.Combine(Root, "config", "recipes", "openbl602-sim", "recipe.json"));
    }

    [Fact]
    public void Verification_units_by_chip_id_and_by_the_older_mac_key_are_accepted()
    {
        var (exit, _, error) = Validate("""[ { "chipId": "AC:D8:29:6B:B7:ED", "kind": "golden" }, { "mac": "B40ECF071591", "kind": "knownBad" } ]""");

        Assert.True(exit == 0, error);
    }

    [Theory]
    [InlineData("""[ { "chipId": "AC:D8:29:6B:B7", "kind": "golden" } ]""", "workflow.verificationUnits[0].chipId")]
    [InlineData("""[ { "mac": "70:3E", "kind": "golden" } ]""", "workflow.verificationUnits[0].mac")]
    [InlineData("""[ { "chipId": "AC:D8:29:6B:B7:ED", "kind": "golden" }, { "chipId": "acd8296bb7ed", "kind": "knownBad" } ]""", "workflow.verificationUnits[1].chipId")]
    [InlineData("""[ { "kind": "golden" } ]""", "workflow.verificationUnits[0].chipId")]
    public void A_chip_id_or_MAC_that_cannot_be_used_is_refused_naming_its_key(string units, string key)
    {
        var (exit, _, error) = Validate(units);

        Assert.Equal(2, exit);
        Assert.Contains(key, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_simulation_MAC_base_that_is_not_a_MAC_is_refused_naming_its_key()
    {
        var (exit, _, error) = Validate("[]", macBase: "70:3E:97:1E:96");

        Assert.Equal(2, exit);
        Assert.Contains("simulation.macBase", error, StringComparison.Ordinal);
    }
}
