namespace Fixture.Simulator.Flash;

/// <summary>
/// SPI NOR flash sized by its JEDEC capacity byte (2^n bytes; default EF 40 15 = 2 MiB): erased
/// bytes read 0xFF, programming ANDs, erase works on 4 KiB sectors and 32/64 KiB blocks.
/// Contents persist across the unit's power cycles. Write protection acknowledges nothing itself:
/// erase and program simply leave the bytes as they were (the loader still answers OK).
/// </summary>
public sealed class SpiFlash : ISpiFlash
{
    public const int SectorSize = 4096;

    private readonly byte[] _bytes;
    private readonly byte[] _jedecId;

    /// <param name="jedecId">Manufacturer, type, capacity (2^capacity bytes, 128 KiB .. 32 MiB).</param>
    public SpiFlash(ReadOnlySpan<byte> jedecId = default)
    {
        _jedecId = jedecId.IsEmpty ? [0xEF, 0x40, 0x15] : jedecId.ToArray();
        if (_jedecId.Length != 3)
        {
            throw new ArgumentException($"a JEDEC id is 3 bytes (manufacturer, type, capacity), got {_jedecId.Length}", nameof(jedecId));
        }

        if (_jedecId[2] is < 0x11 or > 0x19)
        {
            throw new ArgumentException($"JEDEC capacity byte 0x{_jedecId[2]:X2} is outside 0x11..0x19 (128 KiB .. 32 MiB)", nameof(jedecId));
        }

        _bytes = new byte[1 << _jedecId[2]];
        _bytes.AsSpan().Fill(0xFF);
    }

    public int Size => _bytes.Length;

    public ReadOnlyMemory<byte> JedecId => _jedecId;

    /// <summary>Erase and program leave the contents unchanged (status-register block protection, WP# held).</summary>
    public bool WriteProtected { get; set; }

    /// <summary>
    /// A defective word line: the 256-byte page holding this address does not program (its bytes keep
    /// what they held) and nothing reports it (the SDK's SFlash_Program does not read back); only a
    /// read-back or the SHA-256 check finds it.
    /// </summary>
    public uint? DefectiveAddress { get; set; }

    /// <summary>
    /// A page program touching this address never finishes (the part stays busy): SFlash_Program's busy poll
    /// gives up and returns ERROR, the one program failure the loader reports (FL 0006 / 000B).
    /// </summary>
    public uint? BusyTimeoutAddress { get; set; }

    /// <summary>Bytes programmed since this flash was made (brown-out faults count them).</summary>
    public long ProgrammedBytes { get; private set; }

    public void Read(uint address, Span<byte> destination)
    {
        CheckRange(address, destination.Length);
        _bytes.AsSpan((int)address, destination.Length).CopyTo(destination);
    }

    /// <summary>A read-only view of the whole array (SHA-256 and blank checks without copying).</summary>
    public ReadOnlySpan<byte> View(uint address, int length)
    {
        CheckRange(address, length);
        return _bytes.AsSpan((int)address, length);
    }

    public void EraseSectors(uint address, uint length)
    {
        if (length == 0)
        {
            return;
        }

        var first = address / SectorSize * SectorSize;
        var end = ((ulong)address + length + SectorSize - 1) / SectorSize * SectorSize;
        CheckRange(first, (long)(end - first));
        if (!WriteProtected)
        {
            _bytes.AsSpan((int)first, (int)(end - first)).Fill(0xFF);
        }
    }

    public void Program(uint address, ReadOnlySpan<byte> data) => TryProgram(address, data);

    /// <summary>
    /// Programs (AND) page by page, as SFlash_Program does, and says whether the part finished every page:
    /// false when a page touching <see cref="BusyTimeoutAddress"/> never left busy (the pages before it are
    /// programmed, that one and the rest not). A defective page or write protection still answers true.
    /// </summary>
    public bool TryProgram(uint address, ReadOnlySpan<byte> data)
    {
        CheckRange(address, data.Length);
        ProgrammedBytes += data.Length;
        for (var done = 0; done < data.Length;)
        {
            var page = (int)Math.Min(data.Length - done, 256 - ((address + done) % 256));
            var at = address + (uint)done;
            if (BusyTimeoutAddress is { } stuck && stuck >= at && stuck < at + (uint)page)
            {
                return false;
            }

            var defective = DefectiveAddress is { } bad && bad / 256 == at / 256;
            if (!WriteProtected && !defective)
            {
                var target = _bytes.AsSpan((int)at, page);
                for (var i = 0; i < page; i++)
                {
                    target[i] &= data[done + i];
                }
            }

            done += page;
        }

        return true;
    }

    /// <summary>Replaces the contents at <paramref name="address"/> without erase/program rules (test and used-unit setup).</summary>
    public void Load(uint address, ReadOnlySpan<byte> data)
    {
        CheckRange(address, data.Length);
        data.CopyTo(_bytes.AsSpan((int)address));
    }

    /// <summary>True when [address, address + length) reads all 0xFF.</summary>
    public bool IsBlank(uint address, int length) => View(address, length).IndexOfAnyExcept((byte)0xFF) < 0;

    private void CheckRange(uint address, long length)
    {
        if (length < 0 || address + (ulong)length > (ulong)_bytes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(address),
                $"flash access 0x{address:X}+{length} runs past the end of the {_bytes.Length / 1024} KiB flash");
        }
    }
}
