namespace Fixture.Protocol.BootLog;

/// <summary>
/// Cuts raw UART bytes into lines. `\r`, `\n` and `\r\n` all end a line (a `\r\n` split across two
/// reads is still one break). Each byte becomes one char (Latin-1), so noise stays visible but never
/// matches a pattern. A line that grows past the cap (noise with no line break) is handed on cut, in
/// pieces of the cap, and counted: the splitter never holds more than the cap, so a unit spewing bytes
/// without a line break costs time linear in the bytes.
/// </summary>
internal sealed class LogLineSplitter(int maxLineLength, Action<string, bool> onLine)
{
    private readonly char[] buffer = new char[maxLineLength];
    private int length;
    private bool lastWasCarriageReturn;

    public long BytesReceived { get; private set; }

    public long UnreadableBytes { get; private set; }

    /// <summary>Pieces handed on because the line reached the cap without a line break.</summary>
    public long CutLines { get; private set; }

    /// <summary>Characters held for the line still open (never more than the cap).</summary>
    public int Pending => length;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        BytesReceived += bytes.Length;
        foreach (var b in bytes)
        {
            if (b == (byte)'\n' && lastWasCarriageReturn)
            {
                lastWasCarriageReturn = false;
                continue;
            }

            lastWasCarriageReturn = b == (byte)'\r';
            if (b is (byte)'\r' or (byte)'\n')
            {
                Emit(complete: true);
                continue;
            }

            if (b is (< 0x20 or > 0x7E) and not (byte)'\t')
            {
                UnreadableBytes++;
            }

            buffer[length++] = (char)b;
            if (length == buffer.Length)
            {
                CutLines++;
                Emit(complete: false);
            }
        }
    }

    /// <summary>Hands on the unterminated tail at the end of a capture, marked as cut.</summary>
    public void Flush() => Emit(complete: false);

    private void Emit(bool complete)
    {
        if (length == 0)
        {
            return;
        }

        var line = new string(buffer, 0, length);
        length = 0;
        onLine(line, complete);
    }
}
