using System.Text;

namespace Fixture.Lab.Benchmarks;

/// <summary>
/// docs/results.md: one "## Section" per benchmark, each owned by its command. Writing a section
/// replaces only that section (from its heading to the next "## " heading) and keeps the rest,
/// so the flashing and yield benchmarks can share the file.
/// </summary>
public static class ResultsDocument
{
    public const string Title = "# Results\n\nMeasured figures, with the command that produced them and the machine they came from.\n";

    /// <summary>Appends the "Command:" paragraph with <paramref name="command"/> in a code block, as every section starts.</summary>
    public static void AppendCommand(StringBuilder text, string command)
    {
        ArgumentNullException.ThrowIfNull(text);
        text.AppendLine("Command:");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(command);
        text.AppendLine("```");
        text.AppendLine();
    }

    /// <summary>Creates <paramref name="path"/> or replaces its <paramref name="section"/> with <paramref name="body"/>.</summary>
    public static void WriteSection(string path, string section, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(section);
        ArgumentNullException.ThrowIfNull(body);
        var text = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : Title;
        File.WriteAllText(path, Replace(text, section, body), new UTF8Encoding(false));
    }

    /// <summary><paramref name="document"/> with <paramref name="section"/>'s content replaced (appended when absent).</summary>
    public static string Replace(string document, string section, string body)
    {
        ArgumentNullException.ThrowIfNull(document);
        var heading = $"## {section}";
        var lines = document.ReplaceLineEndings("\n").Split('\n').ToList();
        var start = lines.FindIndex(l => l.TrimEnd() == heading);
        var replacement = new List<string> { heading, string.Empty };
        replacement.AddRange(body.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        if (start < 0)
        {
            while (lines.Count > 0 && lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }

            lines.Add(string.Empty);
            lines.AddRange(replacement);
            lines.Add(string.Empty);
            return string.Join('\n', lines);
        }

        var end = lines.FindIndex(start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        end = end < 0 ? lines.Count : end;
        replacement.Add(string.Empty);
        var tail = lines.Skip(end).ToList();
        var result = lines.Take(start).Concat(replacement).Concat(tail).ToList();
        while (result.Count > 1 && result[^1].Length == 0 && result[^2].Length == 0)
        {
            result.RemoveAt(result.Count - 1);
        }

        if (result[^1].Length != 0)
        {
            result.Add(string.Empty);
        }

        return string.Join('\n', result);
    }
}
