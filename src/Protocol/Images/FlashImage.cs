using System.Security.Cryptography;

namespace Fixture.Protocol.Images;

/// <summary>Where the code sits behind the boot header in a whole_img file (protocol reference §5.7).</summary>
public enum FlashImageKind
{
    /// <summary>whole_img_boot2.bin: code at 0x2000, img_start = 0x2000 (the bootrom uses it).</summary>
    Boot2,

    /// <summary>whole_img.bin: code at 0x1000 (boot2 uses partition address + 4 KiB, not img_start).</summary>
    Firmware,
}

/// <summary>
/// A flash (XIP) image as written to flash: the boot header at 0, 0xFF padding, the code (padded to
/// 16 bytes with zeros) at 0x1000 (firmware) or 0x2000 (boot2). The header carries the padded
/// length and its SHA-256.
/// </summary>
public sealed record FlashImage(FlashImageKind Kind, BootHeader Header, ReadOnlyMemory<byte> Code)
{
    /// <summary>BFLB_FW_IMG_OFFSET_AFTER_HEADER: boot2 finds firmware code 4 KiB after the partition address.</summary>
    public const int FirmwareCodeOffset = 0x1000;

    public const int Boot2CodeOffset = 0x2000;

    public int CodeOffset => CodeOffsetOf(Kind);

    public bool IsHashValid => SHA256.HashData(Code.Span).AsSpan().SequenceEqual(Header.Hash);

    public static int CodeOffsetOf(FlashImageKind kind) => kind == FlashImageKind.Boot2 ? Boot2CodeOffset : FirmwareCodeOffset;

    /// <summary>Builds the whole_img bytes for raw <paramref name="code"/> with the template boot header.</summary>
    public static byte[] Build(ReadOnlySpan<byte> code, FlashImageKind kind, BootHeader? template = null)
    {
        var offset = CodeOffsetOf(kind);
        var paddedLength = (code.Length + 15) / 16 * 16;
        var image = new byte[offset + paddedLength];
        image.AsSpan(0, offset).Fill(0xFF);
        code.CopyTo(image.AsSpan(offset));

        var header = (template ?? new BootHeader { ImageStart = Boot2CodeOffset }) with
        {
            ImageLengthOrSegmentCount = (uint)paddedLength,
            ImageStart = kind == FlashImageKind.Boot2 ? Boot2CodeOffset : (template?.ImageStart ?? Boot2CodeOffset),
            BootConfig = (template?.BootConfig ?? BootConfig.FlashImage).WithNoSegment(true).WithCacheEnable(true),
            Hash = SHA256.HashData(image.AsSpan(offset, paddedLength)),
        };
        header.WithComputedCrcs().WriteTo(image);
        return image;
    }

    /// <summary>
    /// Reads a whole_img file (or the same bytes read back from flash) without judging the hash;
    /// the header must be a valid BFNP header and the declared length must fit.
    /// </summary>
    public static FlashImage Read(ReadOnlyMemory<byte> bytes, FlashImageKind kind, string what = "flash image")
    {
        var header = BootHeader.Parse(bytes.Span, $"{what} boot header");
        if (!header.BootConfig.NoSegment)
        {
            throw new ImageFormatException($"{what}: boot configuration {header.BootConfig} is not a flash image (no_segment is 0)");
        }

        var offset = CodeOffsetOf(kind);
        if (header.ImageLength == 0 || header.ImageLength > (uint)Math.Max(0, bytes.Length - offset))
        {
            throw new ImageFormatException($"{what}: image length {header.ImageLength} does not fit the {Math.Max(0, bytes.Length - offset)} bytes after offset 0x{offset:X}");
        }

        return new FlashImage(kind, header, bytes.Slice(offset, (int)header.ImageLength));
    }

    /// <summary>Like <see cref="Read"/> and also insists the SHA-256 matches (unless hash_ignore is set).</summary>
    public static FlashImage Parse(ReadOnlyMemory<byte> bytes, FlashImageKind kind, string what = "flash image")
    {
        var image = Read(bytes, kind, what);
        if (!image.Header.IsHashIgnored && !image.IsHashValid)
        {
            throw new ImageFormatException(
                $"{what}: SHA-256 of the code is {Convert.ToHexStringLower(SHA256.HashData(image.Code.Span))}, the header says {Convert.ToHexStringLower(image.Header.Hash)}");
        }

        return image;
    }
}
