using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;

namespace Fixture.Controller.Tests.Reports;

/// <summary>docs/qa-guide.md is what QA reads: it must describe every column and every code the files can hold.</summary>
public sealed class QaGuideTests
{
    private static readonly string Guide = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "qa-guide.md"));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fixture.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Fixture.sln not found above the test assembly.");
    }

    [Fact]
    public void Every_column_is_described()
    {
        Assert.All(UnitReportCsv.ColumnNames, column => Assert.Contains($"`{column}`", Guide));
    }

    [Fact]
    public void Every_failure_code_is_described_with_the_operators_words()
    {
        Assert.All(FailureCodes.All, info =>
        {
            Assert.Contains($"| `{info.Text}` | {info.Explanation} | {info.NextStep} |", Guide);
        });
    }

    [Fact]
    public void Every_signoff_criteria_key_is_in_the_criteria_reference()
    {
        Assert.All(Fixture.Controller.Reports.Signoff.SignoffCriteriaLoader.Keys, key => Assert.Contains($"| `{key}` |", Guide));
    }
}
