using System.Buffers.Binary;
using System.IO.Hashing;

namespace Fixture.Simulator.Sdk;

/// <summary>Where mfg_media reads the factory ("M") MAC from, and the result.</summary>
/// <param name="Mac">Network order; null when the read failed.</param>
/// <param name="EfuseSlot">The eFuse slot read (2, 1 or 0), or null when none was found or rf_para was used.</param>
/// <param name="FromRfPara">True when the rf_para flash record was the medium.</param>
/// <param name="Why">What happened, for logs and test messages.</param>
public sealed record FactoryMacRead(byte[]? Mac, int? EfuseSlot, bool FromRfPara, string Why);

/// <summary>
/// The SDK's factory MAC ("M" in the dtb's MAC mode): bl_efuse_read_mac_factory → mfg_media_read_macaddr
/// (bl602_mfg_media.c): from the rf_para flash record when mfg_media_init found an "rf_para" entry in the
/// active partition table (rf_para_on_flash), else mfg_efuse_read_macaddr (bl602_mfg_efuse.c): the highest
/// non-empty slot of 2, 1, 0 (rf_cal_slots = 3), read with its parity; a parity failure fails the read (no
/// fall back to a lower slot); no slot written fails it too.
/// </summary>
public static class FactoryMac
{
    /// <summary>rf_para record: u32 magic 0x41, then capcode_valid, capcode, poweroffset_valid, poweroffset[3], mac_valid, mac[6], rsvd[3], u32 crc32.</summary>
    public const int RfParaRecordSize = 24;
    public const uint RfParaMagic = 0x41;
    public const byte RfParaValid = 0x5A;
    public const string RfParaPartitionName = "rf_para";

    /// <summary>mfg_efuse_read_macaddr on the raw eFuse region 0.</summary>
    public static FactoryMacRead FromEfuse(ReadOnlySpan<byte> region0)
    {
        for (var slot = EfuseMacSlots.SlotCount - 1; slot >= 0; slot--)
        {
            if (EfuseMacSlots.IsEmpty(region0, slot))
            {
                continue;
            }

            var read = EfuseMacSlots.ReadMac(region0, slot);
            return read.ParityOk
                ? new FactoryMacRead(read.Bytes, slot, false, $"eFuse slot {slot}")
                : new FactoryMacRead(null, slot, false, $"eFuse slot {slot} (highest written) fails its parity");
        }

        return new FactoryMacRead(null, null, false, "no eFuse MAC slot written");
    }

    /// <summary>mfg_flash_read_macaddr on the 24 bytes at the rf_para partition's address 0.</summary>
    public static FactoryMacRead FromRfPara(ReadOnlySpan<byte> record)
    {
        if (record.Length < RfParaRecordSize)
        {
            return new FactoryMacRead(null, null, true, "rf_para record cut short");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != RfParaMagic)
        {
            return new FactoryMacRead(null, null, true, "rf_para magic is not 0x41");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(record[20..]) != Crc32.HashToUInt32(record[4..20]))
        {
            return new FactoryMacRead(null, null, true, "rf_para CRC32 does not match");
        }

        if (record[10] != RfParaValid)
        {
            return new FactoryMacRead(null, null, true, "rf_para mac_valid is not 0x5A");
        }

        return new FactoryMacRead(record.Slice(11, 6).ToArray(), null, true, "rf_para flash record");
    }

    /// <summary>The 24-byte rf_para record as mfg_flash_write_macaddr_pre writes it (MAC valid, cap code and power offsets not set).</summary>
    public static byte[] BuildRfParaRecord(ReadOnlySpan<byte> mac)
    {
        if (mac.Length != 6)
        {
            throw new ArgumentException($"a MAC is 6 bytes, got {mac.Length}", nameof(mac));
        }

        var record = new byte[RfParaRecordSize];
        BinaryPrimitives.WriteUInt32LittleEndian(record, RfParaMagic);
        record[10] = RfParaValid;
        mac.CopyTo(record.AsSpan(11));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(20), Crc32.HashToUInt32(record.AsSpan(4, 16)));
        return record;
    }
}
