using System.Buffers.Binary;

namespace Fixture.Protocol.Wire;

/// <summary>What a reply (§3.2) turned out to be.</summary>
public enum ReplyKind
{
    /// <summary><c>OK</c>, with or without a data block.</summary>
    Ok,

    /// <summary><c>FL</c> + u16 error code.</summary>
    Fail,

    /// <summary><c>PD</c>: the device is still working (erase); the answer follows.</summary>
    Pending,
}

/// <summary>A device reply: <c>OK</c>, <c>OK</c> + u16 length + data, <c>FL</c> + u16 code, or <c>PD</c>.</summary>
/// <param name="Kind">Which form.</param>
/// <param name="Data">Data block of an OK-with-data reply, else empty.</param>
/// <param name="ErrorCode">Code of an FL reply, else 0.</param>
public sealed record Reply(ReplyKind Kind, byte[] Data, ushort ErrorCode)
{
    public static ReadOnlySpan<byte> OkBytes => "OK"u8;

    public static ReadOnlySpan<byte> FailBytes => "FL"u8;

    public static ReadOnlySpan<byte> PendingBytes => "PD"u8;

    public static Reply Ok() => new(ReplyKind.Ok, [], 0);

    public static Reply OkWith(ReadOnlySpan<byte> data) => new(ReplyKind.Ok, data.ToArray(), 0);

    public static Reply Fail(ushort code) => new(ReplyKind.Fail, [], code);

    public static Reply Fail(DeviceErrorCode code) => Fail((ushort)code);

    public static Reply Pending() => new(ReplyKind.Pending, [], 0);

    /// <summary>Encodes the reply as the device sends it. <paramref name="withLength"/> adds the length field even for empty data.</summary>
    public byte[] ToBytes(bool withLength = false)
    {
        switch (Kind)
        {
            case ReplyKind.Ok when Data.Length == 0 && !withLength:
                return OkBytes.ToArray();
            case ReplyKind.Ok:
                var ok = new byte[4 + Data.Length];
                OkBytes.CopyTo(ok);
                BinaryPrimitives.WriteUInt16LittleEndian(ok.AsSpan(2), checked((ushort)Data.Length));
                Data.CopyTo(ok.AsSpan(4));
                return ok;
            case ReplyKind.Fail:
                var fl = new byte[4];
                FailBytes.CopyTo(fl);
                BinaryPrimitives.WriteUInt16LittleEndian(fl.AsSpan(2), ErrorCode);
                return fl;
            default:
                return PendingBytes.ToArray();
        }
    }
}
