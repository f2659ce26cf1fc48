using System.Diagnostics;
using System.Runtime.InteropServices;
using Fixture.Protocol.Recipes;

namespace Fixture.Lab.Benchmarks;

/// <summary>The process's CPU time, and the machine a figure was measured on.</summary>
public static class ProcessCpu
{
    /// <summary>User + kernel CPU time of every thread of this process so far.</summary>
    public static TimeSpan Used()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Threads of this process right now.</summary>
    public static int Threads()
    {
        using var process = Process.GetCurrentProcess();
        return process.Threads.Count;
    }

    /// <summary>
    /// The one-off CPU a station pays per recipe: load it (every pinned file read and hashed) and build its
    /// flash plan, xz compression included. Mean of <paramref name="builds"/>: one alone is at the mercy of
    /// the runtime's background JIT and GC threads.
    /// </summary>
    public static TimeSpan RecipeOneOff(string recipePath, int builds = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(builds, 1);
        var before = Used();
        for (var i = 0; i < builds; i++)
        {
            FlashPlanBuilder.Build(RecipeLoader.Load(recipePath));
        }

        return (Used() - before) / builds;
    }

    /// <summary>The machine's 1-minute load average (Linux), or null: how busy the shared machine was.</summary>
    public static double? LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Cores, OS, architecture, runtime and build configuration.</summary>
    public static string Machine()
    {
#if DEBUG
        const string build = "Debug build";
#else
        const string build = "Release build";
#endif
        return $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.OSArchitecture}, .NET {Environment.Version}, {build}";
    }
}
