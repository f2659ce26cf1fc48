using Fixture.Simulator.Flash;

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

internal sealed class FakeEfuse : IEfuse
{
    public ReadOnlyMemory<byte> Mac { get; init; } = new byte[] { 0x70, 0x3E, 0x97, 0x1E, 0x96, 0x66 };

    public uint SoftwareConfig0 { get; init; }

    public byte SignType => 0;

    public byte EncryptType => 0;

    public ReadOnlyMemory<byte> Raw => new byte[128];
}
