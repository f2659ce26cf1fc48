using System.Diagnostics;
using Fixture.Protocol.Json;

namespace Fixture.Protocol.Tests.Json;

public sealed class InputFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fixture-input-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableFact]
    public void A_character_device_is_refused_as_not_a_regular_file_without_reading_it()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/dev/zero"), "needs Linux's /dev/zero");

        var error = Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes("/dev/zero", 1024 * 1024));

        Assert.Equal(InputFileProblem.NotARegularFile, error.Problem);
        Assert.Equal("/dev/zero: is not a regular file but a character device: name a file", error.Message);
    }

    [SkippableFact]
    public void A_fifo_is_refused_instead_of_waiting_for_a_writer()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs are made with mkfifo on Linux");
        var fifo = Path.Combine(_folder, "pipe.json");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Skip.If(mkfifo.ExitCode != 0, "mkfifo failed");
        }

        // Opening a FIFO for reading blocks until a writer comes: the check must not open it. A hang fails the run.
        var error = Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(fifo, 1024));

        Assert.Equal(InputFileProblem.NotARegularFile, error.Problem);
        Assert.Contains("a pipe (FIFO)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_refused_as_not_a_file()
    {
        var error = Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(_folder, 1024));

        Assert.Equal(InputFileProblem.NotARegularFile, error.Problem);
        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_with_its_size_and_the_reason_for_the_limit()
    {
        var path = Path.Combine(_folder, "big.bin");
        File.WriteAllBytes(path, new byte[5000]);

        var error = Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(path, 4096, "the 4 KiB a test allows"));

        Assert.Equal(InputFileProblem.TooLarge, error.Problem);
        Assert.Equal($"{path}: is 5,000 bytes, larger than 4,096 (the 4 KiB a test allows): is it the right file?", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(10_000)]
    public void A_file_up_to_the_limit_is_read_whole(int length)
    {
        var path = Path.Combine(_folder, "ok.bin");
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(path, bytes);

        Assert.Equal(bytes, InputFile.ReadAllBytes(path, 10_000));
    }

    [SkippableFact]
    public void A_file_that_reports_no_size_is_still_held_to_the_limit()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/proc/self/maps"), "needs Linux's /proc");

        // /proc files are regular files of length 0 whose content is made as they are read.
        var error = Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes("/proc/self/maps", 16));

        Assert.Equal(InputFileProblem.TooLarge, error.Problem);
        Assert.Contains("more than 16 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_not_found()
    {
        var error = Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(Path.Combine(_folder, "none.json"), 10));

        Assert.Equal(InputFileProblem.NotFound, error.Problem);
        Assert.EndsWith("none.json: file not found", error.Message, StringComparison.Ordinal);
    }
}
