namespace Fixture.Protocol.Wire;

/// <summary>Command ids of the BL602 bootrom (§4.1) and eflash_loader (§6.1).</summary>
public static class IspCommand
{
    public const byte GetBootInfo = 0x10;
    public const byte LoadBootHeader = 0x11;
    public const byte LoadSegmentHeader = 0x17;
    public const byte LoadSegmentData = 0x18;
    public const byte CheckImage = 0x19;
    public const byte RunImage = 0x1A;

    public const byte Reset = 0x21;
    public const byte FlashErase = 0x30;
    public const byte FlashWrite = 0x31;
    public const byte FlashRead = 0x32;
    public const byte FlashBoot = 0x33;
    public const byte FlashReadJedecId = 0x36;
    public const byte FlashWriteCheck = 0x3A;
    public const byte FlashSetParameters = 0x3B;
    public const byte FlashReadSha = 0x3D;
    public const byte FlashXipReadSha = 0x3E;
    public const byte FlashDecompressWrite = 0x3F;
    public const byte EfuseRead = 0x41;
    public const byte EfuseReadMac = 0x42;
    public const byte XipReadStart = 0x60;
    public const byte XipReadFinish = 0x61;
    public const byte LogRead = 0x71;

    /// <summary>Vendor name of a command id for messages ("flash_erase (0x30)").</summary>
    public static string Describe(byte id) => id switch
    {
        GetBootInfo => "get_boot_info (0x10)",
        LoadBootHeader => "load_boot_header (0x11)",
        LoadSegmentHeader => "load_segment_header (0x17)",
        LoadSegmentData => "load_segment_data (0x18)",
        CheckImage => "check_image (0x19)",
        RunImage => "run_image (0x1A)",
        Reset => "reset (0x21)",
        FlashErase => "flash_erase (0x30)",
        FlashWrite => "flash_write (0x31)",
        FlashRead => "flash_read (0x32)",
        FlashBoot => "flash_boot (0x33)",
        FlashReadJedecId => "flash_read_jedec_id (0x36)",
        FlashWriteCheck => "flash_write_check (0x3A)",
        FlashSetParameters => "flash_set_para (0x3B)",
        FlashReadSha => "flash_readSha (0x3D)",
        FlashXipReadSha => "flash_xip_readSha (0x3E)",
        FlashDecompressWrite => "flash_decompress_write (0x3F)",
        EfuseRead => "efuse_read (0x41)",
        EfuseReadMac => "efuse_read_mac (0x42)",
        XipReadStart => "xip_read_start (0x60)",
        XipReadFinish => "xip_read_finish (0x61)",
        LogRead => "log_read (0x71)",
        _ => $"command 0x{id:X2}",
    };
}
