using System.Diagnostics;

namespace Fixture.Protocol.Tests.Compression;

/// <summary>
/// The <c>xz</c> command (liblzma's reference tool), where the machine has it. CI machines may
/// have only the .NET SDK: tests skip just the assertions that need it.
/// </summary>
internal static class XzCommand
{
    private static readonly Lazy<bool> Installed = new(() =>
    {
        try
        {
            return Run([], "--version").ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public static bool IsInstalled => Installed.Value;

    public static void SkipUnlessInstalled() =>
        Skip.IfNot(IsInstalled, "the xz command is not installed here; liblzma's opinion of the stream is not checked");

    /// <summary>Runs xz with <paramref name="input"/> on standard input; returns exit code, standard output and error.</summary>
    public static (int ExitCode, byte[] Output, string Error) Run(byte[] input, params string[] arguments)
    {
        var start = new ProcessStartInfo("xz")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        copyOut.GetAwaiter().GetResult();
        var errorText = error.GetAwaiter().GetResult();
        process.WaitForExit();
        return (process.ExitCode, output.ToArray(), errorText);
    }

    /// <summary>liblzma's preset-6 .xz with the loader's settings: what the vendor tool sends.</summary>
    public static byte[] CompressPreset6(byte[] input)
    {
        var (exitCode, output, error) = Run(input, "--format=xz", "--check=crc32", "--lzma2=preset=6,dict=32KiB", "-c");
        Assert.True(exitCode == 0, $"xz failed: {error}");
        return output;
    }

    /// <summary>The tab-separated lines of <c>xz --robot --list -vv</c> for <paramref name="stream"/>.</summary>
    public static string[][] RobotList(byte[] stream)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fixture-xz-{Guid.NewGuid():N}.xz");
        try
        {
            File.WriteAllBytes(path, stream);
            var (exitCode, output, error) = Run([], "--robot", "--list", "-vv", path);
            Assert.True(exitCode == 0, $"xz --list failed: {error}");
            return System.Text.Encoding.UTF8.GetString(output)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('\t'))
                .ToArray();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
