namespace Fixture.Protocol.Compression;

/// <summary>
/// Writes raw LZMA2 (the payload of an .xz block) from LZMA-coded chunks.
/// </summary>
/// <remarks>
/// Why the chunks are what they are:
/// <list type="bullet">
/// <item>An LZMA2 compressed chunk holds at most 2 MiB uncompressed and 64 KiB compressed, and its
/// header must state both sizes, so each chunk is coded on its own: input is fed until the coded
/// output nears 64 KiB (the encoder holds back a few KiB of look-ahead that only appears at the
/// final flush, hence the margin), and a chunk that still ends up too large is coded again
/// shorter.</item>
/// <item>SharpCompress's encoder cannot cut its range coder mid-stream, so every compressed
/// chunk starts with a fresh coder and fresh probabilities (control 0xA0, "state reset").
/// The dictionary is <em>not</em> reset: the decoder keeps the preceding 32 KiB, and the fresh
/// encoder is primed with exactly those bytes, so matches reach across chunk boundaries.
/// Against liblzma's preset 6 with the same dictionary, resetting the dictionary at every chunk
/// measured 1.2–2.0 % larger on machine code (too close to the 2 % budget); keeping it measured
/// −0.8 to +0.9 % on real binaries and +1.2 % on the synthetic test image. What remains is the
/// price of re-learning the probabilities in every chunk (SharpCompress's encoder alone, on a
/// whole image, comes within a few dozen bytes of liblzma's LZMA1 output).</item>
/// <item>The primed encoder starts with the decoder's previous byte as literal context, so the
/// first literal of a chunk is coded as the decoder reads it. Positions need no alignment: a
/// fresh encoder counts from 0 where the decoder counts from the stream start, but a state reset
/// re-initialises every probability, so a constant offset in the pb = 2 position bits only
/// renames which (identical) probability set is used.</item>
/// <item>Where coding does not pay (random or already compressed data), the chunk's bytes go out
/// as uncompressed chunks of at most 64 KiB (control 0x01 first in the stream, else 0x02), as
/// liblzma does. Stream end is the 0x00 control byte.</item>
/// </list>
/// </remarks>
internal static class Lzma2Encoder
{
    public const int MaxChunkUncompressed = 2 * 1024 * 1024;
    public const int MaxChunkCompressed = 64 * 1024;
    public const int MaxUncompressedChunk = 64 * 1024;

    // Stop feeding this far below the 64 KiB limit: the last slice plus the held-back look-ahead
    // (measured ~3 KiB of output on machine code, ~4.5 KiB on random data) still fit.
    internal const int CompressedTarget = MaxChunkCompressed - (6 * 1024);

    private const byte ControlEnd = 0x00;
    private const byte ControlUncompressedDictionaryReset = 0x01;
    private const byte ControlUncompressed = 0x02;
    private const byte ControlLzmaStateReset = 0xA0;
    private const byte ControlLzmaStateResetNewProperties = 0xC0;
    private const byte ControlLzmaFullReset = 0xE0;

    /// <summary>
    /// Writes the LZMA2 encoding of <paramref name="input"/>, end marker included.
    /// <paramref name="compressedTarget"/> is where feeding a chunk stops (tests raise it to force re-coding).
    /// </summary>
    public static void Encode(byte[] input, int dictionarySize, Stream output, int compressedTarget = CompressedTarget)
    {
        var position = 0;
        var firstChunk = true;
        var propertiesSent = false;
        while (position < input.Length)
        {
            var chunk = EncodeFittingChunk(input, position, dictionarySize, compressedTarget);
            var length = chunk.UncompressedLength;
            var compressedCost = 5 + (propertiesSent ? 0 : 1) + chunk.Compressed.Length;
            var uncompressedCost = length + (3 * ((length + MaxUncompressedChunk - 1) / MaxUncompressedChunk));
            if (compressedCost < uncompressedCost)
            {
                var control = firstChunk ? ControlLzmaFullReset
                    : propertiesSent ? ControlLzmaStateReset
                    : ControlLzmaStateResetNewProperties;
                WriteCompressedChunk(output, control, length, chunk.Compressed, writeProperties: !propertiesSent);
                propertiesSent = true;
            }
            else
            {
                WriteUncompressedChunks(output, input.AsSpan(position, length), firstChunk);
            }

            firstChunk = false;
            position += length;
        }

        output.WriteByte(ControlEnd);
    }

    private static LzmaChunk EncodeFittingChunk(byte[] input, int position, int dictionarySize, int compressedTarget)
    {
        var maxInput = Math.Min(input.Length - position, MaxChunkUncompressed);
        while (true)
        {
            var chunk = LzmaChunkEncoder.Encode(input, position, maxInput, dictionarySize, compressedTarget);
            if (chunk.Compressed.Length <= MaxChunkCompressed)
            {
                return chunk;
            }

            // Rare (the margin covers the look-ahead on all data measured): code less and retry.
            maxInput = Math.Max(1, chunk.UncompressedLength * 7 / 8);
        }
    }

    private static void WriteCompressedChunk(Stream output, byte control, int uncompressedLength, byte[] compressed, bool writeProperties)
    {
        var u = uncompressedLength - 1;
        var c = compressed.Length - 1;
        output.WriteByte((byte)(control | (u >> 16)));
        output.WriteByte((byte)(u >> 8));
        output.WriteByte((byte)u);
        output.WriteByte((byte)(c >> 8));
        output.WriteByte((byte)c);
        if (writeProperties)
        {
            output.WriteByte(LzmaChunkEncoder.PropertiesByte);
        }

        output.Write(compressed);
    }

    private static void WriteUncompressedChunks(Stream output, ReadOnlySpan<byte> data, bool resetDictionary)
    {
        for (var offset = 0; offset < data.Length; offset += MaxUncompressedChunk)
        {
            var piece = data.Slice(offset, Math.Min(MaxUncompressedChunk, data.Length - offset));
            var size = piece.Length - 1;
            output.WriteByte(resetDictionary && offset == 0 ? ControlUncompressedDictionaryReset : ControlUncompressed);
            output.WriteByte((byte)(size >> 8));
            output.WriteByte((byte)size);
            output.Write(piece);
        }
    }
}
