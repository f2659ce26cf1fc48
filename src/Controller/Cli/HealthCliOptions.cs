using System.CommandLine;
using Fixture.Controller.Reports.Health;

namespace Fixture.Controller.Cli;

/// <summary>The station-health options of <c>fixture report yield</c> (docs/qa-guide.md §9.3).</summary>
internal sealed class HealthCliOptions
{
    private static readonly StationHealthOptions Defaults = new();

    private readonly Option<int> recent = new("--health-recent")
    {
        Description = $"Station health: how many of each socket's or adapter's latest attempts are 'recent' (default {Defaults.RecentAttempts}).",
        HelpName = "N",
        DefaultValueFactory = _ => Defaults.RecentAttempts,
    };

    private readonly Option<int> baseline = new("--health-baseline")
    {
        Description = $"Station health: earlier attempts needed before a socket or adapter is judged (default {Defaults.MinBaselineAttempts}).",
        HelpName = "N",
        DefaultValueFactory = _ => Defaults.MinBaselineAttempts,
    };

    private readonly Option<double> factor = new("--health-factor")
    {
        Description = $"Station health: warn when a recent rate is at least this many times the baseline (and {Defaults.Sigmas:0} standard deviations above it; default {Defaults.Factor:0.0}).",
        HelpName = "X",
        DefaultValueFactory = _ => Defaults.Factor,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(recent);
        command.Options.Add(baseline);
        command.Options.Add(factor);
    }

    public bool TryRead(ParseResult parse, TextWriter error, string command, out StationHealthOptions options)
    {
        options = Defaults with { RecentAttempts = parse.GetValue(recent), MinBaselineAttempts = parse.GetValue(baseline), Factor = parse.GetValue(factor) };
        var problem = options switch
        {
            { RecentAttempts: < 1 } => $"--health-recent {options.RecentAttempts} must be at least 1",
            { MinBaselineAttempts: < 1 } => $"--health-baseline {options.MinBaselineAttempts} must be at least 1",
            { Factor: var f } when !(f > 1.0) || double.IsInfinity(f) => $"--health-factor {f} must be a number above 1 (how many times the baseline counts as well above it)",
            _ => null,
        };
        if (problem is not null)
        {
            error.WriteLine($"{command}: {problem}.");
            return false;
        }

        return true;
    }
}
