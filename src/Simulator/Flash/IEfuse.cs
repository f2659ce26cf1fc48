namespace Fixture.Simulator.Flash;

/// <summary>
/// The unit's eFuse region 0 (128 bytes, word i at bytes 4i..4i+3, little-endian, as the chip stores
/// them): sign/encrypt bits in cfg_0, sw_cfg0 at 0x10, the three MAC slots. What the firmware makes of
/// them (which MAC it uses) is the SDK's business: see <c>Sdk.EfuseMacSlots</c> and <c>Sdk.WifiMacConfig</c>.
/// </summary>
public interface IEfuse
{
    /// <summary>
    /// MAC slot 0 (wifi_mac words 0x14/0x18, the chip id) in network order, whatever its parity: the
    /// bytes get_boot_info and efuse_read_mac carry, reversed. Not necessarily the MAC the firmware uses.
    /// </summary>
    ReadOnlyMemory<byte> Mac { get; }

    /// <summary>sw_cfg0 (sw_usage_0, offset 0x10): bit 1 = uart_log_disable silences boot2's log.</summary>
    uint SoftwareConfig0 { get; }

    byte SignType { get; }

    byte EncryptType { get; }

    /// <summary>The raw 128 bytes as efuse_read (0x41) returns them.</summary>
    ReadOnlyMemory<byte> Raw { get; }
}
