using System.Runtime.InteropServices;

namespace Fixture.Simulator.Uart;

/// <summary>
/// A Linux pseudo-terminal pair (posix_openpt/grantpt/unlockpt/ptsname). The simulator holds the
/// master; a flasher opens <see cref="SlavePath"/> as if it were a USB-UART. The slave is kept open
/// here too (in raw mode), so bytes written before a client sets raw mode are not echoed back and
/// the master does not read EIO between clients. The host's baud, set on the slave, is read on the
/// master: Linux applies a pty master's termios requests to its slave.
/// </summary>
public sealed partial class PseudoTerminal : IDisposable
{
    private const int OpenReadWrite = 0x2;
    private const int OpenNoControllingTerminal = 0x100;
    private const int PollIn = 0x1;
    private const uint TerminalGet2 = 0x802C542A; // TCGETS2
    private const uint BaudMask = 0x100F;          // CBAUD
    private const uint BaudOther = 0x1000;         // BOTHER

    private int _master = -1;
    private int _slave = -1;

    private PseudoTerminal(int master, int slave, string slavePath)
    {
        _master = master;
        _slave = slave;
        SlavePath = slavePath;
    }

    /// <summary>The device a client opens, e.g. /dev/pts/7.</summary>
    public string SlavePath { get; }

    /// <summary>True on Linux where /dev/ptmx exists.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && File.Exists("/dev/ptmx");

    /// <summary>Opens a new pair. Throws <see cref="IOException"/> naming the step that failed.</summary>
    public static PseudoTerminal Open()
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("pseudo-terminals need Linux with /dev/ptmx; run `fixture sim serve --pty` on a Linux machine");
        }

        var master = posix_openpt(OpenReadWrite | OpenNoControllingTerminal);
        if (master < 0)
        {
            throw Error("posix_openpt");
        }

        if (grantpt(master) != 0 || unlockpt(master) != 0)
        {
            var error = Error("grantpt/unlockpt");
            close(master);
            throw error;
        }

        var name = new byte[128];
        if (ptsname_r(master, name, (nuint)name.Length) != 0)
        {
            close(master);
            throw Error("ptsname");
        }

        var path = System.Text.Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        var slave = open(path, OpenReadWrite | OpenNoControllingTerminal);
        if (slave < 0)
        {
            close(master);
            throw Error($"open {path}");
        }

        var termios = new byte[64];
        if (tcgetattr(slave, termios) == 0)
        {
            cfmakeraw(termios);
            _ = tcsetattr(slave, 0, termios);
        }

        return new PseudoTerminal(master, slave, path);
    }

    /// <summary>The output baud the client last set on the slave (0 when it cannot be read).</summary>
    public int ReadHostBaud()
    {
        var termios2 = new byte[44];
        if (ioctl(_master, TerminalGet2, termios2) != 0)
        {
            return 0;
        }

        var cflag = BitConverter.ToUInt32(termios2, 8);
        var code = cflag & BaudMask;
        return code == BaudOther ? (int)BitConverter.ToUInt32(termios2, 40) : StandardRate(code);
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for bytes from the client and reads them; empty on timeout.</summary>
    public byte[] Read(int timeoutMs)
    {
        var poll = new PollDescriptor { Fd = _master, Events = PollIn };
        var ready = Poll(ref poll, 1, timeoutMs);
        if (ready <= 0 || (poll.ReturnedEvents & PollIn) == 0)
        {
            return [];
        }

        var buffer = new byte[4096];
        var n = read(_master, buffer, (nuint)buffer.Length);
        return n > 0 ? buffer[..(int)n] : [];
    }

    /// <summary>Writes bytes toward the client (they become readable on the slave).</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        var data = bytes.ToArray();
        var offset = 0;
        while (offset < data.Length)
        {
            var n = write(_master, data[offset..], (nuint)(data.Length - offset));
            if (n <= 0)
            {
                throw Error($"write to the master of {SlavePath}");
            }

            offset += (int)n;
        }
    }

    public void Dispose()
    {
        if (_slave >= 0)
        {
            close(_slave);
            _slave = -1;
        }

        if (_master >= 0)
        {
            close(_master);
            _master = -1;
        }
    }

    private static int StandardRate(uint code) => code switch
    {
        0x0 => 0, 0x1 => 50, 0x2 => 75, 0x3 => 110, 0x4 => 134, 0x5 => 150, 0x6 => 200, 0x7 => 300,
        0x8 => 600, 0x9 => 1200, 0xA => 1800, 0xB => 2400, 0xC => 4800, 0xD => 9600, 0xE => 19200, 0xF => 38400,
        0x1001 => 57600, 0x1002 => 115200, 0x1003 => 230400, 0x1004 => 460800, 0x1005 => 500000, 0x1006 => 576000,
        0x1007 => 921600, 0x1008 => 1000000, 0x1009 => 1152000, 0x100A => 1500000, 0x100B => 2000000,
        0x100C => 2500000, 0x100D => 3000000, 0x100E => 3500000, 0x100F => 4000000,
        _ => 0,
    };

    private static IOException Error(string step) =>
        new($"pseudo-terminal: {step} failed (errno {Marshal.GetLastPInvokeError()}); check that /dev/ptmx and /dev/pts are available");

    private static int Poll(ref PollDescriptor descriptor, nuint count, int timeoutMs) => poll(ref descriptor, count, timeoutMs);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlockpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ptsname_r(int fd, [Out] byte[] buffer, nuint length);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, [Out] byte[] buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, [In] byte[] buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(ref PollDescriptor descriptors, nuint count, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int action, [In] byte[] termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw([In, Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, uint request, [Out] byte[] argument);
}
