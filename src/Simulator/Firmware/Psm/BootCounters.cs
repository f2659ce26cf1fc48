using System.Buffers.Binary;

namespace Fixture.Simulator.Firmware.Psm;

/// <summary>
/// OpenBeken's boot counters (EasyFlash key <c>OBK_FV</c>, hal_flashVars_bl602.c): boot_count is
/// incremented first thing in Main_Init_Before_Delay, boot_success_count = boot_count when boot
/// complete is reached, failures = the difference (openbl602-boot.md §3). Stand-in layout: two u32.
/// </summary>
public readonly record struct BootCounters(uint BootCount, uint BootSuccessCount)
{
    public const int ByteLength = 8;

    /// <summary>RESTARTS_REQUIRED_FOR_SAFE_MODE: more failures than this make a safe-mode boot.</summary>
    public const int RestartsRequiredForSafeMode = 4;

    public int Failures => (int)(BootCount - BootSuccessCount);

    /// <summary>Counters that make the next boot (after its own increment) see this many failures.</summary>
    public static BootCounters WithFailuresBeforeNextBoot(int failures) => new((uint)Math.Max(0, failures) + 10, 10);

    public static BootCounters Parse(ReadOnlySpan<byte> bytes) =>
        bytes.Length < ByteLength
            ? default
            : new BootCounters(BinaryPrimitives.ReadUInt32LittleEndian(bytes), BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]));

    public byte[] ToBytes()
    {
        var bytes = new byte[ByteLength];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, BootCount);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), BootSuccessCount);
        return bytes;
    }
}
