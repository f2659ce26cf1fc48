using System.Buffers.Binary;
using Fixture.Protocol.Identity;

namespace Fixture.Protocol.Tests.Identity;

/// <summary>The 24-byte rf_para record (bl602_mfg_flash.c), built here byte by byte.</summary>
public class RfParaRecordTests
{
    /// <summary>A record as mfg_flash_write_macaddr_pre leaves it: magic 0x41, mac_valid 0x5A, the MAC, CRC-32 of bytes 4..19.</summary>
    internal static RfParaRecord Record(string mac)
    {
        var bytes = new byte[24];
        bytes[0] = 0x41;
        bytes[10] = 0x5A;
        MacAddress.Parse(mac).ToBytes().CopyTo(bytes, 11);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(4, 16)));
        return RfParaRecord.Parse(bytes);
    }

    [Fact]
    public void A_written_record_gives_its_MAC_in_network_order()
    {
        Assert.Equal("70:3E:97:AA:BB:CC", Record("70:3E:97:AA:BB:CC").Mac.ToString());
    }

    [Fact]
    public void The_CRC_is_zlibs_CRC_32_over_bytes_4_to_19()
    {
        // zlib.crc32 of the 16 bytes 00 00 00 00 00 00 5A 70 3E 97 1E 96 66 00 00 00, computed with Python's zlib.
        var bytes = new byte[24];
        bytes[0] = 0x41;
        bytes[10] = 0x5A;
        new byte[] { 0x70, 0x3E, 0x97, 0x1E, 0x96, 0x66 }.CopyTo(bytes, 11);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), 0x71D18E78);

        Assert.Equal("70:3E:97:1E:96:66", RfParaRecord.Parse(bytes).Mac.ToString());
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(10, "mac_valid")]
    [InlineData(21, "CRC")]
    public void A_record_with_a_wrong_magic_flag_or_CRC_gives_no_MAC(int offset, string problem)
    {
        var bytes = Record("70:3E:97:AA:BB:CC").Bytes.ToArray();
        bytes[offset] ^= 0x10;
        if (offset != 21)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(4, 16)));
        }

        var record = RfParaRecord.Parse(bytes);

        Assert.Null(record.Mac);
        Assert.Contains(problem, record.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_erased_rf_para_sector_gives_no_MAC()
    {
        var erased = new byte[24];
        Array.Fill(erased, (byte)0xFF);

        Assert.Null(RfParaRecord.Parse(erased).Mac);
    }
}
