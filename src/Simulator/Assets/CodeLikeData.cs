using System.Buffers.Binary;
using System.Text;

namespace Fixture.Simulator.Assets;

/// <summary>
/// How code-like generated data should compress: <see cref="RepeatShare"/> is the share of output
/// bytes copied from earlier output within the LZMA2 32 KiB window (repeated prologues, inlined
/// helpers, similar call sites); the rest are fresh RV32IMC-shaped instructions with a skewed choice
/// of opcodes, registers and small immediates, plus literal pools of pointers. Tuned so xz (LZMA2,
/// preset 6, 32 KiB dictionary, CRC32) lands near the real images' sizes (fixture-design.md §7).
/// </summary>
/// <param name="RepeatShare">Fraction of bytes produced by copying earlier bytes.</param>
/// <param name="RodataShare">Fraction of the image at its end that is read-only data (strings, tables).</param>
public sealed record CodeProfile(double RepeatShare, double RodataShare)
{
    /// <summary>OpenBL602 application code: 758 240 bytes → about 405 500 bytes of xz as whole_img.bin.</summary>
    public static CodeProfile Application { get; } = new(0.422, 0.14);

    /// <summary>boot2: whole_img_boot2.bin 47 504 bytes → about 22 164 bytes of xz.</summary>
    public static CodeProfile Boot2 { get; } = new(0.425, 0.10);

    /// <summary>The flash helper (RAM code, not measured; like boot2).</summary>
    public static CodeProfile Helper { get; } = new(0.47, 0.10);
}

/// <summary>Fills buffers with deterministic code-like bytes and embeds given strings in the read-only part.</summary>
internal static class CodeLikeData
{
    private static readonly (uint Opcode, int Weight)[] Opcodes =
    [
        (0x03, 18), // loads
        (0x23, 14), // stores
        (0x13, 26), // OP-IMM (addi, slli …)
        (0x33, 10), // OP (add, sub …)
        (0x37, 5), // lui
        (0x17, 3), // auipc
        (0x6F, 8), // jal
        (0x67, 3), // jalr
        (0x63, 13), // branches
    ];

    // a0-a5, sp, ra, s0, s1 dominate real code.
    private static readonly int[] CommonRegisters = [10, 11, 12, 13, 14, 15, 2, 1, 8, 9, 10, 11, 15, 14, 2, 8];

    private static readonly string[] Words =
    [
        "error", "failed", "init", "wifi", "mgmr", "task", "timer", "config", "flash", "uart", "gpio", "pwm",
        "mqtt", "http", "dhcp", "lwip", "netif", "socket", "buffer", "alloc", "free", "state", "event",
        "connect", "disconnect", "scan", "start", "stop", "done", "ready", "invalid", "param", "length",
        "timeout", "retry", "status", "channel", "ssid", "password", "station", "access point", "%s", "%d",
        "%u", "%08lx", "%p", "\r\n", "[%s] ", "0x%08x", "null", "ok", "reset", "reboot", "version",
    ];

    /// <summary>
    /// Fills <paramref name="destination"/> with code followed by read-only data into which the
    /// <paramref name="strings"/> (NUL-terminated, in order, each preceded by a NUL) are embedded.
    /// </summary>
    public static void Fill(Span<byte> destination, SeededRandom random, CodeProfile profile, IReadOnlyList<string> strings)
    {
        var rodataLength = (int)(destination.Length * profile.RodataShare);
        var textLength = destination.Length - rodataLength;
        FillText(destination[..textLength], random, profile);
        FillRodata(destination[textLength..], random, strings);
    }

    private static void FillText(Span<byte> text, SeededRandom random, CodeProfile profile)
    {
        var position = 0;
        var produced = 0L;
        var repeated = 0L;
        while (position < text.Length)
        {
            var wantRepeat = position > 256 && (produced == 0 || repeated < produced * profile.RepeatShare);
            if (wantRepeat)
            {
                var length = Math.Min(text.Length - position, 8 + (4 * random.Next(1, 12)));
                var maxDistance = Math.Min(position, 30 * 1024);
                var distance = Math.Max(length, Math.Min(maxDistance, (int)(maxDistance * Math.Pow(random.NextDouble(), 2.5)) + 4)) & ~1;
                if (distance <= position && distance >= 2)
                {
                    for (var i = 0; i < length; i++)
                    {
                        text[position + i] = text[position - distance + i];
                    }

                    position += length;
                    produced += length;
                    repeated += length;
                    continue;
                }
            }

            var written = WriteInstruction(text[position..], random);
            position += written;
            produced += written;
        }
    }

