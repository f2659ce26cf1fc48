using System.Runtime.InteropServices;

namespace Fixture.Hal.Serial;

/// <summary>
/// An advisory flock on the port's device node, held while the link is open. System.IO.Ports only
/// sets TIOCEXCL, which does not stop root (or a second link in this process) from opening the same
/// port; the lock does. Windows ports are exclusive by themselves.
/// </summary>
internal sealed partial class PortLock : IDisposable
{
    private const int ORdOnly = 0;
    private const int ONoCtty = 0x100;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int ReadWriteAccess = 6;

    private int _fd;

    private PortLock(int fd)
    {
        _fd = fd;
    }

    public static PortLock Acquire(string path, string label)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new PortLock(-1);
        }

        var fd = Open(path, ORdOnly | ONoCtty | ONonBlock | OCloExec);
        if (fd < 0)
        {
            // Could not even look at it: let the port's own open report why.
            return new PortLock(-1);
        }

        if (Flock(fd, LockExclusive | LockNonBlocking) != 0)
        {
            _ = Close(fd);
            throw new HardwareFaultException(
                $"Serial port {path} for {label} is busy: another fixture or flasher holds it. Close the other program, or check that no two sockets name the same adapter.");
        }

        return new PortLock(fd);
    }

    /// <summary>Tells "busy" from "no permission" when the port's own open is refused.</summary>
    public static bool MayReadWrite(string path) => !OperatingSystem.IsLinux() || Access(path, ReadWriteAccess) == 0;

    public void Dispose()
    {
        if (_fd >= 0)
        {
            _ = Close(_fd);
            _fd = -1;
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);
}
