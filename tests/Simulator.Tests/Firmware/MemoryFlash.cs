using Fixture.Simulator.Flash;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests.Firmware;

/// <summary>A 2 MiB NOR flash in memory: erased 0xFF, programming ANDs, erase by 4 KiB sector.</summary>
internal sealed class MemoryFlash : ISpiFlash
{
    private readonly byte[] _bytes;

    public MemoryFlash(int size = 2 * 1024 * 1024)
    {
        _bytes = new byte[size];
        _bytes.AsSpan().Fill(0xFF);
    }

    public int Size => _bytes.Length;

    public ReadOnlyMemory<byte> JedecId { get; } = new byte[] { 0xEF, 0x40, 0x15 };

    public int ProgramCalls { get; private set; }

    public void Read(uint address, Span<byte> destination) => _bytes.AsSpan((int)address, destination.Length).CopyTo(destination);

    public void EraseSectors(uint address, uint length)
    {
        var start = address & ~0xFFFu;
        var end = (address + length + 0xFFF) & ~0xFFFu;
        _bytes.AsSpan((int)start, (int)(end - start)).Fill(0xFF);
    }

    public void Program(uint address, ReadOnlySpan<byte> data)
    {
        ProgramCalls++;
        for (var i = 0; i < data.Length; i++)
        {
            _bytes[address + i] &= data[i];
        }
    }

    public byte[] Snapshot(uint address, int length) => _bytes.AsSpan((int)address, length).ToArray();

    public void Corrupt(uint address) => _bytes[address] ^= 0x5A;
}

/// <summary>
/// eFuse region 0 for firmware tests: the first real unit's MAC slots (chip id AC:D8:29:6B:B7:ED in slot 0,
/// factory MAC 70:3E:97:1E:96:66 in slot 1) with <see cref="SoftwareConfig0"/> (default 0: boot2's log on).
/// </summary>
internal sealed class FakeEfuse : IEfuse
{
    public byte[] Region { get; init; } = RealUnits.Unit9666.EfuseRegion0.ToArray();

    public uint SoftwareConfig0 { get; init; }

    public ReadOnlyMemory<byte> Mac
    {
        get
        {
            var mac = Region.AsSpan(0x14, 6).ToArray();
            Array.Reverse(mac);
            return mac;
        }
    }

    public byte SignType => 0;

    public byte EncryptType => 0;

    public ReadOnlyMemory<byte> Raw
    {
        get
        {
            var raw = Region.ToArray();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(0x10), SoftwareConfig0);
            return raw;
        }
    }
}
