using System.Globalization;

namespace Fixture.Lab.Benchmarks.Gang;

/// <summary>
/// CPU time per thread of this process, from Linux's /proc/self/task (user + system, in clock ticks of
/// 10 ms), grouped by what runs there: the sockets' own loops (the host: workflow, protocol, reports),
/// the thread pool (in a simulated station: the simulated units' timers, UART deliveries and models),
/// and the rest (GC, JIT, the main thread). Null where /proc is not there.
/// </summary>
public sealed record ThreadCpu(IReadOnlyDictionary<int, (string Name, TimeSpan Cpu)> Threads)
{
    /// <summary>USER_HZ: the kernel reports thread times in these ticks.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    /// <summary>A sample of every live thread, or null off Linux.</summary>
    public static ThreadCpu? Sample()
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return null;
        }

        var threads = new Dictionary<int, (string, TimeSpan)>();
        foreach (var folder in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                var id = int.Parse(Path.GetFileName(folder), CultureInfo.InvariantCulture);
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));

                // "tid (comm) state ppid ...": the name may hold spaces and parentheses; fields 14 and 15 are utime, stime.
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                threads[id] = (stat[(open + 1)..close], Tick * ticks);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // The thread ended while it was being read: it is simply not in this sample.
            }
        }

        return new ThreadCpu(threads);
    }

    /// <summary>This sample, plus the last sample of threads that have ended since <paramref name="earlier"/> (their CPU up to then).</summary>
    public ThreadCpu Keeping(ThreadCpu earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var merged = new Dictionary<int, (string Name, TimeSpan Cpu)>(earlier.Threads);
        foreach (var (id, thread) in Threads)
        {
            merged[id] = thread;
        }

        return new ThreadCpu(merged);
    }

    /// <summary>CPU used between <paramref name="before"/> and this sample, by group (a thread's CPU after its last sample is missing).</summary>
    public ThreadCpuSplit Since(ThreadCpu before)
    {
        ArgumentNullException.ThrowIfNull(before);
        TimeSpan sockets = TimeSpan.Zero, pool = TimeSpan.Zero, other = TimeSpan.Zero;
        foreach (var (id, (name, cpu)) in Threads)
        {
            var used = cpu - (before.Threads.TryGetValue(id, out var was) && was.Name == name ? was.Cpu : TimeSpan.Zero);
            if (name.StartsWith("socket ", StringComparison.Ordinal))
            {
                sockets += used;
            }
            else if (name.StartsWith(".NET TP", StringComparison.Ordinal) || name.StartsWith(".NET Timer", StringComparison.Ordinal))
            {
                pool += used;
            }
            else
            {
                other += used;
            }
        }

        return new ThreadCpuSplit(sockets, pool, other);
    }
}

/// <param name="SocketLoops">The sockets' own threads: the fixture's host work.</param>
/// <param name="ThreadPool">Thread-pool and timer threads: the simulated units (and timer callbacks of the host's deadlines).</param>
/// <param name="Other">GC, JIT, finalizer, the main thread.</param>
public sealed record ThreadCpuSplit(TimeSpan SocketLoops, TimeSpan ThreadPool, TimeSpan Other);
