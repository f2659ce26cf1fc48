namespace Fixture.Protocol.Wire;

/// <summary>
/// Base of every failure of a bootrom/loader exchange. The message says what happened, on which
/// link, and what to do next; subclasses keep the details as properties.
/// </summary>
public class IspException : Exception
{
    public IspException(string message) : base(message) { }

    public IspException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The device did not send what was awaited before the deadline (measured on the TimeProvider).</summary>
public sealed class IspTimeoutException : IspException
{
    public IspTimeoutException(string link, string awaited, TimeSpan timeout, int bytesExpected, int bytesReceived, ReadOnlySpan<byte> partial)
        : base($"{link}: no complete {awaited} within {timeout.TotalMilliseconds:0} ms " +
               $"({bytesReceived} of {bytesExpected} bytes came{(partial.IsEmpty ? "" : ": " + Convert.ToHexString(partial))}). " +
               "Check that the unit is powered, in the expected mode and at the expected baud, then retry.")
    {
        Link = link;
        Awaited = awaited;
        Timeout = timeout;
        BytesExpected = bytesExpected;
        BytesReceived = bytesReceived;
        Partial = partial.ToArray();
    }

    public string Link { get; }

    /// <summary>What was being waited for, e.g. "reply to flash_erase (0x30)".</summary>
    public string Awaited { get; }

    public TimeSpan Timeout { get; }

    public int BytesExpected { get; }

    public int BytesReceived { get; }

    /// <summary>The bytes of the incomplete item that did arrive.</summary>
    public byte[] Partial { get; }
}

/// <summary>The device sent bytes that are not a valid reply (garbage from a baud mismatch, a wrong length, a bad echo).</summary>
public class IspProtocolException : IspException
{
    public IspProtocolException(string message, ReadOnlySpan<byte> received)
        : base(received.IsEmpty ? message : $"{message} Received: {Convert.ToHexString(received)}.")
    {
        Received = received.ToArray();
    }

    /// <summary>The offending bytes as they came off the line.</summary>
    public byte[] Received { get; }
}

/// <summary>The device answered <c>FL</c> + code.</summary>
public sealed class DeviceErrorException : IspException
{
    public DeviceErrorException(string link, byte command, ushort code, bool reportedLate = false, byte? answeredFrame = null)
        : base(BuildMessage(link, command, code, reportedLate, answeredFrame))
    {
        Link = link;
        Command = command;
        Code = code;
        CodeName = DeviceErrorCodes.NameOf(code);
        ReportedLate = reportedLate;
    }

    public string Link { get; }

    /// <summary>The command that failed. For a late write error, the write (0x31/0x3F) whose data did not program.</summary>
    public byte Command { get; }

    /// <summary>The raw code (see <see cref="DeviceErrorCode"/>; codes the reference does not list are kept too).</summary>
    public ushort Code { get; }

    public string CodeName { get; }

    /// <summary>
    /// True when the loader reported a write failure after it had acknowledged the write: the
    /// <c>FL</c> arrived unsolicited, possibly where the reply to a later frame was expected.
    /// </summary>
    public bool ReportedLate { get; }

    public bool IsWriteFailure => DeviceErrorCodes.IsWriteFailure(Code);

    private static string BuildMessage(string link, byte command, ushort code, bool late, byte? answered) =>
        late
            ? $"{link}: {IspCommand.Describe(command)} failed after it was acknowledged: the loader reported FL {code:X4} ({DeviceErrorCodes.NameOf(code)})" +
              (answered is { } a ? $" while the reply to {IspCommand.Describe(a)} was expected" : "") +
              ". The region must be erased and written again; if it repeats, the flash may be worn or write-protected."
            : $"{link}: {IspCommand.Describe(command)} was refused with FL {code:X4} ({DeviceErrorCodes.NameOf(code)}). Retry the unit; if it repeats, set it aside for rework.";
}

/// <summary>No <c>OK</c> came back to a 0x55 handshake burst.</summary>
public sealed class HandshakeFailedException : IspException
{
    public HandshakeFailedException(string link, string stage, int baud, int attempts, ReadOnlySpan<byte> received)
        : base($"{link}: the {stage} did not answer the 0x55 handshake at {baud} baud after {attempts} attempt(s)" +
               (received.IsEmpty ? " (nothing came back)" : $" (received {Convert.ToHexString(received[..Math.Min(received.Length, 64)])}{(received.Length > 64 ? "…" : "")}: a baud mismatch or noise)") +
               ". Check the unit's power, the BOOT strap and the UART wiring, then retry.")
    {
        Stage = stage;
        BaudRate = baud;
        Attempts = attempts;
        Received = received.ToArray();
    }

    /// <summary>"bootrom" or "eflash_loader".</summary>
    public string Stage { get; }

    public int BaudRate { get; }

    public int Attempts { get; }

    public byte[] Received { get; }
}

/// <summary>The serial stream itself failed or closed (adapter unplugged, port closed).</summary>
public sealed class IspLinkException : IspException
{
    public IspLinkException(string message, Exception? inner)
        : base(message, inner ?? new EndOfStreamException()) { }
}
