using System.CommandLine;
using System.Globalization;
using System.Text;
using Fixture.Protocol.Backup;
using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Compression;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Images;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Wire;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Timing;

namespace Fixture.Lab.Benchmarks;

/// <summary>One loader rate's whole-flash backup read, in modelled time.</summary>
/// <param name="Baud">The loader rate.</param>
/// <param name="Timing">"1.5 ms" (the default adapter turnaround) or "16 ms" (FTDI).</param>
/// <param name="Read">0x32 frames over the whole flash.</param>
/// <param name="Hash">The loader's 0x3D over the same range.</param>
/// <param name="Frames">0x32 frames sent.</param>
/// <param name="FlashBytes">The flash read (2 MiB).</param>
/// <param name="CompressedBytes">Its .xz size as the backup file holds it.</param>
public sealed record BackupReadRun(int Baud, string Timing, TimeSpan Read, TimeSpan Hash, long Frames, long FlashBytes, long CompressedBytes)
{
    public TimeSpan Total => Read + Hash;
}

/// <summary>
/// `fixture-lab bench backup` (issue 14 §3): what the stock-firmware backup costs per unit. A factory-fresh stock
/// unit with a 2 MB flash (W25Q16, the simulator's default) is taken into the eflash_loader at each loader rate, and
/// the station's own reader (<see cref="FlashBackupReader"/>, 0x32 in the helper's largest frames, then 0x3D over the
/// same range) reads it, on the simulator's modelled clock: the same figures on every run and every machine.
/// </summary>
public static class BackupReadBenchmark
{
    /// <summary>The heading of its section in docs/results.md.</summary>
    public const string Section = "Stock firmware backup";

    /// <summary>The loader rates measured: the eflash_loader's usable rates above 970 000, and the common lower ones.</summary>
    public static IReadOnlyList<int> Bauds { get; } = [3_000_000, 2_000_000, 1_500_000, 1_000_000, 921_600, 500_000, 230_400];

    public static IReadOnlyList<BackupReadRun> Run()
    {
        var runs = new List<BackupReadRun>();
        foreach (var baud in Bauds)
        {
            runs.Add(Measure(baud, TimingModel.Default, "1.5 ms"));
        }

        runs.Add(Measure(2_000_000, TimingModel.Ftdi, "16 ms"));
        return runs;
    }

    /// <summary>One fresh stock unit read whole at <paramref name="baud"/>.</summary>
    public static BackupReadRun Measure(int baud, TimingModel timing, string timingName)
    {
        ArgumentNullException.ThrowIfNull(timing);
        var assets = SyntheticAssets.Get(1);
        var helper = HelperImage.Parse(assets.Helper, "eflash_loader_40m.bin");
        var chunk = FlashBackupReader.ChunkSizeFor(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(assets.Helper)));
        var bench = new BenchUnit(timing, UnitFaults.None);
        return VirtualTime.Run(bench.Clock, async () =>
        {
            bench.Open(500_000);
            await bench.EnterBootModeAsync(CancellationToken.None);
            using var channel = new ByteChannel(bench.Wire, bench.Clock, bench.Link.PortName);
            var bootrom = new BootromClient(channel, bench.Clock, FlashProfile.Fast.Bootrom);
            await bootrom.HandshakeAsync(500_000);
            await bootrom.LoadHelperAsync(helper);
            bench.Link.SetBaudRate(baud);
            var loader = new LoaderClient(channel, bench.Clock, FlashProfile.Fast.Loader);
            await loader.HandshakeAsync(baud);
            var jedec = await loader.ReadJedecIdAsync();
            var size = (int)jedec.CapacityBytes;
            var framesBefore = bench.Wire.Writes;
            var started = bench.Clock.GetTimestamp();
            var image = await loader.ReadAsync(0, size, chunk);
            var read = bench.Clock.GetElapsedTime(started);
            var frames = bench.Wire.Writes - framesBefore;
            started = bench.Clock.GetTimestamp();
            var device = await loader.ReadShaAsync(0, (uint)size);
            var hash = bench.Clock.GetElapsedTime(started);
            if (!device.AsSpan().SequenceEqual(System.Security.Cryptography.SHA256.HashData(image)))
            {
                throw new InvalidOperationException($"bench backup at {baud} baud: the read does not match the loader's SHA-256 (a simulator defect)");
            }

            return new BackupReadRun(baud, timingName, read, hash, frames, size, XzEncoder.Encode(image).LongLength);
        });
    }

    /// <summary>The Markdown body of the section.</summary>
    public static string Render(IReadOnlyList<BackupReadRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var inv = CultureInfo.InvariantCulture;
        var first = runs.Count > 0 ? runs[0] : throw new ArgumentException("no runs to render", nameof(runs));
        var text = new StringBuilder();
        ResultsDocument.AppendCommand(text, "dotnet run --project src/Lab -- bench backup --write docs/results.md");
        text.AppendLine("What the stock-firmware backup (`workflow.backupDirectory`, `--backup`; issue 14 §3) adds to a unit's cycle:");
        text.AppendLine("the whole 2 MB flash of a factory-fresh stock unit read with flash_read (0x32) in the helper's largest");
        text.AppendLine(inv, $"frames ({first.FlashBytes / Math.Max(1, first.Frames)} bytes, {first.Frames} frames), then the loader's SHA-256 of the same range (0x3D), as");
        text.AppendLine("`FlashBackupReader` does on the station. Modelled time (`VirtualTime` + `SimulationClock`, `TimingModel` of");
        text.AppendLine("docs/simulator.md): the same on every run and machine. Once per unit (a unit with a backup in the folder is not");
        text.AppendLine("read again); the .xz writing is host CPU and not in these figures.");
        text.AppendLine();
        text.AppendLine("| loader baud | adapter turnaround | 0x32 read | 0x3D hash | backup total | effective |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            var rate = run.FlashBytes / run.Read.TotalSeconds / 1024;
            text.AppendLine(inv, $"| {run.Baud:N0} | {run.Timing} | {run.Read.TotalSeconds:0.00} s | {run.Hash.TotalSeconds:0.00} s | {run.Total.TotalSeconds:0.00} s | {rate:0} KiB/s |");
        }

        text.AppendLine();
        text.AppendLine(inv, $"A backup file of this unit is {first.CompressedBytes:N0} bytes of .xz (of {first.FlashBytes:N0}). The read is bound by the");
        text.AppendLine("line (10 bits per byte plus each frame's turnaround); the hash by the flash (10 MB/s read). A 1 MB unit takes half.");
        return text.ToString();
    }

    /// <summary>`fixture-lab bench backup [--write FILE]`.</summary>
    public static Command Command()
    {
        var write = new Option<string?>("--write")
        {
            Description = $"Also write the figures into the \"{Section}\" section of this Markdown file (e.g. docs/results.md); other sections are kept.",
            HelpName = "FILE",
        };
        var command = new Command("backup", "Modelled time of the stock-firmware backup read (2 MB, 0x32 + 0x3D) at each loader baud.") { write };
        command.SetAction(parse =>
        {
            var body = Render(Run());
            parse.InvocationConfiguration.Output.Write(body);
            if (parse.GetValue(write) is { } path)
            {
                ResultsDocument.WriteSection(path, Section, body);
                parse.InvocationConfiguration.Output.WriteLine($"written to {path}, section \"{Section}\"");
            }

            return 0;
        });
        return command;
    }
}
