namespace Fixture.Simulator.Flash;

/// <summary>The unit's eFuse region 0 (128 bytes): MAC, sign/encrypt flags, sw_cfg0.</summary>
public interface IEfuse
{
    /// <summary>The 6-byte MAC in normal order (70:3E:97:1E:96:66 is 70 3E 97 1E 96 66).</summary>
    ReadOnlyMemory<byte> Mac { get; }

    /// <summary>sw_cfg0 (sw_usage_0): bit 1 = uart_log_disable silences boot2's log.</summary>
    uint SoftwareConfig0 { get; }

    byte SignType { get; }

    byte EncryptType { get; }

    /// <summary>The raw 128 bytes as efuse_read (0x41) returns them.</summary>
    ReadOnlyMemory<byte> Raw { get; }
}
