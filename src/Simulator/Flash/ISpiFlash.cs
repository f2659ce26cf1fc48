namespace Fixture.Simulator.Flash;

/// <summary>
/// The unit's SPI NOR flash: erased bytes read 0xFF, programming only clears bits, erase works on
/// 4 KiB sectors (and 32/64 KiB blocks). Contents persist across power cycles.
/// </summary>
public interface ISpiFlash
{
    /// <summary>Capacity in bytes (from the JEDEC capacity byte: 2^n).</summary>
    int Size { get; }

    /// <summary>Three-byte JEDEC id (manufacturer, type, capacity), e.g. EF 40 15.</summary>
    ReadOnlyMemory<byte> JedecId { get; }

    void Read(uint address, Span<byte> destination);

    /// <summary>Erases the 4 KiB sectors covering [address, address + length).</summary>
    void EraseSectors(uint address, uint length);

    /// <summary>Programs bytes (AND with the current contents). Write-protected flash silently keeps its bytes.</summary>
    void Program(uint address, ReadOnlySpan<byte> data);
}
