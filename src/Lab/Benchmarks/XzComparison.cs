using System.Diagnostics;
using Fixture.Protocol.Plans;

namespace Fixture.Lab.Benchmarks;

/// <summary>
/// Our xz streams against liblzma's (the `xz` program, <c>-6 --lzma2=dict=32KiB --check=crc32</c>: the loader's
/// dictionary and check) for the same images: summed over the plan's compressed regions.
/// </summary>
/// <param name="OurBytes">Our xz bytes, summed (null when not compared).</param>
/// <param name="LiblzmaBytes">liblzma's xz bytes for the same images, summed.</param>
/// <param name="Reason">Why there is no ratio (no `xz` program, it failed), or null.</param>
public sealed record XzComparison(long? OurBytes, long? LiblzmaBytes, string? Reason)
{
    /// <summary>The target (issue 10): our size at most 1.02 × liblzma's.</summary>
    public const double Target = 1.02;

    public static readonly string[] XzArguments = ["-6", "--lzma2=dict=32KiB", "--check=crc32", "--stdout", "--quiet"];

    public double? Ratio => OurBytes is { } ours && LiblzmaBytes is > 0 ? (double)ours / LiblzmaBytes.Value : null;

    public static XzComparison Measure(FlashPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        long ours = 0;
        long theirs = 0;
        foreach (var region in plan.Regions.Where(r => r.Compressed is { Length: > 0 }))
        {
            ours += region.Compressed!.Value.Length;
            var (size, problem) = Liblzma(region.Data);
            if (size is null)
            {
                return new XzComparison(null, null, $"{region.Name}: {problem}");
            }

            theirs += size.Value;
        }

        return theirs == 0 ? new XzComparison(null, null, "the plan has no compressed region") : new XzComparison(ours, theirs, null);
    }

    private static (long? Size, string Problem) Liblzma(ReadOnlyMemory<byte> data)
    {
        var start = new ProcessStartInfo("xz")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in XzArguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            using var counter = new MemoryStream();
            // Read while writing: xz's output pipe would fill and stop it before it had read all its input.
            var read = process.StandardOutput.BaseStream.CopyToAsync(counter);
            process.StandardInput.BaseStream.Write(data.Span);
            process.StandardInput.Close();
            read.GetAwaiter().GetResult();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? (counter.Length, string.Empty) : (null, $"xz exited {process.ExitCode}: {error.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, $"the xz program was not found ({e.Message}); install xz-utils");
        }
    }
}
