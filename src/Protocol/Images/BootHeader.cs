using System.Buffers.Binary;
using System.IO.Hashing;

namespace Fixture.Protocol.Images;

/// <summary>
/// The 176-byte "BFNP" boot header in front of every BL602 image (protocol reference §5.1–§5.4):
/// flash configuration, clock configuration, boot configuration, image length or segment count,
/// entry, start, SHA-256 and CRCs. <see cref="Read"/> keeps whatever is there (the simulated bootrom
/// needs to see bad CRCs and magics as they are); <see cref="Parse"/> also insists it is valid.
/// </summary>
public sealed record BootHeader
{
    public const int Size = 176;

    /// <summary>"BFNP" read as a little-endian u32.</summary>
    public const uint BootMagic = 0x504E4642;

    /// <summary>"FCFG": a flash configuration block is present and must be applied.</summary>
    public const uint FlashConfigMagicValue = 0x47464346;

    /// <summary>"PCFG": a clock configuration block is present.</summary>
    public const uint ClockConfigMagicValue = 0x47464350;

    /// <summary>Header CRC (with crc_ignore) and hash word 0 (with hash_ignore) that say "not checked".</summary>
    public const uint IgnoredMarker = 0xDEADBEEF;

    public const int FlashConfigLength = 84;
    public const int ClockConfigLength = 8;

    public uint Magic { get; init; } = BootMagic;

    public uint Revision { get; init; } = 1;

    public uint FlashConfigMagic { get; init; } = FlashConfigMagicValue;

    /// <summary>Header bytes 12..95: the SPI flash configuration (§5.2).</summary>
    public byte[] FlashConfig { get; init; } = DefaultFlashConfig();

    public uint FlashConfigCrc { get; init; }

    public uint ClockConfigMagic { get; init; } = ClockConfigMagicValue;

    /// <summary>Header bytes 104..111: xtal, PLL, dividers, flash clock (§5.3).</summary>
    public byte[] ClockConfig { get; init; } = DefaultClockConfig();

    public uint ClockConfigCrc { get; init; }

    public BootConfig BootConfig { get; init; } = BootConfig.FlashImage;

    /// <summary>Offset 120: image length (flash image, padded to 16) or segment count (RAM/UART image).</summary>
    public uint ImageLengthOrSegmentCount { get; init; }

    public uint BootEntry { get; init; }

    /// <summary>Offset 128: flash offset of the code (flash image) or RAM load address (UART image).</summary>
    public uint ImageStart { get; init; }

    /// <summary>Offset 132: SHA-256 of the image (flash image: the padded code; RAM image: segment headers + data).</summary>
    public byte[] Hash { get; init; } = new byte[32];

    public uint Reserved1 { get; init; }

    public uint Reserved2 { get; init; }

    /// <summary>Offset 172: CRC32 of bytes 0..171 as stored.</summary>
    public uint HeaderCrc { get; init; }

    public int SegmentCount => (int)ImageLengthOrSegmentCount;

    public uint ImageLength => ImageLengthOrSegmentCount;

    public int SignType => BootConfig.Sign;

    public int EncryptType => BootConfig.EncryptType;

    public bool HasValidMagic => Magic == BootMagic;

    public bool IsFlashConfigCrcValid => FlashConfigCrc == Crc32.HashToUInt32(FlashConfig);

    public bool IsClockConfigCrcValid => ClockConfigCrc == Crc32.HashToUInt32(ClockConfig);

    /// <summary>crc_ignore is set and the stored CRC is 0xDEADBEEF: the bootrom skips the check.</summary>
    public bool IsHeaderCrcIgnored => BootConfig.CrcIgnore && HeaderCrc == IgnoredMarker;

    public bool IsHeaderCrcValid => HeaderCrc == ComputeHeaderCrc();

    /// <summary>hash_ignore is set (current loaders also put 0xDEADBEEF in the first hash word).</summary>
    public bool IsHashIgnored => BootConfig.HashIgnore;

