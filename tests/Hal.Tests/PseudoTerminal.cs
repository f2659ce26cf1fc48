using System.Runtime.InteropServices;

namespace Fixture.Hal.Tests;

/// <summary>
/// A Linux pseudo-terminal pair: the slave path is opened by the code under test as a serial port,
/// the master side plays the unit's UART.
/// </summary>
internal sealed partial class PseudoTerminal : IDisposable
{
    private const int ORdWr = 2;
    private const int ONoCtty = 0x100;
    private const short PollIn = 1;

    private int _master;

    private PseudoTerminal(int master, string slavePath)
    {
        _master = master;
        SlavePath = slavePath;
    }

    public string SlavePath { get; }

    public static PseudoTerminal? TryOpen()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/dev/ptmx"))
        {
            return null;
        }

        var master = PosixOpenpt(ORdWr | ONoCtty);
        if (master < 0)
        {
            return null;
        }

        var name = Grantpt(master) == 0 && Unlockpt(master) == 0 ? Ptsname(master) : IntPtr.Zero;
        if (name == IntPtr.Zero)
        {
            _ = Close(master);
            return null;
        }

        return new PseudoTerminal(master, Marshal.PtrToStringUTF8(name)!);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        var written = 0;
        while (written < bytes.Length)
        {
            var n = WriteFd(_master, bytes[written..], (nint)(bytes.Length - written));
            if (n <= 0)
            {
                throw new IOException($"write to the pty master failed (errno {Marshal.GetLastPInvokeError()})");
            }

            written += (int)n;
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes or throws after <paramref name="timeout"/>.</summary>
    public byte[] Read(int count, TimeSpan timeout)
    {
        var buffer = new byte[count];
        var got = 0;
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (got < count)
        {
            var left = (int)Math.Max(0, deadline - Environment.TickCount64);
            var poll = new PollFd { Fd = _master, Events = PollIn };
            if (Poll(ref poll, 1, left) <= 0)
            {
                throw new TimeoutException($"pty master: {got} of {count} bytes after {timeout}");
            }

            var n = ReadFd(_master, buffer.AsSpan(got), count - got);
            if (n <= 0)
            {
                throw new IOException($"read from the pty master failed (errno {Marshal.GetLastPInvokeError()})");
            }

            got += (int)n;
        }

        return buffer;
    }

    /// <summary>The line speed the slave side is set to (termios is shared by the pair).</summary>
    public uint OutputSpeedConstant()
    {
        var termios = new byte[128];
        return TcGetAttr(_master, termios) == 0 ? CfGetOSpeed(termios) : throw new IOException("tcgetattr failed");
    }

    /// <summary>Hangs up: the slave side sees the line vanish (as when a USB adapter is unplugged).</summary>
    public void CloseMaster()
    {
        if (_master >= 0)
        {
            _ = Close(_master);
            _master = -1;
        }
    }

    public void Dispose() => CloseMaster();

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    private static partial int PosixOpenpt(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    private static partial int Grantpt(int fd);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    private static partial int Unlockpt(int fd);

    [LibraryImport("libc", EntryPoint = "ptsname", SetLastError = true)]
    private static partial IntPtr Ptsname(int fd);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteFd(int fd, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFd(int fd, Span<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int TcGetAttr(int fd, byte[] termios);

    [LibraryImport("libc", EntryPoint = "cfgetospeed")]
    private static partial uint CfGetOSpeed(byte[] termios);
}
