using Fixture.Controller.Reports;

namespace Fixture.Controller.Tests.Workflow;

public sealed class OperatorGuideTests
{
    [Fact]
    public void Operator_guide_gives_every_failure_code_with_the_catalogues_words()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "operator-guide.md"));
        foreach (var info in FailureCodes.All)
        {
            Assert.Contains($"| `{info.Text}` | {info.Explanation} | {info.NextStep} |", guide, StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Fixture.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Fixture.sln not found above the test's folder.");
    }
}
