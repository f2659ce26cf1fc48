using Fixture.Hal.Configuration;

namespace Fixture.Hal.Drivers;

/// <summary>Key checks several drivers share.</summary>
internal static class LineChecks
{
    public static void RequireLine(LineConfig line, LineSite site, int max, string device, ICollection<ConfigurationProblem> problems)
    {
        if (line.Line is not { } number)
        {
            problems.Add(new($"{site.Key}.line", $"missing: give the line number on the {device}."));
        }
        else if (number < 0 || number > max)
        {
            problems.Add(new($"{site.Key}.line", $"{number} is not a line of the {device} (0–{max})."));
        }
    }

    public static void RequireChip(LineConfig line, LineSite site, string what, ICollection<ConfigurationProblem> problems)
    {
        if (line.Chip is not { } chip)
        {
            problems.Add(new($"{site.Key}.chip", $"missing: give the {what}."));
        }
        else if (chip < 0)
        {
            problems.Add(new($"{site.Key}.chip", $"{chip} is not a chip number."));
        }
    }

    public static HardwareFaultException OpenFailure(LineSite site, string device, string check, Exception inner) =>
        new($"{site.Label} ({site.Key}): {device} could not be opened: {inner.Message} {check}", inner);

    public static bool IsOpenFailure(Exception ex) =>
        GpioFailure(ex) || ex is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or BadImageFormatException;

    private static bool GpioFailure(Exception ex) => Lines.GpioControlLine.IsDriverFailure(ex);
}
