using System.Buffers.Binary;

namespace Fixture.Simulator.Unit;

/// <summary>The reply shapes of protocol reference §3.2, as the chip sends them.</summary>
internal static class DeviceReply
{
    public static readonly byte[] Ok = [0x4F, 0x4B];

    public static readonly byte[] Pending = [0x50, 0x44];

    public static byte[] OkWith(ReadOnlySpan<byte> data)
    {
        var reply = new byte[4 + data.Length];
        reply[0] = 0x4F;
        reply[1] = 0x4B;
        BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(2), (ushort)data.Length);
        data.CopyTo(reply.AsSpan(4));
        return reply;
    }

    public static byte[] Fail(ushort code)
    {
        var reply = new byte[] { 0x46, 0x4C, 0, 0 };
        BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(2), code);
        return reply;
    }
}

/// <summary>Device error codes of protocol reference §8.1 that the simulated bootrom and loader send.</summary>
internal static class DeviceCode
{
    public const ushort FlashEraseParaError = 0x0002;
    public const ushort FlashEraseError = 0x0003;
    public const ushort FlashWriteParaError = 0x0004;
    public const ushort FlashWriteAddrError = 0x0005;
    public const ushort FlashWriteError = 0x0006;
    public const ushort FlashSetParaError = 0x0008;
    public const ushort FlashReadStatusRegError = 0x0009;
    public const ushort FlashWriteStatusRegError = 0x000A;
    public const ushort FlashDecompressWriteError = 0x000B;
    public const ushort FlashWriteXzError = 0x000C;
    public const ushort CmdIdError = 0x0101;
    public const ushort CmdLenError = 0x0102;
    public const ushort CmdCrcError = 0x0103;
    public const ushort CmdSeqError = 0x0104;
    public const ushort BootHeaderLenError = 0x0201;
    public const ushort BootHeaderNotLoadError = 0x0202;
    public const ushort BootHeaderMagicError = 0x0203;
    public const ushort BootHeaderCrcError = 0x0204;
    public const ushort BootHeaderEncryptNotFit = 0x0205;
    public const ushort BootHeaderSignNotFit = 0x0206;
    public const ushort SegmentCountError = 0x0207;
    public const ushort AesIvLenError = 0x0208;
    public const ushort AesIvCrcError = 0x0209;
    public const ushort PkLenError = 0x020A;
    public const ushort PkCrcError = 0x020B;
    public const ushort PkHashError = 0x020C;
    public const ushort SignatureLenError = 0x020D;
    public const ushort SignatureCrcError = 0x020E;
    public const ushort SectionHeaderLenError = 0x020F;
    public const ushort SectionHeaderCrcError = 0x0210;
    public const ushort SectionDataLenError = 0x0212;
    public const ushort SectionDataTotalLenError = 0x0214;
    public const ushort HalfBakedError = 0x0216;
    public const ushort HashError = 0x0217;
    public const ushort EfuseWriteParaError = 0x0401;
    public const ushort EfuseWriteAddrError = 0x0402;
    public const ushort EfuseReadParaError = 0x0404;
    public const ushort EfuseReadAddrError = 0x0405;
}
