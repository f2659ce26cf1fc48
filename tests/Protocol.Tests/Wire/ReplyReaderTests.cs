using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Tests.Wire.Peers;
using Fixture.Protocol.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Protocol.Tests.Wire;

public class ReplyReaderTests
{
    private readonly FakeTimeProvider time = new();

    private Reply ReadReply(byte[] deviceBytes, bool expectData, int? fragment = null, TimeSpan? timeout = null)
    {
        using var peer = new ScriptedPeerStream(time) { FragmentSize = fragment };
        return VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "test link");
            peer.Send(deviceBytes, TimeSpan.FromMilliseconds(2));
            return await ReplyReader.ReadAsync(channel, 0x30, expectData, timeout ?? TimeSpan.FromMilliseconds(500), CancellationToken.None);
        });
    }

    private TException ReadReplyFails<TException>(byte[] deviceBytes, bool expectData)
        where TException : Exception
    {
        using var peer = new ScriptedPeerStream(time);
        return VirtualLoop.Run(time, async () =>
        {
            using var channel = new ByteChannel(peer, time, "test link");
            peer.Send(deviceBytes, TimeSpan.FromMilliseconds(2));
            return await Assert.ThrowsAsync<TException>(() => ReplyReader.ReadAsync(channel, 0x3D, expectData, TimeSpan.FromMilliseconds(200), CancellationToken.None));
        });
    }

    [Fact]
    public void Plain_OK_is_an_ack() => Assert.Equal(ReplyKind.Ok, ReadReply("OK"u8.ToArray(), expectData: false).Kind);

    [Fact]
    public void OK_with_length_and_data_is_read_exactly_across_fragments()
    {
        var reply = ReadReply(Reply.OkWith(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()).ToBytes(), expectData: true, fragment: 5);
        Assert.Equal(32, reply.Data.Length);
        Assert.Equal(31, reply.Data[31]);
    }

    [Fact]
    public void Erase_reply_preceded_by_PD_is_accepted()
    {
        var reply = ReadReply([.. "PDPDPD"u8, .. "OK"u8], expectData: false);
        Assert.Equal(ReplyKind.Ok, reply.Kind);
    }

    [Fact]
    public void FL_reply_gives_the_code()
    {
        var reply = ReadReply(Convert.FromHexString("464C0301"), expectData: false);
        Assert.Equal(ReplyKind.Fail, reply.Kind);
        Assert.Equal((ushort)DeviceErrorCode.CMD_CRC_ERROR, reply.ErrorCode);
    }

    [Fact]
    public void FL_after_PD_gives_the_code()
    {
        var reply = ReadReply([.. "PD"u8, .. Convert.FromHexString("464C0300")], expectData: false);
        Assert.Equal((ushort)DeviceErrorCode.FLASH_ERASE_ERROR, reply.ErrorCode);
    }

    [Fact]
    public void Garbage_from_a_baud_mismatch_is_a_protocol_error_showing_the_hex()
    {
        var error = ReadReplyFails<IspProtocolException>([0xF8, 0x80, 0x78, 0x00], expectData: false);
        Assert.Contains("F8807800", error.Message, StringComparison.Ordinal);
        Assert.Contains("flash_readSha (0x3D)", error.Message, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xF8, 0x80, 0x78, 0x00 }, error.Received);
    }

    [Fact]
    public void Data_shorter_than_its_length_field_times_out_saying_how_much_came()
    {
        var error = ReadReplyFails<IspTimeoutException>(Convert.FromHexString("4F4B2000AABBCC"), expectData: true);
        Assert.Equal(32, error.BytesExpected);
        Assert.Equal(3, error.BytesReceived);
        Assert.Contains("32 bytes announced", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Half_a_status_times_out()
    {
        var error = ReadReplyFails<IspTimeoutException>("O"u8.ToArray(), expectData: false);
        Assert.Equal(1, error.BytesReceived);
    }

    [Fact]
    public void A_truncated_error_code_times_out()
    {
        var error = ReadReplyFails<IspTimeoutException>("FL\x03"u8.ToArray(), expectData: false);
        Assert.Contains("error code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_reply_of_the_wrong_length_is_a_protocol_error()
    {
        using var peer = new ScriptedPeerStream(time);
        using var channel = new ByteChannel(peer, time);
        Assert.Throws<IspProtocolException>(() => ReplyReader.ExpectLength(channel, 0x3D, Reply.OkWith(new byte[31]), 32));
    }

    [Fact]
    public void Sample_get_boot_info_reply_decodes_as_the_reference_says()
    {
        var reply = ReadReply(Convert.FromHexString("4F4B14000100000000000000030000009115 07CF0EB41A00".Replace(" ", "", StringComparison.Ordinal)), expectData: true);
        var info = BootInfo.Parse(reply.Data);
        Assert.Equal(1u, info.BootromVersion);
        Assert.Equal(0, info.SignType);
        Assert.Equal(0, info.EncryptType);
        Assert.Equal(3u, info.SwConfig0.Raw);
        Assert.True(info.SwConfig0.BootromProtect);
        Assert.True(info.SwConfig0.UartLogDisable);
        Assert.False(info.SwConfig0.UartBootDisable);
        Assert.Equal("B4:0E:CF:07:15:91", info.ChipId.ToString());
        Assert.Equal(26, info.MacZeroBitCount);
        Assert.True(info.MacCheckPasses);
        Assert.False(info.IsLocked);
        Assert.False(info.IsLoaderRunning);
    }
}
