using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.IO.Hashing;
using System.Security.Cryptography;
using Fixture.Protocol.Tests.Wire.Peers;
using SharpCompress.Compressors.Xz;

namespace Fixture.Protocol.Tests.Loader;

/// <summary>One frame as the scripted loader took it off the wire (§3.1), decoded here, not by the product's RequestFrame.</summary>
/// <param name="Command">Byte 0.</param>
/// <param name="Checksum">Byte 1 (0 = the host asks for no check).</param>
/// <param name="Payload">The bytes after the 4-byte header, as many as the length field (bytes 2..3, little-endian) says.</param>
public sealed record LoaderFrame(byte Command, byte Checksum, byte[] Payload)
{
    /// <summary>The low byte of the sum of the two length bytes and the payload (§3.1); checksum 0 is not checked.</summary>
    public bool ChecksumValid
    {
        get
        {
            if (Checksum == 0)
                return true;
            var sum = (Payload.Length & 0xFF) + (Payload.Length >> 8);
            foreach (var b in Payload)
                sum += b;
            return (byte)sum == Checksum;
        }
    }

    /// <summary>The frame's bytes as they came.</summary>
    public byte[] ToBytes() => [Command, Checksum, (byte)Payload.Length, (byte)(Payload.Length >> 8), .. Payload];
}

/// <summary>
/// A scripted eflash_loader on the far end of a <see cref="ScriptedPeerStream"/>: it speaks the
/// §6 command set over a 2 MiB flash with erase/AND-program semantics, and can be told to
/// misbehave the ways §10 and fixture-design §7 describe. It reads frames and writes replies
/// from raw bytes itself, so a mistake in the product's framing cannot hide behind a shared parser.
/// </summary>
public sealed class ScriptedLoader
{
    public const int FlashSize = 2 * 1024 * 1024;
    private readonly ScriptedPeerStream peer;
    private readonly TimeProvider time;
    private readonly List<byte> rx = [];
    private readonly List<byte> xzStream = [];
    private uint xzAddress;
    private ushort stickyError;
    private DateTimeOffset deafUntil;
    private ITimer? idleTimer;

    public ScriptedLoader(ScriptedPeerStream peer, TimeProvider time, bool inHandshakeMode = true)
    {
        this.peer = peer;
        this.time = time;
        InHandshakeMode = inHandshakeMode;
        Array.Fill(Flash, (byte)0xFF);
        peer.HostWrote = OnHostBytes;
    }

    public byte[] Flash { get; } = new byte[FlashSize];

    public bool InHandshakeMode { get; private set; }

    /// <summary>Every frame the loader accepted, in order.</summary>
    public List<LoaderFrame> Frames { get; } = [];

    /// <summary>When each frame of <see cref="Frames"/> arrived whole.</summary>
    public List<DateTimeOffset> FrameArrivals { get; } = [];

    /// <summary>When the last handshake's OK left the loader.</summary>
    public DateTimeOffset? HandshakeOkSentAt { get; private set; }

    /// <summary>Largest payload (address word + data) its receive buffer takes: 0x4004 for the 2022 loader.</summary>
    public int MaxFramePayload { get; set; } = 0x4004;

    /// <summary>
    /// As the decompiled loader: a frame longer than the buffer never completes, so the loader takes
    /// nothing more until two 2 s receives pass and it drops to handshake mode. False: it drops the frame
    /// and reads the next one at once (a kinder loader, for tests of the host's own recovery steps).
    /// </summary>
    public bool OversizedFrameBlocksUntilIdle { get; set; } = true;

    private bool blocked;

    public int Handshakes { get; private set; }

    public int FailedCommands { get; private set; }

