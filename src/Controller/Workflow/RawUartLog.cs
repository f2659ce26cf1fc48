using Fixture.Controller.Reports.Csv;

namespace Fixture.Controller.Workflow;

/// <summary>
/// One attempt's raw UART log (docs/qa-guide.md §1): opened when the attempt starts, named <c>nomac</c> until
/// the attempt ends, then renamed to the MAC the row holds (when one was read). What the unit printed after the
/// firmware was started goes in byte for byte; an attempt that never started the firmware gets one line from
/// the station saying how it ended, so every attempt has its file. Synchronous writes on the socket's loop (no
/// async file I/O on the unit cycle), flushed to disk when the capture ends and when the file is closed.
/// </summary>
internal sealed class RawUartLog : IDisposable
{
    private readonly string _reportDirectory;
    private readonly string _station;
    private readonly DateOnly _day;
    private readonly long _attempt;
    private readonly int _socket;
    private FileStream? _stream;

    private RawUartLog(string reportDirectory, string station, DateOnly day, long attempt, int socket)
    {
        _reportDirectory = reportDirectory;
        _station = station;
        _day = day;
        _attempt = attempt;
        _socket = socket;
    }

    /// <summary>The file relative to the report folder as it is named now (what the row's raw_log_file holds at the end).</summary>
    public string RelativePath { get; private set; } = "";

    /// <summary>Whether the firmware was started on this attempt (its boot log is in the file).</summary>
    public bool FirmwareStarted { get; private set; }

    /// <summary>Creates <c>&lt;attempt&gt;_s&lt;socket&gt;_nomac.log</c> under the day's log folder.</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static RawUartLog Open(string reportDirectory, string station, DateOnly day, long attempt, int socket)
    {
        var log = new RawUartLog(reportDirectory, station, day, attempt, socket);
        var path = ReportLayout.RawLogFile(reportDirectory, station, day, attempt, socket, null);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        log._stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete);
        log.RelativePath = ReportLayout.RawLogRelativePath(station, day, attempt, socket, null);
        return log;
    }

    /// <summary>The firmware is being started: what the unit prints from here is its boot log.</summary>
    public void MarkFirmwareStarted() => FirmwareStarted = true;

    public void Write(byte[] buffer, int offset, int count) => _stream?.Write(buffer, offset, count);

    public void Write(ReadOnlySpan<byte> bytes) => _stream?.Write(bytes);

    /// <summary>Flushes what was written to disk (the boot capture's end).</summary>
    public void Flush() => _stream?.Flush(flushToDisk: true);

    /// <summary>
    /// Closes the file — after <paramref name="endLine"/> when the firmware never started — and names it after
    /// <paramref name="mac"/> (kept as <c>nomac</c> when there is none, or when the rename fails: then
    /// <paramref name="problem"/> says why). Returns the relative path for the row.
    /// </summary>
    public string Finish(string? mac, string endLine, out string? problem)
    {
        problem = null;
        if (_stream is { } stream)
        {
            if (!FirmwareStarted)
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes($"--- fixture: {endLine} ---\r\n"));
            }

            _stream = null;
            stream.Flush(flushToDisk: true);
            stream.Dispose();
        }

        if (!string.IsNullOrEmpty(mac))
        {
            var from = ReportLayout.RawLogFile(_reportDirectory, _station, _day, _attempt, _socket, null);
            var to = ReportLayout.RawLogFile(_reportDirectory, _station, _day, _attempt, _socket, mac);
            try
            {
                File.Move(from, to, overwrite: true);
                RelativePath = ReportLayout.RawLogRelativePath(_station, _day, _attempt, _socket, mac);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = $"raw log kept as {RelativePath}: renaming it after the MAC failed ({e.Message})";
            }
        }

        return RelativePath;
    }

    public void Dispose()
    {
        if (_stream is { } stream)
        {
            _stream = null;
            stream.Flush(flushToDisk: true);
            stream.Dispose();
        }
    }
}
