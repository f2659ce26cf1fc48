using System.Buffers.Binary;
using System.Text;

namespace Fixture.Protocol.Images.DeviceTree;

/// <summary>
/// Reads and writes the flattened device tree (.dtb) format: a big-endian header (magic 0xD00DFEED),
/// a memory-reservation block, a structure block of BEGIN_NODE/PROP/END_NODE tokens and a strings
/// block. BL602 factory parameters (ro_params.dtb) are such a tree.
/// </summary>
public static class FlattenedDeviceTree
{
    public const uint Magic = 0xD00DFEED;
    private const int HeaderSize = 40;
    private const uint BeginNode = 1;
    private const uint EndNode = 2;
    private const uint Prop = 3;
    private const uint Nop = 4;
    private const uint End = 9;

    /// <summary>Parses a .dtb, validating the header and the structure; returns the root node.</summary>
    public static DeviceTreeNode Parse(ReadOnlySpan<byte> bytes, string what = "device tree")
    {
        if (bytes.Length < HeaderSize)
        {
            throw new ImageFormatException($"{what}: {bytes.Length} bytes is too short for an FDT header");
        }

        var h = new uint[10];
        for (var i = 0; i < h.Length; i++)
        {
            h[i] = BinaryPrimitives.ReadUInt32BigEndian(bytes[(i * 4)..]);
        }

        if (h[0] != Magic)
        {
            throw new ImageFormatException($"{what}: magic is 0x{h[0]:X8}, expected 0xD00DFEED (not a flattened device tree)");
        }

        var totalSize = h[1];
        var structOffset = h[2];
        var stringsOffset = h[3];
        var version = h[5];
        var lastCompatible = h[6];
        var stringsSize = h[8];
        var structSize = h[9];
        if (totalSize > bytes.Length)
        {
            throw new ImageFormatException($"{what}: header says {totalSize} bytes but the file has {bytes.Length}");
        }

        if (version < 16 || lastCompatible > 17)
        {
            throw new ImageFormatException($"{what}: FDT version {version} (last compatible {lastCompatible}) is not supported (16..17)");
        }

        if ((long)structOffset + structSize > totalSize || (long)stringsOffset + stringsSize > totalSize || structOffset < HeaderSize)
        {
            throw new ImageFormatException($"{what}: structure block (0x{structOffset:X}+{structSize}) or strings block (0x{stringsOffset:X}+{stringsSize}) lies outside the {totalSize}-byte tree");
        }

        var structure = bytes.Slice((int)structOffset, (int)structSize);
        var strings = bytes.Slice((int)stringsOffset, (int)stringsSize);
        var reader = new StructureReader(structure, strings, what);
        return reader.ReadTree();
    }

    /// <summary>
    /// Writes a tree as a version-17 .dtb. With <paramref name="totalSize"/>, the blob is padded with
    /// zero bytes to exactly that size (free space after the strings block, as dtc -S does).
    /// </summary>
    public static byte[] Write(DeviceTreeNode root, int? totalSize = null)
    {
        var strings = new List<byte>();
        var stringOffsets = new Dictionary<string, int>(StringComparer.Ordinal);
        var structure = new List<byte>();

        void Word(uint value)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
            structure.AddRange(b.ToArray());
        }

        void Align()
        {
            while (structure.Count % 4 != 0)
            {
                structure.Add(0);
            }
        }

        int StringOffset(string name)
        {
            if (!stringOffsets.TryGetValue(name, out var offset))
            {
                offset = strings.Count;
                stringOffsets[name] = offset;
                strings.AddRange(Encoding.ASCII.GetBytes(name));
                strings.Add(0);
            }

            return offset;
        }

        void WriteNode(DeviceTreeNode node)
        {
            Word(BeginNode);
            structure.AddRange(Encoding.ASCII.GetBytes(node.Name));
            structure.Add(0);
            Align();
            foreach (var (name, value) in node.Properties)
            {
                Word(Prop);
                Word((uint)value.Length);
                Word((uint)StringOffset(name));
                structure.AddRange(value);
                Align();
            }

            foreach (var child in node.Children)
            {
                WriteNode(child);
            }

            Word(EndNode);
        }

