namespace Fixture.Protocol.Images;

/// <summary>
/// The boot configuration word at offset 116 of a boot header (protocol reference §5.4).
/// </summary>
public readonly record struct BootConfig(uint Value)
{
    /// <summary>Flash (XIP) image template: no_segment, cache_enable, cache_way_disable = 3.</summary>
    public static BootConfig FlashImage => new(0x0000_3300);

    /// <summary>Older eflash_loader RAM image: cache_enable only, segmented.</summary>
    public static BootConfig LegacyHelper => new(0x0000_0200);

    /// <summary>Current eflash_loader: no_segment, cache_enable, crc_ignore, hash_ignore.</summary>
    public static BootConfig CurrentHelper => new(0x0003_0300);

    /// <summary>Bits 1:0 — 0 none, 1 ECC signature.</summary>
    public int Sign => (int)(Value & 0x3);

    /// <summary>Bits 3:2 — 0 none, 1 AES-128, 2 AES-256, 3 AES-192.</summary>
    public int EncryptType => (int)((Value >> 2) & 0x3);

    /// <summary>Bits 5:4 — AES key slot.</summary>
    public int KeySelect => (int)((Value >> 4) & 0x3);

    /// <summary>Bit 8 — a flash (XIP) image addressed by img_start/img_len rather than segments.</summary>
    public bool NoSegment => Bit(8);

    /// <summary>Bit 9 — enable the XIP cache.</summary>
    public bool CacheEnable => Bit(9);

    /// <summary>Bit 10 — the bootrom refuses the image (error 0x0202).</summary>
    public bool NotLoadInBootrom => Bit(10);

    /// <summary>Bit 11 — AES region lock.</summary>
    public bool AesRegionLock => Bit(11);

    /// <summary>Bits 15:12 — cache ways disabled.</summary>
    public int CacheWayDisable => (int)((Value >> 12) & 0xF);

    /// <summary>Bit 16 — with header CRC 0xDEADBEEF, skip the header CRC check.</summary>
    public bool CrcIgnore => Bit(16);

    /// <summary>Bit 17 — skip the image hash check (unsigned images only).</summary>
    public bool HashIgnore => Bit(17);

    /// <summary>Bit 18 — halt the application processor (multi-core parts).</summary>
    public bool HaltAp => Bit(18);

    public BootConfig WithNoSegment(bool on) => With(8, on);

    public BootConfig WithCacheEnable(bool on) => With(9, on);

    public BootConfig WithNotLoadInBootrom(bool on) => With(10, on);

    public BootConfig WithCrcIgnore(bool on) => With(16, on);

    public BootConfig WithHashIgnore(bool on) => With(17, on);

    public BootConfig WithSign(int sign) => new((Value & ~0x3u) | ((uint)sign & 0x3));

    public BootConfig WithEncryptType(int type) => new((Value & ~0xCu) | (((uint)type & 0x3) << 2));

    public override string ToString() =>
        $"0x{Value:X8} (sign {Sign}, encrypt {EncryptType}, no_segment {B(NoSegment)}, cache {B(CacheEnable)}, " +
        $"notload {B(NotLoadInBootrom)}, cache_way_disable {CacheWayDisable}, crc_ignore {B(CrcIgnore)}, hash_ignore {B(HashIgnore)})";

    private bool Bit(int n) => ((Value >> n) & 1) != 0;

    private BootConfig With(int n, bool on) => new(on ? Value | (1u << n) : Value & ~(1u << n));

    private static int B(bool b) => b ? 1 : 0;
}
