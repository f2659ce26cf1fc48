using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Tests.Wire;

public class RequestFrameTests
{
    // §11 test vectors, byte for byte.
    [Fact]
    public void Get_boot_info_request_matches_the_reference_vector() =>
        Assert.Equal(Convert.FromHexString("10000000"), RequestFrame.Encode(0x10, [], withChecksum: false));

    [Fact]
    public void Erase_0x10000_to_0x10FFF_with_checksum_matches_the_reference_vector() =>
        Assert.Equal(
            Convert.FromHexString("30180800000001 00FF0F0100".Replace(" ", "", StringComparison.Ordinal)),
            RequestFrame.Encode(0x30, Convert.FromHexString("00000100FF0F0100"), withChecksum: true));

    [Fact]
    public void ReadSha_0x10000_length_0x1000_matches_the_reference_vector() =>
        Assert.Equal(
            Convert.FromHexString("3D1908000000010000100000"),
            RequestFrame.Encode(0x3D, Convert.FromHexString("0000010000100000"), withChecksum: true));

    [Fact]
    public void Read_0x0_length_0x100_matches_the_reference_vector() =>
        Assert.Equal(
            Convert.FromHexString("320908000000000000010000"),
            RequestFrame.Encode(0x32, Convert.FromHexString("0000000000010000"), withChecksum: true));

    [Theory]
    [InlineData(0x36, "36000000")]
    [InlineData(0x3A, "3A000000")]
    [InlineData(0x21, "21000000")]
    [InlineData(0x60, "60000000")]
    public void Empty_commands_match_the_reference_vectors(byte id, string hex) =>
        Assert.Equal(Convert.FromHexString(hex), RequestFrame.Encode(id, [], withChecksum: true));

    [Fact]
    public void Checksum_sums_both_length_bytes_and_the_payload_but_not_the_id()
    {
        var payload = Enumerable.Repeat((byte)0xFF, 0x0102).ToArray();
        // 0x02 + 0x01 + 0x102 × 0xFF = 0x3 + 0x100FE → low byte 0x01
        Assert.Equal(0x01, RequestFrame.ComputeChecksum(payload));
    }

    [Fact]
    public void Frames_round_trip_through_decode()
    {
        var payload = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();
        var bytes = RequestFrame.Encode(0x31, payload, withChecksum: true);
        Assert.True(RequestFrame.TryDecode([.. bytes, 0xAA], out var frame, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(0x31, frame!.Command);
        Assert.Equal(payload, frame.Payload);
        Assert.True(frame.ChecksumValid);
        Assert.Equal(bytes, frame.ToBytes());
    }

    [Fact]
    public void An_incomplete_frame_does_not_decode()
    {
        var bytes = RequestFrame.Encode(0x31, new byte[10], withChecksum: true);
        Assert.False(RequestFrame.TryDecode(bytes.AsSpan(0, bytes.Length - 1), out _, out _));
        Assert.False(RequestFrame.TryDecode(bytes.AsSpan(0, 3), out _, out _));
    }

    [Fact]
    public void A_wrong_checksum_is_detected_and_zero_means_unchecked()
    {
        var bytes = RequestFrame.Encode(0x3D, new byte[] { 1, 2, 3 }, withChecksum: true);
        bytes[1] ^= 0x55;
        RequestFrame.TryDecode(bytes, out var bad, out _);
        Assert.False(bad!.ChecksumValid);
        bytes[1] = 0;
        RequestFrame.TryDecode(bytes, out var unchecked_, out _);
        Assert.True(unchecked_!.ChecksumValid);
    }

    [Fact]
    public void Reply_shapes_match_the_reference()
    {
        Assert.Equal(Convert.FromHexString("464C0301"), Reply.Fail(DeviceErrorCode.CMD_CRC_ERROR).ToBytes());
        var sha = Reply.OkWith(new byte[32]).ToBytes();
        Assert.Equal(36, sha.Length);
        Assert.Equal(Convert.FromHexString("4F4B2000"), sha[..4]);
        Assert.Equal("OK"u8.ToArray(), Reply.Ok().ToBytes());
        Assert.Equal("PD"u8.ToArray(), Reply.Pending().ToBytes());
    }

    [Fact]
    public void Every_reference_error_code_has_its_name()
    {
        Assert.Equal("CMD_CRC_ERROR", DeviceErrorCodes.NameOf(0x0103));
        Assert.Equal("FLASH_DECOMPRESS_WRITE_ERROR", DeviceErrorCodes.NameOf(0x000B));
        Assert.Equal("IMG_SECTIONHEADER_CRC_ERROR", DeviceErrorCodes.NameOf(0x0210));
        Assert.Equal("EFUSE_READ_MAC_ERROR", DeviceErrorCodes.NameOf(0x0407));
        Assert.Equal("FAIL", DeviceErrorCodes.NameOf(0xFFFF));
        Assert.Equal("UNKNOWN_0x0999", DeviceErrorCodes.NameOf(0x0999));
        Assert.Equal(60, Enum.GetValues<DeviceErrorCode>().Length);
    }
}
