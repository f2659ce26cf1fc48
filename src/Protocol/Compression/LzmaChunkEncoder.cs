using SharpCompress.Compressors.LZMA;

namespace Fixture.Protocol.Compression;

/// <summary>One LZMA-coded piece of input: the range-coder bytes and how much input they hold.</summary>
internal readonly record struct LzmaChunk(byte[] Compressed, int UncompressedLength);

/// <summary>
/// Raw LZMA (no .lzma header, no end marker) for the payload of one LZMA2 chunk, made by
/// SharpCompress's LZMA encoder. A fresh encoder is used per chunk (its range coder cannot be
/// cut and resumed), but it is primed with the bytes just before the chunk, so its matches may
/// reach back into data that earlier chunks already put in the decoder's dictionary.
/// </summary>
internal static class LzmaChunkEncoder
{
    /// <summary>lc = 3, lp = 0, pb = 2, as (pb · 5 + lp) · 9 + lc: the preset defaults the host tools use.</summary>
    public const byte PropertiesByte = 0x5D;

    // liblzma's preset 6 uses nice_len = 64; SharpCompress's "fast bytes" is the same knob.
    private const int NiceLength = 64;

    // Input is fed in slices so the output can be watched.
    private const int FeedSlice = 1024;

    /// <summary>
    /// Encodes input from <paramref name="start"/> on, at most <paramref name="maxInput"/> bytes,
    /// and stops feeding once the output reaches <paramref name="outputTarget"/> bytes.
    /// The encoder is primed with up to <paramref name="dictionarySize"/> bytes before
    /// <paramref name="start"/>.
    /// </summary>
    public static LzmaChunk Encode(byte[] input, int start, int maxInput, int dictionarySize, int outputTarget)
    {
        var historyStart = Math.Max(0, start - dictionarySize);
        using var history = start > 0 ? new MemoryStream(input, historyStart, start - historyStart, writable: false) : null;
        using var output = new MemoryStream();
        var properties = new LzmaEncoderProperties(false, dictionarySize, NiceLength);

        var fed = 0;
        using (var lzma = LzmaStream.Create(properties, false, history, output))
        {
            if (lzma.Properties[0] != PropertiesByte)
            {
                // The LZMA2 property byte written with the first chunk says lc=3, lp=0, pb=2.
                throw new InvalidOperationException(
                    $"SharpCompress's LZMA encoder reports properties 0x{lzma.Properties[0]:X2}, not 0x{PropertiesByte:X2} " +
                    "(lc=3, lp=0, pb=2); the xz encoder cannot build valid LZMA2 chunks with it. Check the SharpCompress version.");
            }

            while (fed < maxInput && output.Length < outputTarget)
            {
                var slice = Math.Min(FeedSlice, maxInput - fed);
                lzma.Write(input, start + fed, slice);
                fed += slice;
            }
        }

        // Disposing the stream flushed the range coder: everything fed is now in the output.
        return new LzmaChunk(output.ToArray(), fed);
    }
}
