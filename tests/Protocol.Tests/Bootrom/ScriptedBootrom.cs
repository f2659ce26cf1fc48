using Fixture.Protocol.Tests.Wire.Peers;
using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Tests.Bootrom;

/// <summary>
/// A scripted BL602 bootrom (§10): answers a 0x55 burst with OK, then 0x10/0x11/0x17/0x18/0x19/0x1A
/// with the state checks of Bouffalo's emulation. After run_image it calls <see cref="OnRunImage"/>
/// 40 ms later (a test hands the link to a scripted loader there).
/// </summary>
public sealed class ScriptedBootrom
{
    private readonly ScriptedPeerStream peer;
    private readonly List<byte> rx = [];
    private int segmentBytesLeft;
    private int segmentsLeft;
    private bool running;

    public ScriptedBootrom(ScriptedPeerStream peer)
    {
        this.peer = peer;
        peer.HostWrote = OnHostBytes;
    }

    /// <summary>The 20 data bytes of get_boot_info; the reference's sample by default.</summary>
    public byte[] BootInfo { get; set; } = Convert.FromHexString("0100000000000000030000009115" + "07CF0EB41A00");

    public bool Answers { get; set; } = true;

    /// <summary>Bytes sent before OK (line noise while the bootrom finds the rate).</summary>
    public byte[] NoiseBeforeOk { get; set; } = [];

    /// <summary>Answer the burst with these bytes instead of OK (a baud mismatch).</summary>
    public byte[]? GarbleHandshake { get; set; }

    public bool CorruptEcho { get; set; }

    public Dictionary<byte, ushort> FailCommands { get; } = [];

    public List<RequestFrame> Frames { get; } = [];

    public List<int> BurstLengths { get; } = [];

    public bool InCommandMode { get; private set; }

    public Action? OnRunImage { get; set; }

    public TimeSpan Turnaround { get; set; } = TimeSpan.FromMilliseconds(1);

    private void OnHostBytes(byte[] bytes)
    {
        if (running || !Answers)
            return;
        if (!InCommandMode)
        {
            var burst = bytes.Count(b => b == 0x55);
            if (burst < 16)
                return;
            BurstLengths.Add(burst);
            if (GarbleHandshake is { } garbage)
            {
                peer.Send(garbage, Turnaround);
                return;
            }

            InCommandMode = true;
            peer.Send([.. NoiseBeforeOk, .. "OK"u8], Turnaround);
            return;
        }

        rx.AddRange(bytes);
        while (RequestFrame.TryDecode(rx.ToArray(), out var frame, out var consumed))
        {
            rx.RemoveRange(0, consumed);
            Handle(frame!);
        }
    }

    private void Handle(RequestFrame frame)
    {
        Frames.Add(frame);
        if (FailCommands.TryGetValue(frame.Command, out var code))
        {
            Send(Reply.Fail(code));
            return;
        }

        switch (frame.Command)
        {
            case IspCommand.GetBootInfo:
                Send(Reply.OkWith(BootInfo));
                break;
            case IspCommand.LoadBootHeader:
                if (frame.Payload.Length != 176)
                {
                    Send(Reply.Fail(DeviceErrorCode.IMG_BOOTHEADER_LEN_ERROR));
                    return;
                }

                segmentsLeft = BitConverter.ToInt32(frame.Payload, 120);
                Send(Reply.Ok());
                break;
            case IspCommand.LoadSegmentHeader:
                if (segmentsLeft <= 0 || segmentBytesLeft != 0)
                {
                    Send(Reply.Fail(DeviceErrorCode.CMD_SEQ_ERROR));
                    return;
                }

                segmentBytesLeft = BitConverter.ToInt32(frame.Payload, 4);
                segmentsLeft--;
                var echo = frame.Payload.ToArray();
                if (CorruptEcho)
                    echo[4] ^= 0x01;
                Send(Reply.OkWith(echo));
                break;
            case IspCommand.LoadSegmentData:
                if (frame.Payload.Length > segmentBytesLeft)
                {
                    Send(Reply.Fail(DeviceErrorCode.IMG_SECTIONDATA_TLEN_ERROR));
                    return;
                }

                segmentBytesLeft -= frame.Payload.Length;
                Send(Reply.Ok());
                break;
            case IspCommand.CheckImage:
                Send(segmentsLeft == 0 && segmentBytesLeft == 0 ? Reply.Ok() : Reply.Fail(DeviceErrorCode.IMG_HALFBAKED_ERROR));
                break;
            case IspCommand.RunImage:
                Send(Reply.Ok());
                running = true;
                if (OnRunImage is { } run)
                    peer.ScheduleAction(run, TimeSpan.FromMilliseconds(40));
                break;
            default:
                break;
        }
    }

    private void Send(Reply reply) => peer.Send(reply.ToBytes(), Turnaround);
}
