namespace Fixture.Simulator.Uart;

/// <summary>
/// What a UART set to one rate makes of bytes sent back-to-back at another: the sender's
/// start/data/stop bits are sampled at the receiver's bit centres, as real hardware does.
/// Within tolerance the bytes pass unchanged; beyond it they come out garbled, and the same
/// input always garbles the same way (a loader snapped to the wrong rate never says a readable OK).
/// </summary>
public static class UartReceiver
{
    /// <summary>True when a receiver at <paramref name="receiverBaud"/> reads a sender at <paramref name="senderBaud"/> cleanly.</summary>
    public static bool WithinTolerance(int senderBaud, int receiverBaud, double tolerance) =>
        Math.Abs((double)senderBaud / receiverBaud - 1.0) <= tolerance;

    /// <summary>The bytes a receiver at <paramref name="receiverBaud"/> decodes from <paramref name="sent"/> sent at <paramref name="senderBaud"/>.</summary>
    public static byte[] Decode(ReadOnlySpan<byte> sent, int senderBaud, int receiverBaud, double tolerance)
    {
        if (WithinTolerance(senderBaud, receiverBaud, tolerance))
        {
            return sent.ToArray();
        }

        // Time is measured in sender bit periods; the receiver's bit lasts `ratio` of them.
        var ratio = (double)senderBaud / receiverBaud;
        var totalBits = sent.Length * 10;
        var output = new List<byte>(sent.Length);
        double searchFrom = 0;
        while (true)
        {
            var edge = NextFallingEdge(sent, searchFrom, totalBits);
            if (edge < 0)
            {
                break;
            }

            if (Level(sent, edge + (0.5 * ratio)) != 0)
            {
                searchFrom = edge + 1; // glitch, not a start bit
                continue;
            }

            var value = 0;
            for (var bit = 0; bit < 8; bit++)
            {
                if (Level(sent, edge + ((bit + 1.5) * ratio)) != 0)
                {
                    value |= 1 << bit;
                }
            }

            output.Add((byte)value);
            searchFrom = edge + (9.5 * ratio); // the stop-bit sample; the next start is searched after it
        }

        return [.. output];
    }

    private static int NextFallingEdge(ReadOnlySpan<byte> sent, double from, int totalBits)
    {
        for (var k = Math.Max(1, (int)Math.Ceiling(from)); k < totalBits; k++)
        {
            if (Level(sent, k - 0.5) == 1 && Level(sent, k + 0.5) == 0)
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>Line level at time <paramref name="t"/> (in sender bit periods): idle high, start 0, data LSB first, stop 1.</summary>
    private static int Level(ReadOnlySpan<byte> sent, double t)
    {
        if (t < 0)
        {
            return 1;
        }

        var bitIndex = (long)Math.Floor(t);
        var byteIndex = bitIndex / 10;
        if (byteIndex >= sent.Length)
        {
            return 1;
        }

        var position = (int)(bitIndex % 10);
        return position switch
        {
            0 => 0,
            9 => 1,
            _ => (sent[(int)byteIndex] >> (position - 1)) & 1,
        };
    }
}
