using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Identity;
using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Loader;

/// <summary>
/// Talks to the RAM eflash_loader (§6): the second handshake at the working baud and the flash,
/// eFuse and control commands the fixture needs. One frame, one reply; nothing is pipelined.
/// </summary>
/// <remarks>
/// 0x31/0x3F are acknowledged before the flash is programmed. A program failure found afterwards
/// arrives as an unsolicited <c>FL</c>, often where the reply to the next frame is expected; it is
/// reported as a late <see cref="DeviceErrorException"/> naming the write. Only 0x3A and a SHA-256
/// prove a write.
/// </remarks>
public sealed class LoaderClient
{
    private readonly ByteChannel channel;
    private readonly TimeProvider time;
    private byte? pendingWrite;
    private int framesSinceErase;

    public LoaderClient(ByteChannel channel, TimeProvider time, LoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(time);
        this.channel = channel;
        this.time = time;
        Options = options ?? new LoaderOptions();
        Options.Validate();
    }

    public LoaderOptions Options { get; }

    /// <summary>The clock this client measures deadlines on.</summary>
    public TimeProvider Time => time;

    /// <summary>The channel this client talks on (byte counters, link name).</summary>
    public ByteChannel Channel => channel;

    /// <summary>Baud of the last successful handshake (0 before one).</summary>
    public int BaudRate { get; private set; }

    /// <summary>
    /// FL replies seen since this client was created, checksum refusals (FL 0103) excepted: the
    /// loader counts failing command handlers and drops to handshake mode on the third (the count is
    /// never reset), so from 3 on it must be re-synced. A checksum refusal comes before any handler
    /// and does not count (§3.4, §10).
    /// </summary>
    public int DeviceErrorCount { get; private set; }

    /// <summary>True when the loader has refused enough commands that it has gone back to handshake mode.</summary>
    public bool LoaderLikelyInHandshakeMode => DeviceErrorCount >= 3;

    /// <summary>
    /// The second handshake (§2.3) at <paramref name="baud"/>; the host port must already run at it.
    /// </summary>
    /// <exception cref="UnsupportedBaudRateException">The loader would snap <paramref name="baud"/> to another rate.</exception>
    /// <exception cref="HandshakeFailedException">No OK.</exception>
    public async Task<int> HandshakeAsync(int baud, CancellationToken cancellationToken = default)
    {
        LoaderBaudRate.EnsureSupported(baud);
        var attempts = await BurstUntilAnsweredAsync(baud, cancellationToken);
        if (attempts > 1 && !await AnswersInCommandModeAsync(baud, cancellationToken))
        {
            // An OK heard after a further burst may answer an earlier one; the loader then read the later
            // burst as a frame, and is in no state we can name. Only silence returns it to handshake mode.
            // The answer came late (a slow adapter), so this time one burst and a long wait: a second
            // burst would reach the loader in command mode again and block it the same way.
            await channel.DrainAsync(Options.IdleDropTime, Options.IdleDropTime * 4, cancellationToken);
            var patient = Options.Handshake with { Attempts = 1, ReplyTimeout = Options.LateAnswerReplyTimeout };
            attempts += await AutoBaudHandshake.RunAsync(channel, baud, patient, "eflash_loader", cancellationToken);
        }

        BaudRate = baud;
        pendingWrite = null;
        return attempts;
    }

    /// <summary>
    /// <see cref="HandshakeAsync"/> after the silence that returns a loader to handshake mode
    /// (<see cref="LoaderOptions.IdleDropTime"/>): the retry for a loader that never answered a burst,
    /// since one in command mode reads every burst as a frame and only silence brings it back.
    /// </summary>
    public async Task<int> HandshakeAfterIdleDropAsync(int baud, CancellationToken cancellationToken = default)
    {
        LoaderBaudRate.EnsureSupported(baud);
        await channel.DrainAsync(Options.IdleDropTime, Options.IdleDropTime * 4, cancellationToken);
        return await HandshakeAsync(baud, cancellationToken);
    }