    private static int WriteInstruction(Span<byte> destination, SeededRandom random)
    {
        if (destination.Length < 4)
        {
            random.NextBytes(destination);
            return destination.Length;
        }

        if (random.Chance(0.35))
        {
            // A 16-bit compressed instruction: quadrant bits and a few fields.
            var c = (ushort)(random.Next(3) | (Register(random) & 7) << 2 | random.Next(8) << 5 | (Register(random) & 7) << 7 | random.Next(8) << 13);
            BinaryPrimitives.WriteUInt16LittleEndian(destination, c);
            return 2;
        }

        var opcode = PickOpcode(random);
        uint word = opcode | (uint)Register(random) << 7 | (uint)random.Next(8) << 12 | (uint)Register(random) << 15;
        word |= opcode switch
        {
            0x03 or 0x13 or 0x67 => (uint)SmallImmediate(random) << 20,
            0x23 or 0x63 or 0x33 => (uint)Register(random) << 20 | (uint)(random.Chance(0.8) ? 0 : random.Next(128)) << 25,
            _ => (uint)random.Next(1 << 12) << 20,
        };
        BinaryPrimitives.WriteUInt32LittleEndian(destination, word);
        return 4;
    }

    private static uint PickOpcode(SeededRandom random)
    {
        var total = 0;
        foreach (var (_, weight) in Opcodes)
        {
            total += weight;
        }

        var pick = random.Next(total);
        foreach (var (opcode, weight) in Opcodes)
        {
            if (pick < weight)
            {
                return opcode;
            }

            pick -= weight;
        }

        return 0x13;
    }

    private static int Register(SeededRandom random) => random.Chance(0.75) ? CommonRegisters[random.Next(CommonRegisters.Length)] : random.Next(32);

    private static int SmallImmediate(SeededRandom random) =>
        random.Chance(0.7) ? random.Next(-64, 64) & 0xFFF : random.Next(-2048, 2048) & 0xFFF;

    private static void FillRodata(Span<byte> rodata, SeededRandom random, IReadOnlyList<string> strings)
    {
        var position = 0;

        // The identity strings go first, back to back, as string literals sit together in .rodata.
        foreach (var s in strings)
        {
            var bytes = Encoding.ASCII.GetBytes("\0" + s + "\0");
            if (position + bytes.Length > rodata.Length)
            {
                throw new InvalidOperationException($"{rodata.Length} bytes of read-only data cannot hold the embedded strings");
            }

            bytes.CopyTo(rodata[position..]);
            position += bytes.Length;
        }

        while (position < rodata.Length)
        {
            var choice = random.Next(10);
            if (choice < 6)
            {
                // A format string assembled from common words.
                var sb = new StringBuilder();
                var words = random.Next(2, 7);
                for (var i = 0; i < words; i++)
                {
                    sb.Append(Words[random.Next(Words.Length)]).Append(random.Chance(0.2) ? ": " : " ");
                }

                position += Put(rodata[position..], Encoding.ASCII.GetBytes(sb.Append('\0').ToString()));
            }
            else if (choice < 9)
            {
                // A table of pointers into flash (XIP 0x23xxxxxx) or RAM (0x42xxxxxx).
                var count = random.Next(2, 12);
                var basePointer = random.Chance(0.6) ? 0x23000000u : 0x42010000u;
                var region = (uint)random.Next(0x000C0000);
                for (var i = 0; i < count && position + 4 <= rodata.Length; i++)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(rodata[position..], basePointer + ((region + (uint)random.Next(4096)) & ~3u));
                    position += 4;
                }
            }
            else
            {
                var zeros = Math.Min(rodata.Length - position, random.Next(4, 40));
                rodata.Slice(position, zeros).Clear();
                position += zeros;
            }
        }

    }

    private static int Put(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        var n = Math.Min(destination.Length, bytes.Length);
        bytes[..n].CopyTo(destination);
        return n;
    }
}
