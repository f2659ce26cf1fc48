using System.Text;

namespace Fixture.Protocol.Tests.Compression;

/// <summary>
/// Test inputs that exist on any machine with the .NET SDK: a slice of a runtime DLL (machine
/// code + metadata) and a seeded synthetic firmware image (RISC-V-like code, strings, pointer
/// tables, padding and a little high-entropy data) that compresses about as well as the real
/// OpenBL602 image (~53 % with liblzma).
/// </summary>
internal static class FirmwareLikeData
{
    /// <summary>Size of the standard OpenBL602 <c>whole_img.bin</c>.</summary>
    public const int FirmwareImageSize = 762_336;

    /// <summary>
    /// The first <paramref name="length"/> bytes of System.Private.CoreLib (ReadyToRun: native
    /// code and metadata much like a firmware image), repeated if the file is shorter.
    /// </summary>
    public static byte[] RuntimeLibrarySlice(int length)
    {
        var bytes = File.ReadAllBytes(typeof(object).Assembly.Location);
        var slice = new byte[length];
        for (var offset = 0; offset < length; offset += bytes.Length)
        {
            bytes.AsSpan(0, Math.Min(bytes.Length, length - offset)).CopyTo(slice.AsSpan(offset));
        }

        return slice;
    }

    /// <summary>A deterministic synthetic firmware image of <paramref name="length"/> bytes.</summary>
    public static byte[] Synthetic(int length, int seed)
    {
        var random = new Random(seed);
        var opcodes = Enumerable.Range(0, 400).Select(_ => (uint)random.Next() & 0xFE0FF07F | 0x03).ToArray();
        var functions = Enumerable.Range(0, 60).Select(_ => Instructions(random, opcodes, random.Next(8, 48))).ToArray();
        var output = new MemoryStream(length + 4096);
        while (output.Length < length)
        {
            var kind = random.Next(100);
            if (kind < 58)
            {
                // Code: mostly fresh instructions, sometimes a copy of a common helper (inlined code).
                output.Write(random.Next(4) == 0 ? functions[random.Next(functions.Length)] : Instructions(random, opcodes, random.Next(16, 128)));
            }
            else if (kind < 78)
            {
                output.Write(Strings(random, random.Next(4, 24)));
            }
            else if (kind < 90)
            {
                PointerTable(random, output, random.Next(8, 64));
            }
            else if (kind < 95)
            {
                var noise = new byte[random.Next(64, 512)];
                random.NextBytes(noise);
                output.Write(noise);
            }
            else
            {
                output.Write(Enumerable.Repeat(random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF, random.Next(16, 600)).ToArray());
            }
        }

        return output.ToArray().AsSpan(0, length).ToArray();
    }

    private static byte[] Instructions(Random random, uint[] opcodes, int count)
    {
        var bytes = new byte[count * 4];
        for (var i = 0; i < count; i++)
        {
            // Register fields and immediates vary; the opcode template repeats.
            var word = opcodes[(int)(Math.Pow(random.NextDouble(), 2.5) * opcodes.Length)] | ((uint)random.Next(32) << 15) | ((uint)random.Next(8) << 7);
            if (random.Next(3) == 0)
            {
                word |= (uint)random.Next(64) << 20;
            }

            BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), word);
        }

        return bytes;
    }

    private static readonly string[] Words =
    [
        "wifi", "connect", "failed", "mqtt", "broker", "ssid", "dhcp", "lease", "flash", "config",
        "saved", "error", "timeout", "relay", "button", "pin", "channel", "power", "http", "server",
        "ota", "update", "version", "driver", "init", "ok", "state", "changed", "reboot", "scan",
    ];

    private static byte[] Strings(Random random, int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append('[').Append(Words[random.Next(Words.Length)]).Append("] ");
            for (var w = random.Next(2, 7); w > 0; w--)
            {
                text.Append(Words[random.Next(Words.Length)]).Append(random.Next(5) == 0 ? " %d " : " ");
            }

            text.Append("\r\n").Append('\0', 4 - (text.Length % 4));
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static void PointerTable(Random random, Stream output, int count)
    {
        var address = 0x2300_0000u + ((uint)random.Next(0x10_0000) & ~3u);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < count; i++)
        {
            address += (uint)random.Next(1, 64) * 4;
            BitConverter.TryWriteBytes(bytes, address);
            output.Write(bytes);
        }
    }
}