    /// <summary>Reads 176 bytes without judging them; only the length is checked.</summary>
    public static BootHeader Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size)
        {
            throw new ImageFormatException($"boot header: {bytes.Length} bytes, a boot header is {Size} bytes");
        }

        return new BootHeader
        {
            Magic = U32(bytes, 0),
            Revision = U32(bytes, 4),
            FlashConfigMagic = U32(bytes, 8),
            FlashConfig = bytes.Slice(12, FlashConfigLength).ToArray(),
            FlashConfigCrc = U32(bytes, 96),
            ClockConfigMagic = U32(bytes, 100),
            ClockConfig = bytes.Slice(104, ClockConfigLength).ToArray(),
            ClockConfigCrc = U32(bytes, 112),
            BootConfig = new BootConfig(U32(bytes, 116)),
            ImageLengthOrSegmentCount = U32(bytes, 120),
            BootEntry = U32(bytes, 124),
            ImageStart = U32(bytes, 128),
            Hash = bytes.Slice(132, 32).ToArray(),
            Reserved1 = U32(bytes, 164),
            Reserved2 = U32(bytes, 168),
            HeaderCrc = U32(bytes, 172),
        };
    }

    /// <summary>Reads and insists on a valid magic and valid (or properly ignored) CRCs.</summary>
    public static BootHeader Parse(ReadOnlySpan<byte> bytes, string what = "boot header")
    {
        var header = Read(bytes);
        var problems = header.FindProblems();
        if (problems.Count > 0)
        {
            throw new ImageFormatException($"{what}: {problems[0]}");
        }

        return header;
    }

    /// <summary>What is wrong with this header, in the order the bootrom would notice; empty when valid.</summary>
    public IReadOnlyList<string> FindProblems()
    {
        var problems = new List<string>();
        if (!IsHeaderCrcIgnored && !IsHeaderCrcValid)
        {
            problems.Add($"header CRC32 is 0x{HeaderCrc:X8}, expected 0x{ComputeHeaderCrc():X8}");
        }

        if (!HasValidMagic)
        {
            problems.Add($"magic is 0x{Magic:X8}, expected 0x{BootMagic:X8} (\"BFNP\")");
        }

        if (FlashConfigMagic == FlashConfigMagicValue && !IsFlashConfigCrcValid)
        {
            problems.Add($"flash configuration CRC32 is 0x{FlashConfigCrc:X8}, expected 0x{Crc32.HashToUInt32(FlashConfig):X8}");
        }

        if (ClockConfigMagic == ClockConfigMagicValue && !IsClockConfigCrcValid)
        {
            problems.Add($"clock configuration CRC32 is 0x{ClockConfigCrc:X8}, expected 0x{Crc32.HashToUInt32(ClockConfig):X8}");
        }

        return problems;
    }

    /// <summary>CRC32 of bytes 0..171 of this header as it would be written.</summary>
    public uint ComputeHeaderCrc()
    {
        Span<byte> buffer = stackalloc byte[Size];
        WriteTo(buffer);
        return Crc32.HashToUInt32(buffer[..172]);
    }

    /// <summary>
    /// The same header with the flash, clock and header CRCs recomputed. With crc_ignore set and
    /// <paramref name="ignoreHeaderCrc"/>, the header CRC becomes 0xDEADBEEF instead.
    /// </summary>
    public BootHeader WithComputedCrcs(bool ignoreHeaderCrc = false)
    {
        var withBlockCrcs = this with
        {
            FlashConfigCrc = Crc32.HashToUInt32(FlashConfig),
            ClockConfigCrc = Crc32.HashToUInt32(ClockConfig),
        };
        return withBlockCrcs with
        {
            HeaderCrc = ignoreHeaderCrc ? IgnoredMarker : withBlockCrcs.ComputeHeaderCrc(),
        };
    }

    /// <summary>The 176 bytes exactly as stored (CRCs as they are: call <see cref="WithComputedCrcs"/> first to fix them).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Writes the 176 bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (FlashConfig.Length != FlashConfigLength || ClockConfig.Length != ClockConfigLength || Hash.Length != 32)
        {
            throw new ImageFormatException(
                $"boot header: flash config must be {FlashConfigLength} bytes, clock config {ClockConfigLength}, hash 32 " +
                $"(got {FlashConfig.Length}, {ClockConfig.Length}, {Hash.Length})");
        }

        Put(destination, 0, Magic);
        Put(destination, 4, Revision);
        Put(destination, 8, FlashConfigMagic);
        FlashConfig.CopyTo(destination[12..]);
        Put(destination, 96, FlashConfigCrc);
        Put(destination, 100, ClockConfigMagic);
        ClockConfig.CopyTo(destination[104..]);
        Put(destination, 112, ClockConfigCrc);
        Put(destination, 116, BootConfig.Value);
        Put(destination, 120, ImageLengthOrSegmentCount);
        Put(destination, 124, BootEntry);
        Put(destination, 128, ImageStart);
        Hash.CopyTo(destination[132..]);
        Put(destination, 164, Reserved1);
        Put(destination, 168, Reserved2);
        Put(destination, 172, HeaderCrc);
    }

    /// <summary>
    /// The default BL602 flash configuration (Winbond-style template, efuse_bootheader_cfg.conf),
    /// header offsets 12..95 (§5.2).
    /// </summary>
    public static byte[] DefaultFlashConfig()
    {
        byte[] c =
        [
            4, 1, 1, 1, 0x66, 0x99, 0xFF, 3, // 12..19 io_mode .. exit_contread_cmd_size
            0x9F, 0, 0x9F, 0, 4, 0xEF, 0x00, 0x01, // 20..27 jedec cmds, sector 4 KiB, mfg 0xEF, page 256
            0xC7, 0x20, 0x52, 0xD8, 0x06, 0x02, 0x32, 0, // 28..35 erase/program opcodes
            0x0B, 1, 0x0B, 1, 0x3B, 1, 0xBB, 0, // 36..43 read opcodes and dummy clocks
            0x6B, 1, 0xEB, 2, 0xEB, 2, 0x02, 0x50, // 44..51
            0, 1, 0, 1, 1, 0, 2, 1, // 52..59 register indexes and bit positions
            1, 1, 0xAB, 1, 0x05, 0x35, 0, 0, // 60..67
            0x01, 0x31, 0, 0, 0x38, 0xFF, 0x20, 0xFF, // 68..75
            0x77, 3, 2, 0x40, 0x77, 3, 2, 0xF0, // 76..83 burst wrap
            0x2C, 0x01, 0xB0, 0x04, 0xB0, 0x04, 0x05, 0x00, // 84..91 erase times 300/1200/1200 ms, page 5 ms
            0x20, 0x4E, 3, 0, // 92..95 chip erase 20 000 ms, power-down delay 3, qe_data 0
        ];
        return c;
    }

    /// <summary>40 MHz crystal, PLL 160 MHz, hclk_div 0, bclk_div 1, flash clock 80 MHz / 1 (§5.3).</summary>
    public static byte[] DefaultClockConfig() => [4, 4, 0, 1, 3, 1, 0, 0];

    private static uint U32(ReadOnlySpan<byte> bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);

    private static void Put(Span<byte> bytes, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes[offset..], value);
}
