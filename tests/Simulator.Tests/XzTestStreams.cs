using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Hashing;

namespace Fixture.Simulator.Tests;

/// <summary>
/// .xz streams for the device decoder's tests: hand-built ones with LZMA2 uncompressed chunks (so
/// every header field can be set), and real liblzma output from the `xz` command where installed.
/// </summary>
internal static class XzTestStreams
{
    public static bool XzCommandAvailable => File.Exists("/usr/bin/xz") || File.Exists("/usr/local/bin/xz");

    /// <summary>A valid .xz stream holding <paramref name="data"/> in LZMA2 uncompressed chunks.</summary>
    public static byte[] Stored(ReadOnlySpan<byte> data, byte checkType = 1, byte dictionaryCode = 6, bool corruptCheck = false)
    {
        var output = new List<byte>();
        byte[] flags = [0, checkType];
        output.AddRange([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]);
        output.AddRange(flags);
        output.AddRange(U32(Crc32.HashToUInt32(flags)));

        // Block header: size byte, flags (1 filter, no sizes), filter 0x21, 1 property byte, padding, CRC.
        var blockHeader = new List<byte> { 0x02, 0x00, 0x21, 0x01, dictionaryCode, 0x00, 0x00, 0x00 };
        var blockHeaderBytes = blockHeader.ToArray();
        output.AddRange(blockHeaderBytes);
        output.AddRange(U32(Crc32.HashToUInt32(blockHeaderBytes)));

        var compressedStart = output.Count;
        var first = true;
        for (var offset = 0; offset < data.Length; offset += 0x10000)
        {
            var n = Math.Min(0x10000, data.Length - offset);
            output.Add(first ? (byte)0x01 : (byte)0x02);
            output.Add((byte)((n - 1) >> 8));
            output.Add((byte)(n - 1));
            output.AddRange(data.Slice(offset, n).ToArray());
            first = false;
        }

        output.Add(0x00);
        var compressed = output.Count - compressedStart;
        while ((output.Count - compressedStart) % 4 != 0)
        {
            output.Add(0);
        }

        var checkSize = 0;
        if (checkType == 1)
        {
            var crc = Crc32.HashToUInt32(data);
            output.AddRange(U32(corruptCheck ? ~crc : crc));
            checkSize = 4;
        }

        var indexStart = output.Count;
        var index = new List<byte> { 0x00, 0x01 };
        index.AddRange(Varint(12 + compressed + checkSize));
        index.AddRange(Varint(data.Length));
        while (index.Count % 4 != 0)
        {
            index.Add(0);
        }

        output.AddRange(index);
        output.AddRange(U32(Crc32.HashToUInt32(index.ToArray())));
        var backward = (uint)((output.Count - indexStart) / 4 - 1);
        var footer = new List<byte>();
        footer.AddRange(U32(backward));
        footer.AddRange(flags);
        output.AddRange(U32(Crc32.HashToUInt32(footer.ToArray())));
        output.AddRange(footer);
        output.AddRange([0x59, 0x5A]);
        return [.. output];
    }

    /// <summary>Real liblzma output: `xz --format=xz --check=crc32 --lzma2=dict=...`.</summary>
    public static byte[] Liblzma(byte[] data, string dictionary = "32KiB", string check = "crc32", string format = "xz")
    {
        var start = new ProcessStartInfo("xz", $"--format={format} --check={check} -6 --lzma2=preset=6,dict={dictionary} -c")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (format != "xz")
        {
            start.Arguments = $"--format={format} -c";
        }

        using var process = Process.Start(start)!;
        var output = new MemoryStream();
        var reader = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(data);
        process.StandardInput.Close();
        reader.Wait();
        process.WaitForExit();
        return output.ToArray();
    }

    /// <summary>Seeded data that compresses roughly like firmware: repeated code-like runs mixed with noise.</summary>
    public static byte[] CodeLike(int length, int seed = 1)
    {
        var random = new Random(seed);
        var data = new byte[length];
        var vocabulary = Enumerable.Range(0, 64).Select(_ => { var w = new byte[random.Next(4, 24)]; random.NextBytes(w); return w; }).ToArray();
        for (var i = 0; i < length;)
        {
            if (random.Next(4) == 0)
            {
                data[i++] = (byte)random.Next(256);
                continue;
            }

            var word = vocabulary[random.Next(vocabulary.Length)];
            for (var j = 0; j < word.Length && i < length; j++)
            {
                data[i++] = word[j];
            }
        }

        return data;
    }

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static IEnumerable<byte> Varint(long value)
    {
        while (value >= 0x80)
        {
            yield return (byte)(value | 0x80);
            value >>= 7;
        }

        yield return (byte)value;
    }
}
