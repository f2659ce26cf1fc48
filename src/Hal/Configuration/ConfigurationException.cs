namespace Fixture.Hal.Configuration;

/// <summary>One thing wrong in a configuration file, named by its JSON key (e.g. "sockets[1].lines.power.polarity").</summary>
public sealed record ConfigurationProblem(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}

/// <summary>
/// A station configuration was refused before any hardware was touched. The message names the
/// file, every offending key and what to change; <see cref="Problems"/> keeps them one by one.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string file, IReadOnlyList<ConfigurationProblem> problems)
        : base(Describe(file, problems))
    {
        File = file;
        Problems = problems;
    }

    public ConfigurationException(string file, ConfigurationProblem problem, Exception innerException)
        : base(Describe(file, [problem]), innerException)
    {
        File = file;
        Problems = [problem];
    }

    public string File { get; }

    public IReadOnlyList<ConfigurationProblem> Problems { get; }

    private static string Describe(string file, IReadOnlyList<ConfigurationProblem> problems) =>
        problems.Count == 1
            ? $"Station configuration {file} refused: {problems[0]}"
            : $"Station configuration {file} refused ({problems.Count} problems):{Environment.NewLine}  "
              + string.Join(Environment.NewLine + "  ", problems);
}
