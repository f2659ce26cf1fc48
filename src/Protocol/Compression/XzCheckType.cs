namespace Fixture.Protocol.Compression;

/// <summary>
/// The integrity check named in a .xz stream's flags (low nibble of the second flags byte).
/// The BL602 loader's decoder accepts <see cref="None"/> and <see cref="Crc32"/> only; the host
/// tools write CRC32.
/// </summary>
public enum XzCheckType
{
    None = 0x0,
    Crc32 = 0x1,
    Crc64 = 0x4,
    Sha256 = 0xA,
}
