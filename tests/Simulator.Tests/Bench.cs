using System.Buffers.Binary;
using Fixture.Protocol.Images;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Timing;
using Fixture.Simulator.Uart;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests;

/// <summary>
/// A simulated unit on a simulated adapter, driven with raw bytes and explicit clock steps, so the
/// conformance tests stand on the protocol reference and not on the project's host clients.
/// </summary>
internal sealed class Bench
{
    public static readonly byte[] Ok = [0x4F, 0x4B];

    public Bench(UnitFaults? faults = null, SimulatedUnitOptions? options = null, TimingModel? timing = null)
    {
        Clock = new SimulationClock();
        options ??= new SimulatedUnitOptions();
        options = options with { Faults = faults ?? options.Faults, Timing = timing ?? options.Timing };
        Unit = new SimulatedUnit(Clock, options);
        Link = new SimulatedSerialLink("sim:test", Clock, options.Timing);
        Link.Attach(Unit);
    }

    public SimulationClock Clock { get; }

    public SimulatedUnit Unit { get; }

    public SimulatedSerialLink Link { get; }

    /// <summary>Power on with GPIO8 high and CHIP_EN pulsed: the chip sits in the bootrom.</summary>
    public Bench PowerUpInBootrom(int baud = 500_000)
    {
        if (!Link.IsOpen)
        {
            Link.Open(baud);
        }

        Unit.SetBootStrap(true);
        Unit.SetChipEnable(false);
        Unit.SetPower(true);
        Step(5);
        Unit.SetChipEnable(true);
        Step(20);
        return this;
    }

    public void Step(double milliseconds) => Clock.Advance(TimeSpan.FromMilliseconds(milliseconds));

    public byte[] ReadAll()
    {
        var buffer = new byte[Link.BytesToRead];
        if (buffer.Length > 0)
        {
            Link.Stream.ReadExactly(buffer); // the bytes are there: this never waits
        }

        return buffer;
    }

    /// <summary>Sends bytes, lets <paramref name="waitMs"/> of modelled time pass, returns everything the host received.</summary>
    public byte[] Exchange(byte[] bytes, double waitMs = 50)
    {
        ReadAll();
        Link.Stream.Write(bytes);
        Step(waitMs);
        return ReadAll();
    }

    /// <summary>A 6 ms burst of 0x55 at the link's rate (the Dev Cube's length), then 30 ms.</summary>
    public byte[] Sync(int? count = null)
    {
        var n = count ?? Math.Max(16, (int)(0.006 * Link.BaudRate / 10));
        return Exchange(Enumerable.Repeat((byte)0x55, n).ToArray(), 40);
    }

    public static byte[] Frame(byte command, ReadOnlySpan<byte> payload, byte checksum = 0)
    {
        var frame = new byte[4 + payload.Length];
        frame[0] = command;
        frame[1] = checksum;
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(2), (ushort)payload.Length);
        payload.CopyTo(frame.AsSpan(4));
        return frame;
    }

    /// <summary>Frame with the loader's checksum computed (low byte of the length bytes + payload).</summary>
    public static byte[] CheckedFrame(byte command, ReadOnlySpan<byte> payload)
    {
        var frame = Frame(command, payload);
        var sum = 0;
        for (var i = 2; i < frame.Length; i++)
        {
            sum += frame[i];
        }

        frame[1] = (byte)sum;
        return frame;
    }

    public static byte[] Words(params uint[] words)
    {
        var bytes = new byte[words.Length * 4];
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
        }

        return bytes;
    }

    public static byte[] Fail(ushort code) => [0x46, 0x4C, (byte)code, (byte)(code >> 8)];

    public static byte[] HelperImage(HelperHeaderVariant variant = HelperHeaderVariant.Current, int codeLength = 9000)
    {
        var code = new byte[codeLength];
        new Random(7).NextBytes(code);
        return Protocol.Images.HelperImage.Build(code, 0x22010000, variant);
    }

    /// <summary>Loads a helper through 0x11/0x17/0x18/0x19/0x1A at the bootrom; returns the last reply.</summary>
    public byte[] LoadHelper(byte[] image)
    {
        Assert.Equal(Ok, Exchange(Frame(0x11, image.AsSpan(0, 176))));
        var segmentHeader = image.AsSpan(176, 16).ToArray();
        var echo = Exchange(Frame(0x17, segmentHeader));
        Assert.Equal(Concat(Ok, [0x10, 0x00], segmentHeader), echo);
        for (var offset = 192; offset < image.Length; offset += 4080)
        {
            var chunk = image.AsSpan(offset, Math.Min(4080, image.Length - offset));
            Assert.Equal(Ok, Exchange(Frame(0x18, chunk), 120));
        }

        Assert.Equal(Ok, Exchange(Frame(0x19, [])));
        return Exchange(Frame(0x1A, []), 10);
    }

    /// <summary>From power-on to a loader answering at <paramref name="loaderBaud"/>.</summary>
    public Bench EnterLoader(int loaderBaud = 2_000_000)
    {
        PowerUpInBootrom();
        Assert.Equal(Ok, Sync());
        Assert.Equal(Ok, LoadHelper(HelperImage()));
        Step(100);
        Link.SetBaudRate(loaderBaud);
        Assert.Equal(Ok, Sync());
        return this;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
