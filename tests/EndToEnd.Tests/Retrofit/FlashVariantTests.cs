using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;

namespace Fixture.EndToEnd.Tests.Retrofit;

/// <summary>
/// Issue 14 §4 through the command line: the shipped synthetic recipe has a 1MB variant (OpenBL602's 1 MB layout), so
/// the simulated 1 MB unit passes with it; a 4 MB flash has no variant and is FLASH_ID.
/// </summary>
public sealed class FlashVariantTests : IDisposable
{
    private readonly string _reports = Directory.CreateTempSubdirectory("fixture-variants-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_reports, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private static string OneMegabyteUnit => Path.Combine(AppContext.BaseDirectory, "config", "units", "bl602l10-1mb.json");

    private UnitReportRow OnlyRow() =>
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_reports, "sim-1"), "*.csv").SelectMany(UnitReportCsv.ReadAllRows));

    [Fact]
    public void The_1_MB_unit_passes_with_the_recipes_1MB_variant()
    {
        var (exit, output, error) = FixtureCli.Run("run", "--sim", "--unit", OneMegabyteUnit, "--units", "1", "--reports", _reports);

        Assert.True(exit == 0, error + output);
        var row = OnlyRow();
        Assert.Equal(UnitVerdict.Pass, row.Verdict);
        Assert.Equal("1MB", row.RecipeVariant);
        Assert.Equal("ef4014", row.JedecId);
        Assert.Equal("OpenBL602_1.17.366_1MB.bin", row.FirmwareFile);
        Assert.Equal("1.17.366", row.FirmwareVersionSeen);
    }

    [Fact]
    public void A_2_MB_unit_records_the_recipes_own_variant()
    {
        FixtureCli.Run("run", "--sim", "--units", "1", "--reports", _reports);

        var row = OnlyRow();
        Assert.Equal(UnitVerdict.Pass, row.Verdict);
        Assert.Equal("2MB", row.RecipeVariant);
        Assert.Equal("OpenBL602_1.17.366.bin", row.FirmwareFile);
    }

    [Fact]
    public void A_4_MB_unit_without_a_variant_is_FLASH_ID_naming_the_variants_there_are()
    {
        FixtureCli.Run("run", "--sim", "--fault", "1:jedec=ef4016", "--units", "1", "--reports", _reports);

        var row = OnlyRow();
        Assert.Equal(FailureCode.FlashId, row.FailureCode);
        Assert.Null(row.RecipeVariant);
        Assert.Contains("flash JEDEC id ef4016 (4096 KiB) fits no variant of recipe", row.Detail, StringComparison.Ordinal);
        Assert.Contains("2MB: ef4015; 1MB: ef4014", row.Detail, StringComparison.Ordinal);
        Assert.Null(row.EraseTime);
    }
}
