using System.IO.Hashing;
using System.Security.Cryptography;

namespace Fixture.Protocol.Images;

/// <summary>One segment of a RAM image: its 16 header bytes as sent with 0x17, and its data for 0x18.</summary>
public sealed record HelperSegment(ReadOnlyMemory<byte> HeaderBytes, SegmentHeader Header, ReadOnlyMemory<byte> Data)
{
    public bool IsDataCrcValid => Header.DataCrc == Crc32.HashToUInt32(Data.Span);
}

/// <summary>Which of the two eflash_loader header variants of protocol reference §5.6 to build.</summary>
public enum HelperHeaderVariant
{
    /// <summary>Older loaders (no 0x3F): FCFG present, PCFG 0, boot cfg 0x200, CRCs and hash valid.</summary>
    Legacy,

    /// <summary>Current loaders (0x3F present): both magics 0, boot cfg 0x30300, CRC and hash word 0 = 0xDEADBEEF.</summary>
    Current,
}

/// <summary>
/// A RAM image loaded through the bootrom (the eflash_loader helper): a 176-byte boot header, then
/// per segment a 16-byte segment header and its data (protocol reference §5.6).
/// </summary>
public sealed record HelperImage(ReadOnlyMemory<byte> BootHeaderBytes, BootHeader BootHeader, IReadOnlyList<HelperSegment> Segments)
{
    /// <summary>Everything after the boot header, as sent: the bytes the header hash covers.</summary>
    public int PayloadLength => Segments.Sum(s => SegmentHeader.Size + s.Data.Length);

    /// <summary>
    /// Parses a helper image and checks what the bootrom checks: magic, header CRC (unless ignored),
    /// segment count, segment header CRCs, data CRCs, lengths, and the hash (unless ignored).
    /// </summary>
    public static HelperImage Parse(ReadOnlyMemory<byte> image, string what = "helper image")
    {
        var span = image.Span;
        if (span.Length < BootHeader.Size + SegmentHeader.Size)
        {
            throw new ImageFormatException($"{what}: {span.Length} bytes is too short for a boot header and a segment header");
        }

        var header = BootHeader.Parse(span[..BootHeader.Size], $"{what} boot header");
        if (header.SignType != 0 || header.EncryptType != 0)
        {
            throw new ImageFormatException($"{what}: signed or encrypted helper images are not supported (sign {header.SignType}, encrypt {header.EncryptType})");
        }

        if (header.SegmentCount is < 1 or > 16)
        {
            throw new ImageFormatException($"{what}: segment count at offset 120 is {header.SegmentCount}, expected 1..16");
        }

        var segments = new List<HelperSegment>();
        var offset = BootHeader.Size;
        for (var i = 0; i < header.SegmentCount; i++)
        {
            if (offset + SegmentHeader.Size > span.Length)
            {
                throw new ImageFormatException($"{what}: segment {i} header at offset {offset} runs past the end ({span.Length} bytes)");
            }

            var segmentHeader = SegmentHeader.Read(span[offset..]);
            if (!segmentHeader.IsHeaderCrcValid)
            {
                throw new ImageFormatException($"{what}: segment {i} header CRC32 is 0x{segmentHeader.HeaderCrc:X8}, which does not match its first 12 bytes");
            }

            var dataStart = offset + SegmentHeader.Size;
            if (segmentHeader.Length > (uint)(span.Length - dataStart))
            {
                throw new ImageFormatException($"{what}: segment {i} declares {segmentHeader.Length} bytes but only {span.Length - dataStart} follow");
            }

            var segment = new HelperSegment(image.Slice(offset, SegmentHeader.Size), segmentHeader, image.Slice(dataStart, (int)segmentHeader.Length));
            if (!segment.IsDataCrcValid)
            {
                throw new ImageFormatException($"{what}: segment {i} data CRC32 does not match the header's 0x{segmentHeader.DataCrc:X8}");
            }

            segments.Add(segment);
            offset = dataStart + (int)segmentHeader.Length;
        }

        if (offset != span.Length)
        {
            throw new ImageFormatException($"{what}: {span.Length - offset} bytes follow the last segment");
        }

        if (!header.IsHashIgnored)
        {
            var actual = SHA256.HashData(span[BootHeader.Size..]);
            if (!actual.AsSpan().SequenceEqual(header.Hash))
            {
                throw new ImageFormatException($"{what}: SHA-256 of the segments is {Convert.ToHexStringLower(actual)}, the header says {Convert.ToHexStringLower(header.Hash)}");
            }
        }

        return new HelperImage(image[..BootHeader.Size], header, segments);
    }

    /// <summary>Builds a one-segment helper image for <paramref name="code"/> (padded to 16 bytes with zeros).</summary>
    public static byte[] Build(ReadOnlySpan<byte> code, uint destination, HelperHeaderVariant variant)
    {
        var padded = new byte[(code.Length + 15) / 16 * 16];
        code.CopyTo(padded);
        var segmentHeader = SegmentHeader.For(destination, padded);
        var payload = new byte[SegmentHeader.Size + padded.Length];
        segmentHeader.WriteTo(payload);
        padded.CopyTo(payload, SegmentHeader.Size);

        var header = new BootHeader
        {
            ImageLengthOrSegmentCount = 1,
            ImageStart = destination,
        };
        if (variant == HelperHeaderVariant.Legacy)
        {
            header = (header with
            {
                ClockConfigMagic = 0,
                BootConfig = BootConfig.LegacyHelper,
                Hash = SHA256.HashData(payload),
            }).WithComputedCrcs();
        }
        else
        {
            var hash = new byte[32];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(hash, BootHeader.IgnoredMarker);
            header = (header with
            {
                FlashConfigMagic = 0,
                ClockConfigMagic = 0,
                BootConfig = BootConfig.CurrentHelper,
                Hash = hash,
            }).WithComputedCrcs(ignoreHeaderCrc: true);
        }

        var image = new byte[BootHeader.Size + payload.Length];
        header.WriteTo(image);
        payload.CopyTo(image, BootHeader.Size);
        return image;
    }
}