    private async Task<int> BurstUntilAnsweredAsync(int baud, CancellationToken cancellationToken)
    {
        try
        {
            return await AutoBaudHandshake.RunAsync(channel, baud, Options.Handshake, "eflash_loader", cancellationToken);
        }
        catch (HandshakeFailedException)
        {
            if (!await AnswersInCommandModeAsync(baud, cancellationToken))
                throw;
            return Math.Max(1, Options.Handshake.Attempts);
        }
    }

    // A loader whose OK to an early burst was missed (late behind a slow host, garbled) is in command
    // mode and drops every later burst as an oversized frame. After a quiet gap it answers a
    // well-formed get_bootinfo; one still in handshake mode (or a helper not yet running) ignores it.
    private async Task<bool> AnswersInCommandModeAsync(int baud, CancellationToken cancellationToken)
    {
        await channel.DrainAsync(Options.LateErrorDrainQuiet, Options.CommandTimeout, cancellationToken);
        BaudRate = baud;
        try
        {
            var reply = await ExchangeAsync(IspCommand.GetBootInfo, [], true, Options.CommandModeProbeTimeout, BootInfo.Length, 0, cancellationToken);
            return reply.Kind == ReplyKind.Ok;
        }
        catch (IspException e) when (e is not IspLinkException)
        {
            await channel.DrainAsync(Options.LateErrorDrainQuiet, Options.CommandTimeout, cancellationToken);
            return false;
        }
        finally
        {
            BaudRate = 0;
        }
    }

    /// <summary>
    /// Takes over a loader that another party already handshook at <paramref name="baud"/> (the vendor
    /// imitation runs its own handshake).
    /// </summary>
    public void AdoptHandshake(int baud)
    {
        LoaderBaudRate.EnsureSupported(baud);
        BaudRate = baud;
        pendingWrite = null;
    }

    /// <summary>
    /// Gets a loader back into command mode after a lost reply: a burst at once (it may already be
    /// in handshake mode), else wait for its idle drop (<see cref="LoaderOptions.IdleDropTime"/> of
    /// silence) and burst again.
    /// </summary>
    public async Task ResyncAsync(CancellationToken cancellationToken = default)
    {
        if (BaudRate == 0)
            throw new InvalidOperationException("Resync needs a loader that was handshaken once; run HandshakeAsync first.");
        pendingWrite = null;
        var quick = Options.Handshake with { Attempts = 1, DrainQuiet = Options.LateErrorDrainQuiet, DrainMax = TimeSpan.FromSeconds(1) };
        try
        {
            await AutoBaudHandshake.RunAsync(channel, BaudRate, quick, "eflash_loader", cancellationToken);
            return;
        }
        catch (HandshakeFailedException)
        {
        }

        // The burst itself looked like a frame to a loader still in command mode; only silence returns it.
        await channel.DrainAsync(Options.IdleDropTime, Options.IdleDropTime * 4, cancellationToken);
        await AutoBaudHandshake.RunAsync(channel, BaudRate, Options.Handshake with { DrainQuiet = TimeSpan.FromMilliseconds(1) }, "eflash_loader", cancellationToken);
    }

    /// <summary>get_bootinfo (0x10) on the loader; its version is 0xFFFFFFFF.</summary>
    public async Task<BootInfo> GetBootInfoAsync(CancellationToken cancellationToken = default)
    {
        var reply = await ExchangeAsync(IspCommand.GetBootInfo, [], true, Options.CommandTimeout, BootInfo.Length, cancellationToken);
        return BootInfo.Parse(ReplyReader.ExpectLength(channel, IspCommand.GetBootInfo, reply, BootInfo.Length));
    }