    public TimeSpan Turnaround { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Erase time per 4 KiB sector.</summary>
    public TimeSpan SectorEraseTime { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>PD pairs sent before an erase's answer.</summary>
    public int PendingBeforeEraseAnswer { get; set; }

    public byte[] JedecReply { get; set; } = [0xEF, 0x40, 0x15, 0x80];

    /// <summary>MAC as stored in eFuse (reversed on the wire).</summary>
    public byte[] Mac { get; set; } = [0xB4, 0x0E, 0xCF, 0x07, 0x15, 0x91];

    public bool CorruptMacCrc { get; set; }

    public byte[] Efuse { get; } = Enumerable.Range(0, 128).Select(i => (byte)i).ToArray();

    /// <summary>Erase and program do nothing (write-protected flash) yet every command answers OK.</summary>
    public bool WriteProtected { get; set; }

    /// <summary>Ids that get a scripted FL code instead of their normal answer.</summary>
    public Dictionary<byte, ushort> FailCommands { get; } = [];

    /// <summary>Ids the loader does not know (older builds): no answer at all.</summary>
    public HashSet<byte> SilentCommands { get; } = [];

    /// <summary>Number of upcoming FL answers for <see cref="FailCommands"/> (null: always).</summary>
    public int? FailCommandsTimes { get; set; }

    /// <summary>Write frames (0x31/0x3F, counted from 1 over the loader's life) whose programming fails after the OK.</summary>
    public HashSet<int> FailProgramOfWriteFrame { get; } = [];

    /// <summary>Send the unsolicited FL for a failed program (false: only the sticky error, seen by 0x3A).</summary>
    public bool ReportProgramFailureUnsolicited { get; set; } = true;

    /// <summary>Delay of the unsolicited FL after the early OK.</summary>
    public TimeSpan ProgramFailureDelay { get; set; } = TimeSpan.FromMilliseconds(3);

    /// <summary>Deaf while programming: bytes arriving this long after a write's OK are lost.</summary>
    public TimeSpan DeafAfterWrite { get; set; }

    /// <summary>Write frames (counted from 1) after which the loader goes deaf for <see cref="DeafAfterWrite"/>.</summary>
    public HashSet<int> DeafAfterWriteFrame { get; } = [];

    /// <summary>Deaf for <see cref="DeafAfterWrite"/> after every write frame.</summary>
    public bool DeafAfterEveryWrite { get; set; }

    /// <summary>Frame numbers (counted from 1 over the loader's life) at which it silently drops back to handshake mode instead of answering.</summary>
    public HashSet<int> DropToHandshakeAtFrame { get; } = [];

    /// <summary>Raw reply bytes to send instead of the normal answer, by frame number (garbage, short replies).</summary>
    public Dictionary<int, byte[]> RawReplyAtFrame { get; } = [];

    /// <summary>Upcoming SHA-256 replies that arrive with one digest bit flipped (line noise on the reply).</summary>
    public int GarbledDigests { get; set; }

    /// <summary>From the burst to the loader's OK (its 12 ms settle; more stands for a slow adapter or host).</summary>
    public TimeSpan HandshakeReplyDelay { get; set; } = TimeSpan.FromMilliseconds(12);

    /// <summary>Upcoming handshakes whose OK is lost on the line: the loader is in command mode, the host heard nothing.</summary>
    public int LostHandshakeReplies { get; set; }

    /// <summary>Frames dropped because their length exceeds the loader's buffer (a 0x55 burst read as a frame).</summary>
    public int OversizedFramesDropped { get; private set; }

    public int WriteFrames { get; private set; }

    public int LostBytes { get; private set; }

    private void OnHostBytes(byte[] bytes)
    {
        if (time.GetUtcNow() < deafUntil)
        {
            LostBytes += bytes.Length;
            return;
        }

        RestartIdleTimer();
        if (blocked)
        {
            // Still inside the frame that never completes: the bytes are swallowed.
            return;
        }

        if (InHandshakeMode)
        {
            if (bytes.Count(b => b == 0x55) >= 16)
            {
                // Auto-baud on the burst, wait 12 ms, answer OK; the rest of the burst is drained.
                InHandshakeMode = false;
                Handshakes++;
                rx.Clear();
                if (LostHandshakeReplies > 0)
                    LostHandshakeReplies--;
                else
                {
                    peer.Send("OK"u8, HandshakeReplyDelay);
                    HandshakeOkSentAt = time.GetUtcNow() + HandshakeReplyDelay;
                }
                deafUntil = time.GetUtcNow() + TimeSpan.FromMilliseconds(13);
            }

            return;
        }

        rx.AddRange(bytes);
        if (rx.Count >= 4 && BinaryPrimitives.ReadUInt16LittleEndian(CollectionsMarshal.AsSpan(rx)[2..]) > MaxFramePayload)
        {
            // Longer than the receive buffer: the frame never completes, the loader drops it (and the rest of
            // this write) without a reply, and only its idle timeout returns it to handshake mode.
            OversizedFramesDropped++;
            rx.Clear();
            blocked = OversizedFrameBlocksUntilIdle;
            return;
        }

        while (TryTakeFrame(out var frame))
        {
            Handle(frame);
            if (InHandshakeMode || time.GetUtcNow() < deafUntil)
            {
                rx.Clear();
                break;
            }
        }
    }

    private bool TryTakeFrame([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LoaderFrame? frame)
    {
        frame = null;
        if (rx.Count < 4)
            return false;
        var length = rx[2] | (rx[3] << 8);
        if (rx.Count < 4 + length)
            return false;
        frame = new LoaderFrame(rx[0], rx[1], rx.GetRange(4, length).ToArray());
        rx.RemoveRange(0, 4 + length);
        return true;
    }

    private void RestartIdleTimer()
    {
        // Two 2 s empty receives return the loader to handshake mode.
        idleTimer?.Dispose();
        idleTimer = time.CreateTimer(_ => { InHandshakeMode = true; blocked = false; rx.Clear(); }, null, TimeSpan.FromSeconds(4), Timeout.InfiniteTimeSpan);
    }

    private void Handle(LoaderFrame frame)
    {
        Frames.Add(frame);
        FrameArrivals.Add(time.GetUtcNow());
        var number = Frames.Count;
        if (DropToHandshakeAtFrame.Contains(number))
        {
            InHandshakeMode = true;
            return;
        }

        if (RawReplyAtFrame.TryGetValue(number, out var raw))
        {
            peer.Send(raw, Turnaround);
            return;
        }

        if (SilentCommands.Contains(frame.Command))
            return;

        if (!frame.ChecksumValid)
        {
            Fail(0x0103);
            return;
        }

        if (FailCommands.TryGetValue(frame.Command, out var scripted) && FailCommandsTimes is not 0)
        {
            if (FailCommandsTimes is { } left)
                FailCommandsTimes = left - 1;
            Fail(scripted);
            return;
        }

        var p = frame.Payload;
        switch (frame.Command)
        {
            case 0x10: // getBootInfo
                Ok([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 3, 0, 0, 0, .. Mac.Reverse(), 26, 0]);
                break;
            case 0x30: // flashErase
                Erase(p);
                break;
            case 0x31: // flashWrite
                WriteFrames++;
                Ack();
                Program(U32(p, 0), p.AsSpan(4));
                break;
            case 0x3F: // flashDecompressWrite
                WriteFrames++;
                Ack();
                DecompressWrite(p);
                break;
            case 0x3A: // flashWriteCheck
                if (stickyError != 0)
                    Fail(stickyError);
                else
                    Ack();
                break;
            case 0x32: // flashRead
                Ok(Flash.AsSpan((int)U32(p, 0), (int)Math.Min(U32(p, 4), 0x4004)).ToArray());
                break;
            case 0x3D: // flashReadSha
            case 0x3E: // flashXipReadSha
                var digest = SHA256.HashData(Flash.AsSpan((int)U32(p, 0), (int)U32(p, 4)));
                if (GarbledDigests > 0)
                {
                    GarbledDigests--;
                    digest[13] ^= 0x08; // one bit flipped on the way back
                }

                Ok(digest);
                break;
            case 0x36: // flashReadJedecId
                Ok(JedecReply);
                break;
            case 0x42: // efuseReadMac
                var wire = Mac.Reverse().ToArray();
                var crc = System.IO.Hashing.Crc32.HashToUInt32(wire) ^ (CorruptMacCrc ? 1u : 0u);
                Ok([.. wire, .. BitConverter.GetBytes(crc)]);
                break;
            case 0x41: // efuseRead
                var start = (int)(U32(p, 0) & ~3u);
                Ok(Efuse.AsSpan(start, (int)Math.Min(U32(p, 4), (uint)(0x80 - start))).ToArray());
                break;
            case 0x3B: // flashSetParameters
                if (p.Length is 4 or 88)
                    Ack();
                else
                    Fail(0x0008);
                break;
            case 0x71: // logRead
                Ok("eflash loader log\r\n"u8.ToArray());
                break;
            case 0x21: // reset
            case 0x33: // flashBoot
            case 0x60: // xipReadStart
            case 0x61: // xipReadFinish
                Ack();
                break;
            default:
                break; // unknown id: no answer at all
        }
    }

    private void Erase(byte[] p)
    {
        if (p.Length != 8)
        {
            Fail(0x0002);
            return;
        }

        stickyError = 0;
        var start = U32(p, 0) & ~0xFFFu;
        var end = U32(p, 4) | 0xFFFu;
        if (!WriteProtected)
            Flash.AsSpan((int)start, (int)(end - start + 1)).Fill(0xFF);
        var sectors = (int)((end - start + 1) / 4096);
        var delay = Turnaround;
        for (var i = 0; i < PendingBeforeEraseAnswer; i++)
        {
            delay += SectorEraseTime * Math.Max(1, sectors / Math.Max(1, PendingBeforeEraseAnswer));
            peer.Send("PD"u8, delay);
        }

        peer.Send("OK"u8, delay + SectorEraseTime);
    }

    private void Program(uint address, ReadOnlySpan<byte> data)
    {
        if (FailProgramOfWriteFrame.Contains(WriteFrames))
        {
            ProgramFailed(0x0006);
            return;
        }

        if (!WriteProtected)
        {
            for (var i = 0; i < data.Length; i++)
                Flash[address + i] &= data[i];
        }

        if (DeafAfterEveryWrite || DeafAfterWriteFrame.Contains(WriteFrames))
            deafUntil = time.GetUtcNow() + DeafAfterWrite;
    }

    private void DecompressWrite(byte[] p)
    {
        var word = U32(p, 0);
        if ((word & 0x8000_0000) != 0)
        {
            xzStream.Clear();
            xzAddress = word & 0x7FFF_FFFF;
        }

        xzStream.AddRange(p.AsSpan(4));
        if (FailProgramOfWriteFrame.Contains(WriteFrames))
        {
            ProgramFailed(0x000B);
            return;
        }

        byte[] decoded;
        try
        {
            using var xz = new XZStream(new MemoryStream(xzStream.ToArray()));
            using var output = new MemoryStream();
            xz.CopyTo(output);
            decoded = output.ToArray();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return; // stream not complete yet
        }

        Program(xzAddress, decoded);
        xzStream.Clear();
    }

    private void ProgramFailed(ushort code)
    {
        stickyError = code;
        if (ReportProgramFailureUnsolicited)
            peer.Send(FailBytes(code), Turnaround + ProgramFailureDelay);
    }

    // §3.2: "OK", "OK" + u16 LE length + data, or "FL" + u16 LE code.
    private static byte[] FailBytes(ushort code) => [(byte)'F', (byte)'L', (byte)code, (byte)(code >> 8)];

    private void Ack() => peer.Send("OK"u8, Turnaround);

    private void Ok(byte[] data) => peer.Send([(byte)'O', (byte)'K', (byte)data.Length, (byte)(data.Length >> 8), .. data], Turnaround);

    private void Fail(ushort code)
    {
        FailedCommands++;
        peer.Send(FailBytes(code), Turnaround);
        if (FailedCommands >= 3)
            InHandshakeMode = true;
    }

    private static uint U32(byte[] p, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(offset));
}
