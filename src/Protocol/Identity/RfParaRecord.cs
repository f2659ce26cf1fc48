using System.Buffers.Binary;
using System.IO.Hashing;

namespace Fixture.Protocol.Identity;

/// <summary>
/// The 24-byte record at the start of a partition table's "rf_para" entry, where the SDK's mfg_media
/// layer keeps factory RF parameters and a MAC when they live in flash (bl602_mfg_flash.c):
/// u32 magic 0x41, capcode_valid, capcode, poweroffset_valid, poweroffset[3], mac_valid, mac[6]
/// (network order), 3 reserved bytes, then the standard CRC-32 of the 16 bytes from capcode_valid.
/// </summary>
public sealed class RfParaRecord
{
    public const int Length = 24;
    public const uint Magic = 0x41;
    public const byte ValidFlag = 0x5A;

    /// <summary>The partition-table entry name mfg_flash_init looks for (the SDK compares it exactly).</summary>
    public const string PartitionName = "rf_para";

    private const int CrcStart = 4;
    private const int CrcLength = 16;
    private const int MacValidOffset = 10;
    private const int MacOffset = 11;
    private const int CrcOffset = 20;

    private readonly byte[] bytes;

    private RfParaRecord(byte[] bytes)
    {
        this.bytes = bytes;
    }

    public ReadOnlyMemory<byte> Bytes => bytes;

    public bool MagicOk => BinaryPrimitives.ReadUInt32LittleEndian(bytes) == Magic;

    public bool CrcOk => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(CrcOffset)) == Crc32.HashToUInt32(bytes.AsSpan(CrcStart, CrcLength));

    public bool MacValid => bytes[MacValidOffset] == ValidFlag;

    /// <summary>mfg_flash_read_macaddr's MAC: magic, CRC and mac_valid all right; else null (the read fails).</summary>
    public MacAddress? Mac => MagicOk && CrcOk && MacValid ? MacAddress.FromBytes(bytes.AsSpan(MacOffset, 6)) : null;

    /// <summary>Why <see cref="Mac"/> is null, in words; null when it is not.</summary>
    public string? Problem =>
        !MagicOk ? $"magic 0x{BinaryPrimitives.ReadUInt32LittleEndian(bytes):X8} is not 0x41"
        : !CrcOk ? "its CRC-32 does not match"
        : !MacValid ? $"mac_valid is 0x{bytes[MacValidOffset]:X2}, not 0x5A"
        : null;

    /// <exception cref="ArgumentException">Not exactly 24 bytes.</exception>
    public static RfParaRecord Parse(ReadOnlySpan<byte> record)
    {
        if (record.Length != Length)
        {
            throw new ArgumentException($"An rf_para record has {Length} bytes, got {record.Length}.", nameof(record));
        }

        return new RfParaRecord(record.ToArray());
    }

    /// <summary>The record mfg_flash_write_macaddr_pre writes for <paramref name="mac"/> (tests and tools).</summary>
    public static RfParaRecord Written(MacAddress mac)
    {
        var record = new byte[Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, Magic);
        record[MacValidOffset] = ValidFlag;
        mac.CopyTo(record.AsSpan(MacOffset, 6));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(CrcOffset), Crc32.HashToUInt32(record.AsSpan(CrcStart, CrcLength)));
        return new RfParaRecord(record);
    }
}
