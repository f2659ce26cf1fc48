using Fixture.Lab.Benchmarks;

namespace Fixture.Controller.Tests.Benchmarks;

public class ResultsDocumentTests
{
    private const string TwoSections = "# Results\n\nIntro.\n\n## Yield report\n\nyield figures\n\n## Flashing\n\nold flashing figures\nmore old lines\n\n## Soak\n\nsoak figures\n";

    [Fact]
    public void Replacing_a_section_keeps_every_other_section_word_for_word()
    {
        var updated = ResultsDocument.Replace(TwoSections, "Flashing", "new figures\n");

        Assert.Equal("# Results\n\nIntro.\n\n## Yield report\n\nyield figures\n\n## Flashing\n\nnew figures\n\n## Soak\n\nsoak figures\n", updated);
    }

    [Fact]
    public void A_missing_section_is_appended_at_the_end()
    {
        var updated = ResultsDocument.Replace("# Results\n\n## Yield report\n\nyield figures\n\n", "Flashing", "figures");

        Assert.Equal("# Results\n\n## Yield report\n\nyield figures\n\n## Flashing\n\nfigures\n", updated);
    }

    [Fact]
    public void The_last_section_is_replaced_up_to_the_end_of_the_file()
    {
        var updated = ResultsDocument.Replace("# Results\n\n## Flashing\n\nold\n", "Flashing", "new");

        Assert.Equal("# Results\n\n## Flashing\n\nnew\n", updated);
    }

    [Fact]
    public void Writing_creates_the_file_with_its_title_when_it_does_not_exist()
    {
        var path = Path.Combine(Path.GetTempPath(), $"results-{Guid.NewGuid():N}.md");
        try
        {
            ResultsDocument.WriteSection(path, "Flashing", "figures");

            var text = File.ReadAllText(path);
            Assert.StartsWith("# Results\n", text, StringComparison.Ordinal);
            Assert.EndsWith("## Flashing\n\nfigures\n", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
