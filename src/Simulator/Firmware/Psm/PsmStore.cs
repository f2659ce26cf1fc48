using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Fixture.Simulator.Flash;

namespace Fixture.Simulator.Firmware.Psm;

/// <summary>
/// A simple stand-in for EasyFlash inside the PSM partition: an append-only log of key/value
/// records, latest record per key wins. An erased partition reads as "no values". When the log is
/// full the partition is erased and the latest values are written back (EasyFlash also garbage
/// collects by sector). The real EasyFlash ENV format is not modelled: nothing outside the simulator
/// parses PSM, only erases it.
/// </summary>
/// <remarks>
/// Record layout (little-endian), records back to back from the partition start, each padded to 4 bytes:
/// <c>"PSKV"</c> magic (4), key length (1), reserved 0xFF (1), value length (u16), CRC32 of key + value (4),
/// key bytes (ASCII), value bytes. The log ends at the first word that is still erased (0xFFFFFFFF);
/// a record with a bad magic or CRC ends it too (a write cut by a power loss).
/// </remarks>
public sealed class PsmStore
{
    public const uint RecordMagic = 0x564B5350; // "PSKV"
    private const int RecordHeaderSize = 12;

    private readonly ISpiFlash _flash;
    private readonly uint _address;
    private readonly uint _size;
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private uint _end;

    private PsmStore(ISpiFlash flash, uint address, uint size)
    {
        _flash = flash;
        _address = address;
        _size = size;
        Load();
    }

    /// <summary>The EasyFlash key OpenBeken keeps its main config under (hal_flashConfig_bl602.c).</summary>
    public const string ConfigKey = "mY0bcFg";

    /// <summary>The EasyFlash key of OpenBeken's boot counters (hal_flashVars_bl602.c).</summary>
    public const string BootCountersKey = "OBK_FV";

    public IReadOnlyDictionary<string, byte[]> Values => _values;

    /// <summary>Opens the store on the partition at <paramref name="address"/> (whatever it holds).</summary>
    public static PsmStore Open(ISpiFlash flash, uint address, uint size) => new(flash, address, size);

    public byte[]? Get(string key) => _values.TryGetValue(key, out var value) ? value : null;

    /// <summary>Appends a record; compacts (erase + rewrite) the partition when the log is full.</summary>
    public void Set(string key, ReadOnlySpan<byte> value)
    {
        var record = Encode(key, value);
        _values[key] = value.ToArray();
        if (_end + (uint)record.Length > _size)
        {
            Compact();
            return;
        }

        _flash.Program(_address + _end, record);
        _end += (uint)record.Length;
    }

    /// <summary>The bytes a freshly erased partition would hold after writing these values in order.</summary>
    public static byte[] Build(uint size, IEnumerable<KeyValuePair<string, byte[]>> values)
    {
        var image = new byte[size];
        image.AsSpan().Fill(0xFF);
        var offset = 0;
        foreach (var (key, value) in values)
        {
            var record = Encode(key, value);
            if (offset + record.Length > image.Length)
            {
                throw new InvalidOperationException($"PSM values need more than the {size}-byte partition");
            }

            record.CopyTo(image, offset);
            offset += record.Length;
        }

        return image;
    }

    private void Compact()
    {
        var image = Build(_size, _values);
        _flash.EraseSectors(_address, _size);
        _flash.Program(_address, image);
        _end = 0;
        Load();
    }

    private void Load()
    {
        _values.Clear();
        _end = 0;
        var header = new byte[RecordHeaderSize];
        while (_end + RecordHeaderSize <= _size)
        {
            _flash.Read(_address + _end, header);
            var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (magic != RecordMagic)
            {
                // Erased (end of log) or a torn record: either way nothing valid follows.
                return;
            }

            var keyLength = header[4];
            var valueLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6));
            var length = Align(RecordHeaderSize + keyLength + valueLength);
            if (keyLength == 0 || _end + length > _size)
            {
                return;
            }

            var body = new byte[keyLength + valueLength];
            _flash.Read(_address + _end + RecordHeaderSize, body);
            if (Crc32.HashToUInt32(body) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)))
            {
                return;
            }

            _values[Encoding.ASCII.GetString(body, 0, keyLength)] = body[keyLength..];
            _end += (uint)length;
        }
    }

    private static byte[] Encode(string key, ReadOnlySpan<byte> value)
    {
        var keyBytes = Encoding.ASCII.GetBytes(key);
        if (keyBytes.Length is 0 or > 64 || value.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"PSM key \"{key}\" must be 1..64 characters and its value at most 65535 bytes", nameof(key));
        }

        var record = new byte[Align(RecordHeaderSize + keyBytes.Length + value.Length)];
        record.AsSpan().Fill(0xFF);
        BinaryPrimitives.WriteUInt32LittleEndian(record, RecordMagic);
        record[4] = (byte)keyBytes.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(6), (ushort)value.Length);
        keyBytes.CopyTo(record, RecordHeaderSize);
        value.CopyTo(record.AsSpan(RecordHeaderSize + keyBytes.Length));
        var body = record.AsSpan(RecordHeaderSize, keyBytes.Length + value.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), Crc32.HashToUInt32(body));
        return record;
    }

    private static int Align(int length) => (length + 3) & ~3;
}
