using Fixture.Protocol.Images;
using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Bootrom;

/// <summary>Progress of a helper load: segment data bytes acknowledged so far.</summary>
public readonly record struct HelperLoadProgress(int BytesSent, int BytesTotal);

/// <summary>What a helper load did.</summary>
/// <param name="AlreadyRunning">An eflash_loader answered get_boot_info (version 0xFFFFFFFF): nothing was loaded.</param>
/// <param name="BytesSent">Frame bytes written, headers included.</param>
/// <param name="Frames">Frames sent.</param>
/// <param name="Duration">Time from the first frame to the settle after run_image.</param>
public sealed record HelperLoadResult(bool AlreadyRunning, long BytesSent, int Frames, TimeSpan Duration);

/// <summary>
/// Talks to the BL602 bootrom (§2, §4): the 0x55 handshake, get_boot_info, and loading the RAM
/// helper (eflash_loader) with 0x11 / 0x17 / 0x18… / 0x19 / 0x1A. One frame, one reply.
/// </summary>
public sealed class BootromClient
{
    private readonly ByteChannel channel;
    private readonly TimeProvider time;
    private readonly BootromOptions options;
    private int baud = 115_200;

    public BootromClient(ByteChannel channel, TimeProvider time, BootromOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(time);
        this.channel = channel;
        this.time = time;
        this.options = options ?? new BootromOptions();
        this.options.Validate();
    }

    /// <summary>The last get_boot_info answer, or null before one was read.</summary>
    public BootInfo? LastBootInfo { get; private set; }

    /// <summary>
    /// Drains RX, sends ⌊0.006 × baud / 10⌋ bytes of 0x55 and waits for <c>OK</c> (noise before it is
    /// tolerated), retrying per <see cref="HandshakeOptions.Attempts"/>. The host port must already
    /// run at <paramref name="baud"/> (≤ 500 000 recommended: the bootrom runs from RC32M).
    /// </summary>
    /// <returns>Bursts it took.</returns>
    public async Task<int> HandshakeAsync(int baud, CancellationToken cancellationToken = default)
    {
        var attempts = await AutoBaudHandshake.RunAsync(channel, baud, options.Handshake, "bootrom", cancellationToken);
        this.baud = baud;
        LastBootInfo = null;
        return attempts;
    }

    /// <summary>get_boot_info (0x10): version, security flags, sw_cfg0 and MAC.</summary>
    public async Task<BootInfo> GetBootInfoAsync(CancellationToken cancellationToken = default)
    {
        var reply = await ExchangeAsync(IspCommand.GetBootInfo, ReadOnlyMemory<byte>.Empty, expectData: true, cancellationToken);
        var info = BootInfo.Parse(ReplyReader.ExpectLength(channel, IspCommand.GetBootInfo, reply, BootInfo.Length));
        LastBootInfo = info;
        return info;
    }

    /// <summary>
    /// Loads and starts the eflash_loader: 0x11 with its 176-byte boot header, per segment 0x17
    /// (the 16-byte echo checked) and 0x18 chunks of at most <see cref="BootromOptions.SegmentChunkSize"/>,
    /// then 0x19 and 0x1A. Refuses a locked chip first; returns without loading when a loader already runs.
    /// </summary>
    /// <exception cref="ChipLockedException">Sign or encrypt flags are set.</exception>
    public Task<HelperLoadResult> LoadHelperAsync(HelperImage helper, IProgress<HelperLoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(helper);
        return LoadHelperAsync(helper.BootHeaderBytes, [.. helper.Segments.Select(s => (s.HeaderBytes, s.Data))], progress, cancellationToken);
    }

    /// <summary>
    /// Loads and starts a RAM helper given as its 176-byte boot header and its segments (16-byte
    /// header + data each). Reads get_boot_info first if it has not been read since the handshake;
    /// a chip with sign/encrypt eFuses set is refused before anything is loaded.
    /// </summary>
    /// <exception cref="ChipLockedException">Sign or encrypt flags are set.</exception>
    public async Task<HelperLoadResult> LoadHelperAsync(
        ReadOnlyMemory<byte> bootHeader,
        IReadOnlyList<(ReadOnlyMemory<byte> Header, ReadOnlyMemory<byte> Data)> segments,
        IProgress<HelperLoadProgress>? progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (bootHeader.Length != 176)
            throw new ArgumentException($"A BL602 boot header is 176 bytes; this helper's is {bootHeader.Length}.", nameof(bootHeader));
        if (segments.Count == 0 || segments.Any(s => s.Header.Length != 16))
            throw new ArgumentException("A helper needs at least one segment, each with a 16-byte segment header.", nameof(segments));

        var info = LastBootInfo ?? await GetBootInfoAsync(cancellationToken);
        if (info.IsLocked)
            throw new ChipLockedException(channel.Name, info);
        if (info.IsLoaderRunning)
            return new HelperLoadResult(true, 0, 0, TimeSpan.Zero);

        var started = time.GetTimestamp();
        var sentBefore = channel.BytesSent;
        var frames = 0;
        var total = segments.Sum(s => s.Data.Length);
        var done = 0;

        await ExchangeAsync(IspCommand.LoadBootHeader, bootHeader, expectData: false, cancellationToken);
        frames++;
        foreach (var (header, data) in segments)
        {
            var echo = await ExchangeAsync(IspCommand.LoadSegmentHeader, header, expectData: true, cancellationToken);
            frames++;
            if (!echo.Data.AsSpan().SequenceEqual(header.Span))
                throw new IspProtocolException(
                    $"{channel.Name}: the bootrom echoed a different segment header ({Convert.ToHexString(echo.Data)}) than was sent ({Convert.ToHexString(header.Span)}); the helper would load wrongly. Retry the unit.",
                    echo.Data);
            for (var offset = 0; offset < data.Length; offset += options.SegmentChunkSize)
            {
                var chunk = data.Slice(offset, Math.Min(options.SegmentChunkSize, data.Length - offset));
                await ExchangeAsync(IspCommand.LoadSegmentData, chunk, expectData: false, cancellationToken);
                frames++;
                done += chunk.Length;
                progress?.Report(new HelperLoadProgress(done, total));
            }
        }

        await ExchangeAsync(IspCommand.CheckImage, ReadOnlyMemory<byte>.Empty, expectData: false, cancellationToken);
        await ExchangeAsync(IspCommand.RunImage, ReadOnlyMemory<byte>.Empty, expectData: false, cancellationToken);
        frames += 2;
        await Task.Delay(options.RunImageSettle, time, cancellationToken);
        return new HelperLoadResult(false, channel.BytesSent - sentBefore, frames, time.GetElapsedTime(started));
    }

    private async Task<Reply> ExchangeAsync(byte command, ReadOnlyMemory<byte> payload, bool expectData, CancellationToken cancellationToken)
    {
        if (payload.Length > BootromOptions.MaxPayload)
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"The bootrom takes at most {BootromOptions.MaxPayload} payload bytes per frame.");
        var frame = RequestFrame.Encode(command, payload.Span, withChecksum: false);
        channel.DiscardInput();
        await channel.WriteAsync(frame, cancellationToken);
        var timeout = options.CommandTimeout + LineTime(frame.Length);
        var reply = await ReplyReader.ReadAsync(channel, command, expectData, timeout, cancellationToken);
        if (reply.Kind == ReplyKind.Fail)
            throw new DeviceErrorException(channel.Name, command, reply.ErrorCode);
        return reply;
    }

    private TimeSpan LineTime(int bytes) => TimeSpan.FromTicks(bytes * 10L * TimeSpan.TicksPerSecond / baud);
}
