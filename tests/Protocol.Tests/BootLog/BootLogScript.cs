using System.Text;
using Fixture.Protocol.BootLog;

namespace Fixture.Protocol.Tests.BootLog;

/// <summary>
/// Builds a timed UART capture the way OpenBL602 emits it: direct printf lines leave whole at their
/// time; OpenBeken's threaded lines go through a ring buffer that a log task drains in 128-byte
/// chunks every 10 ms (openbl602-boot.md §2b), so direct lines can land inside them.
/// </summary>
internal sealed class BootLogScript
{
    public static readonly TimeSpan LogTaskPeriod = TimeSpan.FromMilliseconds(10);
    public const int LogChunkSize = 128;

    private readonly List<Print> prints = [];

    public BootLogScript Direct(double seconds, string line) => Add(seconds, line + "\r\n", threaded: false);

    public BootLogScript Threaded(double seconds, string line) => Add(seconds, line + "\r\n", threaded: true);

    public BootLogScript Raw(double seconds, byte[] bytes)
    {
        prints.Add(new Print(TimeSpan.FromSeconds(seconds), bytes, Threaded: false));
        return this;
    }

    /// <summary>The bytes as they leave the UART, with the time since reset at which each piece leaves.</summary>
    public IReadOnlyList<(TimeSpan At, byte[] Bytes)> Wire()
    {
        var direct = prints.Where(p => !p.Threaded).OrderBy(p => p.At).ToList();
        var threaded = prints.Where(p => p.Threaded).OrderBy(p => p.At).ToList();
        var wire = new List<(TimeSpan, byte[])>();
        var ring = new Queue<byte>();
        int d = 0, t = 0;
        for (var tick = 0; d < direct.Count || t < threaded.Count || ring.Count > 0; tick++)
        {
            var now = LogTaskPeriod * tick;
            for (; d < direct.Count && direct[d].At < now; d++)
            {
                wire.Add((direct[d].At, direct[d].Bytes));
            }

            for (; t < threaded.Count && threaded[t].At <= now; t++)
            {
                foreach (var b in threaded[t].Bytes)
                {
                    ring.Enqueue(b);
                }
            }

            if (ring.Count > 0)
            {
                var chunk = new byte[Math.Min(LogChunkSize, ring.Count)];
                for (var i = 0; i < chunk.Length; i++)
                {
                    chunk[i] = ring.Dequeue();
                }

                wire.Add((now, chunk));
            }
        }

        return wire;
    }

    public byte[] Bytes() => [.. Wire().SelectMany(piece => piece.Bytes)];

    public string Text() => Encoding.Latin1.GetString(Bytes());

    /// <summary>Feeds every piece at its time, as the station's capture loop would.</summary>
    public BootLogAnalyzer FeedTo(BootLogAnalyzer analyzer)
    {
        foreach (var (at, bytes) in Wire())
        {
            analyzer.Feed(bytes, at);
        }

        return analyzer;
    }

    private BootLogScript Add(double seconds, string text, bool threaded)
    {
        prints.Add(new Print(TimeSpan.FromSeconds(seconds), Encoding.Latin1.GetBytes(text), threaded));
        return this;
    }

    private sealed record Print(TimeSpan At, byte[] Bytes, bool Threaded);
}