        WriteNode(root);
        Word(End);

        const int reservationOffset = HeaderSize;
        const int reservationSize = 16; // one terminating (0, 0) entry
        var structOffset = reservationOffset + reservationSize;
        var stringsOffset = structOffset + structure.Count;
        var contentSize = stringsOffset + strings.Count;
        var size = totalSize ?? contentSize;
        if (size < contentSize)
        {
            throw new ImageFormatException($"device tree: content needs {contentSize} bytes, more than the requested total size {size}");
        }

        var blob = new byte[size];
        var span = blob.AsSpan();
        uint[] header =
        [
            Magic, (uint)size, (uint)structOffset, (uint)stringsOffset, reservationOffset,
            17, 16, 0, (uint)strings.Count, (uint)structure.Count,
        ];
        for (var i = 0; i < header.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span[(i * 4)..], header[i]);
        }

        structure.ToArray().CopyTo(span[structOffset..]);
        strings.ToArray().CopyTo(span[stringsOffset..]);
        return blob;
    }

    private ref struct StructureReader(ReadOnlySpan<byte> structure, ReadOnlySpan<byte> strings, string what)
    {
        private readonly ReadOnlySpan<byte> _structure = structure;
        private readonly ReadOnlySpan<byte> _strings = strings;
        private int _position;

        public DeviceTreeNode ReadTree()
        {
            var token = NextToken();
            if (token != BeginNode)
            {
                throw Error($"the structure block starts with token {token}, expected BEGIN_NODE");
            }

            var root = ReadNodeBody(new DeviceTreeNode(ReadName()));
            if (NextToken() != End)
            {
                throw Error("the root node is not followed by FDT_END");
            }

            return root;
        }

        private DeviceTreeNode ReadNodeBody(DeviceTreeNode node)
        {
            while (true)
            {
                var token = NextToken();
                switch (token)
                {
                    case Prop:
                        var length = (int)Word();
                        var nameOffset = (int)Word();
                        if (length < 0 || _position + length > _structure.Length)
                        {
                            throw Error($"property in node \"{node.Name}\" has length {length} beyond the structure block");
                        }

                        node.Add(StringAt(nameOffset), _structure.Slice(_position, length).ToArray());
                        _position = Align(_position + length);
                        break;
                    case BeginNode:
                        var child = node.AddChild(ReadName());
                        ReadNodeBody(child);
                        break;
                    case EndNode:
                        return node;
                    case Nop:
                        break;
                    default:
                        throw Error($"unexpected token {token} at offset {_position - 4} in node \"{node.Name}\"");
                }
            }
        }

        private uint NextToken() => Word();

        private uint Word()
        {
            if (_position + 4 > _structure.Length)
            {
                throw Error("the structure block ends in the middle of a node");
            }

            var value = BinaryPrimitives.ReadUInt32BigEndian(_structure[_position..]);
            _position += 4;
            return value;
        }

        private string ReadName()
        {
            var rest = _structure[_position..];
            var nul = rest.IndexOf((byte)0);
            if (nul < 0)
            {
                throw Error("a node name is not terminated");
            }

            var name = Encoding.ASCII.GetString(rest[..nul]);
            _position = Align(_position + nul + 1);
            return name;
        }

        private string StringAt(int offset)
        {
            if (offset < 0 || offset >= _strings.Length)
            {
                throw Error($"property name offset {offset} is outside the {_strings.Length}-byte strings block");
            }

            var rest = _strings[offset..];
            var nul = rest.IndexOf((byte)0);
            return Encoding.ASCII.GetString(nul < 0 ? rest : rest[..nul]);
        }

        private static int Align(int position) => (position + 3) & ~3;

        private ImageFormatException Error(string problem) => new($"{what}: {problem}");
    }
}
