using System.Globalization;
using System.Text;
using Fixture.Controller.Cli;
using Fixture.Protocol.BootLog;

namespace Fixture.Lab.Benchmarks;

/// <summary>One timed `check-log` read: which log, how big, the best of the runs, and the verdict it gave.</summary>
public sealed record CheckLogRun(string Shape, long Bytes, TimeSpan Best, string Verdict)
{
    public double NanosecondsPerByte => Best.TotalMilliseconds * 1e6 / Bytes;
}

/// <summary>
/// `fixture-lab bench check-log`: times check-log's own read (<see cref="CheckLogCommand.ReadInto"/>) over
/// logs that end in a long stretch without a line break — the issue-13 case of a valid log followed by
/// NUL bytes, random noise as a unit at a wrong baud sends it, and ordinary log lines for comparison —
/// at four sizes up to the one asked for. Linear time shows as the same nanoseconds per byte at every size.
/// </summary>
public static class CheckLogBenchmark
{
    public const string Section = "check-log on long lines";

    public static readonly string[] Shapes = ["valid log + NULs", "valid log + noise", "log lines only"];

    public static IReadOnlyList<CheckLogRun> Run(string directory, double megabytes, int runs, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var results = new List<CheckLogRun>();

        // One untimed read first, so the first figure is not the JIT's.
        var warmUp = Path.Combine(directory, "warm-up.log");
        File.WriteAllBytes(warmUp, Make(Shapes[1], 1024 * 1024));
        CheckLogCommand.ReadInto(new BootLogAnalyzer(new BootLogExpectations()), warmUp, out _);
        File.Delete(warmUp);

        foreach (var shape in Shapes)
        {
            foreach (var fraction in new[] { 0.125, 0.25, 0.5, 1.0 })
            {
                var bytes = (long)(megabytes * fraction * 1024 * 1024);
                var path = Path.Combine(directory, $"bench-{results.Count}.log");
                var log = Make(shape, bytes);
                File.WriteAllBytes(path, log);
                var best = TimeSpan.MaxValue;
                var verdict = string.Empty;
                for (var i = 0; i < runs; i++)
                {
                    var analyzer = new BootLogAnalyzer(new BootLogExpectations());
                    var started = clock.GetTimestamp();
                    if (!CheckLogCommand.ReadInto(analyzer, path, out var problem))
                    {
                        throw new InvalidOperationException($"check-log refused its own benchmark log {path}: {problem}");
                    }

                    var result = analyzer.Complete();
                    var elapsed = clock.GetElapsedTime(started);
                    best = elapsed < best ? elapsed : best;
                    verdict = result.IsPass ? "PASS" : $"FAIL {result.FailureCode}";
                }

                File.Delete(path);
                results.Add(new CheckLogRun(shape, log.Length, best, verdict));
            }
        }

        return results;
    }

    public static string Render(string invocation, IReadOnlyList<CheckLogRun> runs, int runCount)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var text = new StringBuilder();
        ResultsDocument.AppendCommand(text, invocation);
        text.Append(CultureInfo.InvariantCulture, $"check-log's read of a saved log (64 KiB reads into the boot-log analyzer, then its verdict), best of {runCount} runs per size, on {Environment.ProcessorCount} cores. ");
        text.AppendLine("Linear time is the same ns/byte at every size; before issue 13 a valid log followed by NULs took 1.3 s at 0.8 MB and 25 s at 3.2 MB, and /dev/zero never returned.");
        text.AppendLine();
        text.AppendLine("| log | size | time | MB/s | ns/byte | verdict |");
        text.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var run in runs)
        {
            var mb = run.Bytes / (1024.0 * 1024.0);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Shape} | {mb:0.00} MB | {run.Best.TotalSeconds:0.000} s | {mb / run.Best.TotalSeconds:0.0} | {run.NanosecondsPerByte:0.0} | {run.Verdict} |");
        }

        return text.ToString();
    }

    // A first boot as OpenBL602 prints it, then the rest of the size in the chosen shape.
    private static byte[] Make(string shape, long size)
    {
        var log = new StringBuilder()
            .Append("Starting bl602 now....\r\nBooting BL602 Chip...\r\nOpenBL602, version 1.17.366\r\n")
            .Append("Warn:CFG:CFG_InitAndLoad: Config crc or ident mismatch. Default config will be loaded.\r\n")
            .Append("[WF][SM] start AP with ssid OpenBL602_971E9666;\r\n");
        for (var tick = 1; tick <= 8; tick++)
        {
            log.Append(CultureInfo.InvariantCulture, $"Info:MAIN:Time {tick}, idle 0/s, free 108768, MQTT 0(0), bWifi 0, secondsWithNoPing -1, socks 2/21 \r\n");
            if (tick == 6)
            {
                log.Append("Info:MAIN:Boot complete time reached (5 seconds)\r\n");
            }
        }

        var head = Encoding.ASCII.GetBytes(log.ToString());
        var bytes = new byte[Math.Max(size, head.Length)];
        head.CopyTo(bytes, 0);
        var rest = bytes.AsSpan(head.Length);
        switch (shape)
        {
            case "valid log + noise":
                new Random(13).NextBytes(rest);
                foreach (ref var b in rest)
                {
                    b = b is (byte)'\r' or (byte)'\n' ? (byte)0xFF : b;
                }

                break;
            case "log lines only":
                var line = "Info:MAIN:Time 8, idle 0/s, free 108768, MQTT 0(0), bWifi 0, secondsWithNoPing -1, socks 2/21 \r\n"u8;
                for (var i = 0; i < rest.Length; i++)
                {
                    rest[i] = line[i % line.Length];
                }

                break;
            default:
                break; // NULs
        }

        return bytes;
    }
}
