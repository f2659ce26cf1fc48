namespace Fixture.Protocol.Wire;

/// <summary>
/// Error codes a BL602 bootrom or eflash_loader sends after <c>FL</c> (u16 LE), as listed in the
/// protocol reference §8.1. Member names are the reference's names so logs match vendor tools.
/// </summary>
#pragma warning disable CA1707 // the reference's names, underscores included, so logs and reports match vendor tools
public enum DeviceErrorCode : ushort
{
    SUCCESS = 0x0000,
    FLASH_INIT_ERROR = 0x0001,
    FLASH_ERASE_PARA_ERROR = 0x0002,
    FLASH_ERASE_ERROR = 0x0003,
    FLASH_WRITE_PARA_ERROR = 0x0004,
    FLASH_WRITE_ADDR_ERROR = 0x0005,
    FLASH_WRITE_ERROR = 0x0006,
    FLASH_BOOT_PARA_ERROR = 0x0007,
    FLASH_SET_PARA_ERROR = 0x0008,
    FLASH_READ_STATUS_REG_ERROR = 0x0009,
    FLASH_WRITE_STATUS_REG_ERROR = 0x000A,
    FLASH_DECOMPRESS_WRITE_ERROR = 0x000B,
    FLASH_WRITE_XZ_ERROR = 0x000C,
    CMD_ID_ERROR = 0x0101,
    CMD_LEN_ERROR = 0x0102,
    CMD_CRC_ERROR = 0x0103,
    CMD_SEQ_ERROR = 0x0104,
    IMG_BOOTHEADER_LEN_ERROR = 0x0201,
    IMG_BOOTHEADER_NOT_LOAD_ERROR = 0x0202,
    IMG_BOOTHEADER_MAGIC_ERROR = 0x0203,
    IMG_BOOTHEADER_CRC_ERROR = 0x0204,
    IMG_BOOTHEADER_ENCRYPT_NOTFIT = 0x0205,
    IMG_BOOTHEADER_SIGN_NOTFIT = 0x0206,
    IMG_SEGMENT_CNT_ERROR = 0x0207,
    IMG_AES_IV_LEN_ERROR = 0x0208,
    IMG_AES_IV_CRC_ERROR = 0x0209,
    IMG_PK_LEN_ERROR = 0x020A,
    IMG_PK_CRC_ERROR = 0x020B,
    IMG_PK_HASH_ERROR = 0x020C,
    IMG_SIGNATURE_LEN_ERROR = 0x020D,
    IMG_SIGNATURE_CRC_ERROR = 0x020E,
    IMG_SECTIONHEADER_LEN_ERROR = 0x020F,
    IMG_SECTIONHEADER_CRC_ERROR = 0x0210,
    IMG_SECTIONHEADER_DST_ERROR = 0x0211,
    IMG_SECTIONDATA_LEN_ERROR = 0x0212,
    IMG_SECTIONDATA_DEC_ERROR = 0x0213,
    IMG_SECTIONDATA_TLEN_ERROR = 0x0214,
    IMG_SECTIONDATA_CRC_ERROR = 0x0215,
    IMG_HALFBAKED_ERROR = 0x0216,
    IMG_HASH_ERROR = 0x0217,
    IMG_SIGN_PARSE_ERROR = 0x0218,
    IMG_SIGN_ERROR = 0x0219,
    IMG_DEC_ERROR = 0x021A,
    IMG_ALL_INVALID_ERROR = 0x021B,
    IF_RATE_LEN_ERROR = 0x0301,
    IF_RATE_PARA_ERROR = 0x0302,
    IF_PASSWORDERROR = 0x0303,
    IF_PASSWORDCLOSE = 0x0304,
    EFUSE_WRITE_PARA_ERROR = 0x0401,
    EFUSE_WRITE_ADDR_ERROR = 0x0402,
    EFUSE_WRITE_ERROR = 0x0403,
    EFUSE_READ_PARA_ERROR = 0x0404,
    EFUSE_READ_ADDR_ERROR = 0x0405,
    EFUSE_READ_ERROR = 0x0406,
    EFUSE_READ_MAC_ERROR = 0x0407,
    EFUSE_WRITE_MAC_ERROR = 0x0408,
    PLL_ERROR = 0xFFFC,
    INVASION_ERROR = 0xFFFD,
    POLLING = 0xFFFE,
    FAIL = 0xFFFF,
}
#pragma warning restore CA1707

/// <summary>Names and classification of <see cref="DeviceErrorCode"/> values.</summary>
public static class DeviceErrorCodes
{
    /// <summary>The reference's name for a code, or <c>UNKNOWN_0xNNNN</c> for one it does not list.</summary>
    public static string NameOf(ushort code) =>
        Enum.IsDefined(typeof(DeviceErrorCode), code) ? ((DeviceErrorCode)code).ToString() : $"UNKNOWN_0x{code:X4}";

    /// <summary>
    /// Codes the loader reports for a program or decompress failure found after it had already
    /// acknowledged a 0x31/0x3F frame (sent unsolicited, and latched for 0x3A).
    /// </summary>
    public static bool IsWriteFailure(ushort code) =>
        code is (ushort)DeviceErrorCode.FLASH_WRITE_ERROR
            or (ushort)DeviceErrorCode.FLASH_DECOMPRESS_WRITE_ERROR
            or (ushort)DeviceErrorCode.FLASH_WRITE_XZ_ERROR;
}