    /// <summary>flash_erase (0x30) of [<paramref name="start"/>, <paramref name="endInclusive"/>]; <c>PD</c> keep-alives are skipped.</summary>
    public async Task EraseAsync(uint start, uint endInclusive, CancellationToken cancellationToken = default)
    {
        if (endInclusive < start)
            throw new ArgumentOutOfRangeException(nameof(endInclusive), endInclusive, $"The erase end (inclusive) 0x{endInclusive:X} lies before its start 0x{start:X}.");
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, start);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(4), endInclusive);
        var sectors = ((long)endInclusive - start) / 4096 + 1;
        var timeout = Options.EraseTimeoutBase + Options.EraseTimeoutPerSector * sectors;
        await ExchangeAsync(IspCommand.FlashErase, payload, false, timeout, 0, cancellationToken);
        // The loader clears its sticky write error at the start of every erase.
        pendingWrite = null;
        framesSinceErase = 0;
    }

    /// <summary>flash_write (0x31): <paramref name="data"/> at <paramref name="address"/> in one frame. The OK comes before programming.</summary>
    public Task WriteAsync(uint address, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        WriteAsync(address, data, Options.ChecksumErrorRetries, cancellationToken);

    /// <summary>flash_write with its own resend budget (the flasher resends refused frames itself, in smaller pieces).</summary>
    internal async Task WriteAsync(uint address, ReadOnlyMemory<byte> data, int checksumRetries, CancellationToken cancellationToken)
    {
        CheckChunk(data.Length);
        var payload = new byte[4 + data.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, address);
        data.Span.CopyTo(payload.AsSpan(4));
        await ExchangeAsync(IspCommand.FlashWrite, payload, false, Options.CommandTimeout, 0, checksumRetries, cancellationToken);
        pendingWrite = IspCommand.FlashWrite;
    }

    /// <summary>
    /// flash_decompress_write (0x3F): one chunk of an .xz stream that decodes to flash from
    /// <paramref name="regionAddress"/>. The chunk at <paramref name="streamOffset"/> 0 starts a new
    /// stream (bit 31 of the address word); later chunks carry start + offset, which the loader ignores.
    /// </summary>
    public Task DecompressWriteAsync(uint regionAddress, int streamOffset, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken = default) =>
        DecompressWriteAsync(regionAddress, streamOffset, chunk, Options.ChecksumErrorRetries, cancellationToken);

    /// <summary>flash_decompress_write with its own resend budget (see <see cref="WriteAsync(uint, ReadOnlyMemory{byte}, int, CancellationToken)"/>).</summary>
    internal async Task DecompressWriteAsync(uint regionAddress, int streamOffset, ReadOnlyMemory<byte> chunk, int checksumRetries, CancellationToken cancellationToken)
    {
        CheckChunk(chunk.Length);
        if (regionAddress >= 0x8000_0000)
            throw new ArgumentOutOfRangeException(nameof(regionAddress), regionAddress, "Bit 31 of the 0x3F address word marks a new stream; flash addresses stay below 0x80000000.");
        ArgumentOutOfRangeException.ThrowIfNegative(streamOffset);
        var payload = new byte[4 + chunk.Length];
        var word = DecompressWriteWord(regionAddress, streamOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(payload, word);
        chunk.Span.CopyTo(payload.AsSpan(4));
        await ExchangeAsync(IspCommand.FlashDecompressWrite, payload, false, Options.CommandTimeout, 0, checksumRetries, cancellationToken);
        pendingWrite = IspCommand.FlashDecompressWrite;
    }

    /// <summary>The address word flash_decompress_write sends with the chunk at <paramref name="streamOffset"/>.</summary>
    public static uint DecompressWriteWord(uint regionAddress, int streamOffset) =>
        streamOffset == 0 ? regionAddress | 0x8000_0000 : regionAddress + (uint)streamOffset;

    /// <summary>
    /// Whether a write frame (address word + data) would carry checksum 0, which the loader takes as
    /// "do not check" (protocol §3.1): a byte corrupted on the line in such a frame would go into flash.
    /// </summary>
    public bool WouldGoUnchecked(uint word, ReadOnlySpan<byte> data)
    {
        if (!Options.UseChecksum)
            return false;
        var length = 4 + data.Length;
        var sum = (length & 0xFF) + ((length >> 8) & 0xFF) + (int)(word & 0xFF) + (int)((word >> 8) & 0xFF) + (int)((word >> 16) & 0xFF) + (int)(word >> 24);
        foreach (var b in data)
            sum += b;
        return (byte)sum == 0;
    }

    /// <summary>flash_write_check (0x3A): OK when no write failed since the last erase, else FL 0006/000B.</summary>
    public async Task WriteCheckAsync(CancellationToken cancellationToken = default)
    {
        await ExchangeAsync(IspCommand.FlashWriteCheck, [], false, Options.CommandTimeout, 0, cancellationToken);
        pendingWrite = null;
    }

    /// <summary>flash_read (0x32) of <paramref name="length"/> bytes, in frames of <see cref="LoaderOptions.ReadChunkSize"/>.</summary>
    public Task<byte[]> ReadAsync(uint address, int length, CancellationToken cancellationToken = default) =>
        ReadAsync(address, length, Options.ReadChunkSize, cancellationToken);

    /// <summary>flash_read (0x32) of <paramref name="length"/> bytes in frames of <paramref name="chunkSize"/> (1 .. <see cref="LoaderOptions.MaxWriteChunk"/>; the helper's own limit is the caller's to know).</summary>
    public async Task<byte[]> ReadAsync(uint address, int length, int chunkSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, LoaderOptions.MaxWriteChunk);
        var result = new byte[length];
        for (var offset = 0; offset < length; offset += chunkSize)
        {
            var n = Math.Min(chunkSize, length - offset);
            var reply = await ExchangeAsync(IspCommand.FlashRead, AddressAndLength(address + (uint)offset, (uint)n), true, Options.CommandTimeout, n, cancellationToken);
            ReplyReader.ExpectLength(channel, IspCommand.FlashRead, reply, n).CopyTo(result, offset);
        }

        return result;
    }

    /// <summary>flash_readSha (0x3D): SHA-256 of <paramref name="length"/> bytes of flash from <paramref name="address"/>.</summary>
    public Task<byte[]> ReadShaAsync(uint address, uint length, CancellationToken cancellationToken = default) =>
        ShaAsync(IspCommand.FlashReadSha, address, length, cancellationToken);

    /// <summary>flash_xip_readSha (0x3E) wrapped in xip_read_start (0x60) / xip_read_finish (0x61), as the vendor tool verifies.</summary>
    public async Task<byte[]> XipReadShaAsync(uint address, uint length, CancellationToken cancellationToken = default)
    {
        await ExchangeAsync(IspCommand.XipReadStart, [], false, Options.CommandTimeout, 0, cancellationToken);
        byte[] sha;
        try
        {
            sha = await ShaAsync(IspCommand.FlashXipReadSha, address, length, cancellationToken);
        }
        catch (DeviceErrorException)
        {
            // The loader is alive; leave XIP mode so the next command reads flash normally.
            await ExchangeAsync(IspCommand.XipReadFinish, [], false, Options.CommandTimeout, 0, cancellationToken);
            throw;
        }

        await ExchangeAsync(IspCommand.XipReadFinish, [], false, Options.CommandTimeout, 0, cancellationToken);
        return sha;
    }

    /// <summary>flash_read_jedec_id (0x36).</summary>
    public async Task<JedecId> ReadJedecIdAsync(CancellationToken cancellationToken = default)
    {
        var reply = await ExchangeAsync(IspCommand.FlashReadJedecId, [], true, Options.CommandTimeout, 4, cancellationToken);
        return JedecId.Parse(reply.Data);
    }

    /// <summary>
    /// efuse_read_mac (0x42), its CRC32 checked. The loader reads eFuse MAC slot 0 (the chip id), which
    /// is not necessarily the MAC the firmware uses; the station reads region 0 with 0x41 instead and
    /// keeps this as a cross-check.
    /// </summary>
    /// <param name="timeout">Reply wait instead of <see cref="LoaderOptions.CommandTimeout"/> (a loader without 0x42 never answers it).</param>
    /// <exception cref="MacCrcException">The CRC does not match.</exception>
    public async Task<MacAddress> ReadMacAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var reply = await ExchangeAsync(IspCommand.EfuseReadMac, [], true, timeout ?? Options.CommandTimeout, 10, cancellationToken);
        var data = ReplyReader.ExpectLength(channel, IspCommand.EfuseReadMac, reply, 10);
        var sent = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(6));
        var computed = Crc32.HashToUInt32(data.AsSpan(0, 6));
        if (sent != computed)
            throw new MacCrcException(channel.Name, data, sent, computed);
        return MacAddress.FromReversed(data.AsSpan(0, 6));
    }

    /// <summary>efuse_read (0x41) of the whole of eFuse region 0 (start 0, 0x80 bytes), as the SDK's MAC rules need it.</summary>
    /// <exception cref="IspProtocolException">The loader answered with another length.</exception>
    public async Task<EfuseRegion0> ReadEfuseRegion0Async(CancellationToken cancellationToken = default)
    {
        var data = await ReadEfuseAsync(0, EfuseRegion0.Length, cancellationToken);
        if (data.Length != EfuseRegion0.Length)
            throw new IspProtocolException($"{channel.Name}: efuse_read of region 0 returned {data.Length} bytes where {EfuseRegion0.Length} were expected.", data);
        return EfuseRegion0.Parse(data);
    }

    /// <summary>efuse_read (0x41) of eFuse region 0 (128 bytes); the loader aligns <paramref name="start"/> down to 4.</summary>
    public async Task<byte[]> ReadEfuseAsync(uint start, uint length, CancellationToken cancellationToken = default)
    {
        if (start >= 0x80 || length == 0 || length > 0x80)
            throw new ArgumentOutOfRangeException(nameof(start), start, "efuse_read covers eFuse region 0: start below 0x80, 1 to 128 bytes.");
        var reply = await ExchangeAsync(IspCommand.EfuseRead, AddressAndLength(start, length), true, Options.CommandTimeout, (int)length, cancellationToken);
        return reply.Data;
    }

    /// <summary>
    /// flash_set_para (0x3B): the 4-byte word pin | clk_div &lt;&lt; 8 | io_mode &lt;&lt; 16 | clk_delay &lt;&lt; 24,
    /// optionally followed by the 84-byte flash configuration of a boot header (§5.2).
    /// </summary>
    public async Task SetFlashParametersAsync(uint flashSet, ReadOnlyMemory<byte> flashConfig = default, CancellationToken cancellationToken = default)
    {
        if (flashConfig.Length is not (0 or 84))
            throw new ArgumentException($"flash_set_para takes the 84-byte flash configuration or none; got {flashConfig.Length} bytes.", nameof(flashConfig));
        var payload = new byte[4 + flashConfig.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, flashSet);
        flashConfig.Span.CopyTo(payload.AsSpan(4));
        await ExchangeAsync(IspCommand.FlashSetParameters, payload, false, Options.CommandTimeout, 0, cancellationToken);
    }

    /// <summary>reset (0x21): OK, then a software reset ~5 ms later (back to the bootrom if BOOT is still high).</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) =>
        ExchangeAsync(IspCommand.Reset, [], false, Options.CommandTimeout, 0, cancellationToken);

    /// <summary>flash_boot (0x33): OK, then the chip boots from flash without a reset.</summary>
    public Task BootFromFlashAsync(CancellationToken cancellationToken = default) =>
        ExchangeAsync(IspCommand.FlashBoot, [], false, Options.CommandTimeout, 0, cancellationToken);

    /// <summary>log_read (0x71): the loader's own log text.</summary>
    public async Task<string> ReadLogAsync(CancellationToken cancellationToken = default)
    {
        var reply = await ExchangeAsync(IspCommand.LogRead, [], true, Options.CommandTimeout, MaxReplyGuess, cancellationToken);
        return Encoding.ASCII.GetString(reply.Data);
    }

    private const int MaxReplyGuess = 1024;

    private async Task<byte[]> ShaAsync(byte command, uint address, uint length, CancellationToken cancellationToken)
    {
        var timeout = Options.CommandTimeout + Options.ShaTimeoutPerMiB * (length / (1024.0 * 1024.0));
        var reply = await ExchangeAsync(command, AddressAndLength(address, length), true, timeout, 32, cancellationToken);
        return ReplyReader.ExpectLength(channel, command, reply, 32);
    }

    private Task<Reply> ExchangeAsync(byte command, byte[] payload, bool expectData, TimeSpan timeout, int expectedReplyBytes, CancellationToken cancellationToken) =>
        ExchangeAsync(command, payload, expectData, timeout, expectedReplyBytes, Options.ChecksumErrorRetries, cancellationToken);

    private async Task<Reply> ExchangeAsync(byte command, byte[] payload, bool expectData, TimeSpan timeout, int expectedReplyBytes, int checksumRetries, CancellationToken cancellationToken)
    {
        if (payload.Length > LoaderOptions.MaxPayload)
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"The loader drops frames with more than {LoaderOptions.MaxPayload} payload bytes.");
        await ThrowIfUnsolicitedWriteErrorAsync(cancellationToken);
        var frame = RequestFrame.Encode(command, payload, Options.UseChecksum);
        var replyTimeout = timeout + LineTime(frame.Length + 4 + expectedReplyBytes);
        Reply reply;
        for (var resends = 0; ; resends++)
        {
            await channel.WriteAsync(frame, cancellationToken);
            reply = await ReplyReader.ReadAsync(channel, command, expectData, replyTimeout, cancellationToken);
            if (reply.Kind == ReplyKind.Ok || reply.ErrorCode != (ushort)DeviceErrorCode.CMD_CRC_ERROR || resends >= checksumRetries)
                break;
        }

        if (command is IspCommand.FlashWrite or IspCommand.FlashDecompressWrite)
            framesSinceErase++;
        if (reply.Kind == ReplyKind.Ok)
            return reply;

        if (reply.ErrorCode != (ushort)DeviceErrorCode.CMD_CRC_ERROR)
            DeviceErrorCount++;
        var earlier = pendingWrite;
        pendingWrite = null;
        if (DeviceErrorCodes.IsWriteFailure(reply.ErrorCode) && earlier is { } write && command != IspCommand.FlashWriteCheck
            && (command != write || framesSinceErase > 1))
        {
            // An unsolicited FL from an earlier write took this frame's place; its real reply may follow.
            await channel.DrainAsync(Options.LateErrorDrainQuiet, Options.CommandTimeout, cancellationToken);
            throw new DeviceErrorException(channel.Name, write, reply.ErrorCode, reportedLate: true, answeredFrame: command);
        }

        throw new DeviceErrorException(channel.Name, command, reply.ErrorCode);
    }

    // No pipelining: whatever waits in the buffer before a frame is sent was not asked for.
    private async Task ThrowIfUnsolicitedWriteErrorAsync(CancellationToken cancellationToken)
    {
        if (channel.Available == 0)
            return;
        var head = new byte[4];
        var n = channel.Peek(head);
        if (n == 4 && head.AsSpan(0, 2).SequenceEqual(Reply.FailBytes))
        {
            var code = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(2));
            if (DeviceErrorCodes.IsWriteFailure(code) && pendingWrite is { } write)
            {
                pendingWrite = null;
                await channel.DrainAsync(Options.LateErrorDrainQuiet, Options.CommandTimeout, cancellationToken);
                throw new DeviceErrorException(channel.Name, write, code, reportedLate: true, answeredFrame: null);
            }
        }

        channel.DiscardInput();
    }

    private void CheckChunk(int length)
    {
        if (length < 1 || length > Options.WriteChunkSize)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A write frame carries 1 to {Options.WriteChunkSize} data bytes (LoaderOptions.WriteChunkSize).");
    }

    private static byte[] AddressAndLength(uint address, uint length)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, address);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(4), length);
        return payload;
    }

    private TimeSpan LineTime(int bytes) => TimeSpan.FromTicks(bytes * 10L * TimeSpan.TicksPerSecond / Math.Max(BaudRate, 9600));
}
