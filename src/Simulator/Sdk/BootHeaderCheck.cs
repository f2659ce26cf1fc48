using System.Buffers.Binary;
using System.IO.Hashing;

namespace Fixture.Simulator.Sdk;

/// <summary>
/// The 176-byte boot header as the chip's code reads it (BLSP_Boot_Parse_BootHeader in boot2, the same
/// rules in the bootrom's 0x11 handler), on the raw bytes: CRC32 over bytes 0..171 unless crc_ignore is
/// set and the stored CRC is 0xDEADBEEF; then notload_in_bootrom, the magic "BFNP", encrypt/sign against the
/// eFuse, the hash-ignore rule (honoured only when hash word 0 is 0xDEADBEEF and the chip does not require
/// signatures), and a zero image length / segment count. Independent of the station's header parser.
/// </summary>
public sealed class BootHeaderCheck
{
    public const int Size = 176;
    public const uint DeadBeef = 0xDEADBEEF;

    /// <summary>Error codes of the bootrom/boot2 image checks (protocol reference §8.1).</summary>
    public const ushort LenError = 0x0201;
    public const ushort NotLoadError = 0x0202;
    public const ushort MagicError = 0x0203;
    public const ushort CrcError = 0x0204;
    public const ushort EncryptNotFit = 0x0205;
    public const ushort SignNotFit = 0x0206;
    public const ushort SegmentCountError = 0x0207;

    private static readonly byte[] BootMagic = "BFNP"u8.ToArray();

    private readonly byte[] _raw;

    private BootHeaderCheck(byte[] raw) => _raw = raw;

    public uint BootConfig => U32(116);

    public int SignType => (int)(BootConfig & 0x3);

    public int EncryptType => (int)((BootConfig >> 2) & 0x3);

    public bool NoSegment => ((BootConfig >> 8) & 1) != 0;

    public bool NotLoadInBootrom => ((BootConfig >> 10) & 1) != 0;

    public bool CrcIgnoreBit => ((BootConfig >> 16) & 1) != 0;

    public bool HashIgnoreBit => ((BootConfig >> 17) & 1) != 0;

    /// <summary>img_len of a flash image, or segment_cnt of a RAM image (offset 120).</summary>
    public uint ImageLengthOrSegments => U32(120);

    /// <summary>img_start (offset 128): flash offset of the code (boot2 at 0 uses it), or RAM load address.</summary>
    public uint ImageStart => U32(128);

    public ReadOnlySpan<byte> Hash => _raw.AsSpan(132, 32);

    public uint StoredCrc => U32(172);

    /// <summary>Whether the image hash is skipped: hash_ignore set and hash word 0 = 0xDEADBEEF, on a chip that does not require signatures.</summary>
    public bool HashSkipped(int efuseSignType) => HashIgnoreBit && U32(132) == DeadBeef && efuseSignType == 0;

    /// <summary>Reads the header; <paramref name="error"/> is 0 when it passes, else the code the chip gives, with <paramref name="problem"/> in words.</summary>
    /// <param name="signMustMatch">boot2's rules: any difference between the header's sign type and the eFuse's is refused, encrypt is checked first. Otherwise the bootrom model's (boot2_isp's emulation): segment count, then an unsigned image on a chip that requires signatures, then encryption.</param>
    public static BootHeaderCheck Parse(ReadOnlySpan<byte> raw, int efuseSignType, int efuseEncryptType, bool signMustMatch, out ushort error, out string? problem)
    {
        var header = new BootHeaderCheck(raw.Length == Size ? raw.ToArray() : new byte[Size]);
        problem = null;
        error = 0;
        if (raw.Length != Size)
        {
            (error, problem) = (LenError, $"boot header is {raw.Length} bytes, not {Size}");
            return header;
        }

        var crcPasses = (header.CrcIgnoreBit && header.StoredCrc == DeadBeef) || header.StoredCrc == Crc32.HashToUInt32(raw[..172]);
        if (!crcPasses)
        {
            (error, problem) = (CrcError, $"boot header CRC32 is 0x{header.StoredCrc:X8}, the bytes give 0x{Crc32.HashToUInt32(raw[..172]):X8}");
        }
        else if (header.NotLoadInBootrom)
        {
            (error, problem) = (NotLoadError, "notload_in_bootrom is set");
        }
        else if (!raw[..4].SequenceEqual(BootMagic))
        {
            (error, problem) = (MagicError, $"magic is {Convert.ToHexString(raw[..4])}, not \"BFNP\"");
        }
        else if (signMustMatch)
        {
            // BLSP_Boot_Parse_BootHeader's order: encrypt, sign, then the length.
            if (efuseEncryptType != 0 && header.EncryptType == 0)
            {
                (error, problem) = (EncryptNotFit, "the eFuse requires encrypted images");
            }
            else if (efuseSignType != header.SignType)
            {
                (error, problem) = (SignNotFit, $"sign type {header.SignType} does not fit the eFuse's {efuseSignType}");
            }
            else if (header.ImageLengthOrSegments == 0)
            {
                (error, problem) = (SegmentCountError, "image length is 0");
            }
        }
        else if (header.ImageLengthOrSegments == 0)
        {
            // The bootrom model's order (boot2_isp's emulation): segment count, sign, encrypt.
            (error, problem) = (SegmentCountError, "segment count is 0");
        }
        else if (efuseSignType != 0 && header.SignType == 0)
        {
            (error, problem) = (SignNotFit, "the eFuse requires signed images");
        }
        else if (efuseEncryptType != 0 && header.EncryptType == 0)
        {
            (error, problem) = (EncryptNotFit, "the eFuse requires encrypted images");
        }

        return header;
    }

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_raw.AsSpan(offset));
}

/// <summary>
/// The 16-byte segment header as the bootrom checks it (0x17): destination, length, data CRC, and a
/// CRC32 over bytes 0..11 of the raw bytes in bytes 12..15.
/// </summary>
public readonly record struct SegmentHeaderCheck(uint Destination, uint Length, uint DataCrc, bool HeaderCrcOk)
{
    public const int Size = 16;

    public static SegmentHeaderCheck Parse(ReadOnlySpan<byte> raw) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(raw),
        BinaryPrimitives.ReadUInt32LittleEndian(raw[4..]),
        BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(raw[12..]) == Crc32.HashToUInt32(raw[..12]));
}
