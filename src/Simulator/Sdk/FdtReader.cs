using System.Buffers.Binary;
using System.Text;

namespace Fixture.Simulator.Sdk;

/// <summary>
/// A small reader of flattened device trees with libfdt's semantics where the firmware depends on
/// them (fdt_subnode_offset, fdt_getprop, fdt_stringlist_count/get), for the device side: what the
/// SDK's hal_board.c and vfs_uart.c read from the factory partition. Written independently of the
/// station's device-tree parser. All header and cell values are big-endian.
/// </summary>
public sealed class FdtReader
{
    public const uint Magic = 0xD00DFEED;
    private const uint BeginNode = 1;
    private const uint EndNode = 2;
    private const uint Prop = 3;
    private const uint Nop = 4;
    private const uint End = 9;

    private FdtReader(FdtNode root) => Root = root;

    public FdtNode Root { get; }

    /// <summary>
    /// Reads a blob as fdt_check_header and the struct walk would: magic 0xD00DFEED, version 16 or 17
    /// readable (last_comp_version ≤ 17), blocks inside totalsize, tokens well formed. Null, with
    /// <paramref name="problem"/> saying why, when libfdt would refuse it.
    /// </summary>
    public static FdtReader? TryRead(ReadOnlySpan<byte> blob, out string? problem)
    {
        problem = null;
        if (blob.Length < 40)
        {
            problem = "shorter than a device-tree header";
            return null;
        }

        if (U32(blob, 0) != Magic)
        {
            problem = $"magic is 0x{U32(blob, 0):X8}, not 0x{Magic:X8}";
            return null;
        }

        var total = U32(blob, 4);
        var structOffset = U32(blob, 8);
        var stringsOffset = U32(blob, 12);
        var version = U32(blob, 20);
        var lastCompatible = U32(blob, 24);
        var stringsSize = U32(blob, 32);
        var structSize = U32(blob, 36);
        if (version < 16 || lastCompatible > 17)
        {
            problem = $"version {version} (last compatible {lastCompatible}) is not one libfdt reads";
            return null;
        }

        if (total > blob.Length || (ulong)structOffset + structSize > total || (ulong)stringsOffset + stringsSize > total)
        {
            problem = "a block lies outside the blob";
            return null;
        }

        var structBlock = blob.Slice((int)structOffset, (int)structSize);
        var strings = blob.Slice((int)stringsOffset, (int)stringsSize);
        var position = 0;
        var root = ReadNode(structBlock, strings, ref position, 0, out problem);
        return root is null ? null : new FdtReader(root);
    }

    private static FdtNode? ReadNode(ReadOnlySpan<byte> block, ReadOnlySpan<byte> strings, ref int position, int depth, out string? problem)
    {
        problem = null;
        var token = NextToken(block, ref position);
        if (token != BeginNode || depth > 32)
        {
            problem = $"expected a node at struct offset {position - 4}";
            return null;
        }

        var nameEnd = block[position..].IndexOf((byte)0);
        if (nameEnd < 0)
        {
            problem = "node name without terminator";
            return null;
        }

        var node = new FdtNode(Encoding.ASCII.GetString(block.Slice(position, nameEnd)));
        position = Align(position + nameEnd + 1);
        while (true)
        {
            var at = position;
            token = NextToken(block, ref position);
            switch (token)
            {
                case Prop:
                    if (position + 8 > block.Length)
                    {
                        problem = "property header runs past the struct block";
                        return null;
                    }

                    var length = (int)U32(block, position);
                    var nameOffset = (int)U32(block, position + 4);
                    position += 8;
                    if (length < 0 || position + length > block.Length || nameOffset < 0 || nameOffset >= strings.Length)
                    {
                        problem = "property runs past its block";
                        return null;
                    }

                    var nameLength = strings[nameOffset..].IndexOf((byte)0);
                    var propertyName = Encoding.ASCII.GetString(nameLength < 0 ? strings[nameOffset..] : strings.Slice(nameOffset, nameLength));
                    node.Properties.TryAdd(propertyName, block.Slice(position, length).ToArray());
                    position = Align(position + length);
                    break;
                case Nop:
                    break;
                case BeginNode:
                    position = at;
                    var child = ReadNode(block, strings, ref position, depth + 1, out problem);
                    if (child is null)
                    {
                        return null;
                    }

                    node.Children.Add(child);
                    break;
                case EndNode:
                    return node;
                default:
                    problem = $"unexpected token 0x{token:X} at struct offset {at}";
                    return null;
            }
        }
    }

    private static uint NextToken(ReadOnlySpan<byte> block, ref int position)
    {
        if (position + 4 > block.Length)
        {
            position = block.Length;
            return End;
        }

        var token = U32(block, position);
        position += 4;
        return token;
    }

    private static int Align(int position) => (position + 3) & ~3;

    private static uint U32(ReadOnlySpan<byte> bytes, int offset) => BinaryPrimitives.ReadUInt32BigEndian(bytes[offset..]);
}

/// <summary>One node of a tree read by <see cref="FdtReader"/>.</summary>
public sealed class FdtNode(string name)
{
    public string Name { get; } = name;

    public Dictionary<string, byte[]> Properties { get; } = new(StringComparer.Ordinal);

    public List<FdtNode> Children { get; } = [];

    /// <summary>
    /// fdt_subnode_offset: the first child whose name equals <paramref name="name"/>, or, when
    /// <paramref name="name"/> has no unit address, whose name is <paramref name="name"/>@… (case-sensitive).
    /// </summary>
    public FdtNode? Subnode(string name) =>
        Children.FirstOrDefault(c => c.Name == name || (!name.Contains('@', StringComparison.Ordinal) && c.Name.StartsWith(name + "@", StringComparison.Ordinal)));

    /// <summary>fdt_getprop: the property's bytes, or null.</summary>
    public byte[]? GetProp(string name) => Properties.GetValueOrDefault(name);

    /// <summary>fdt_stringlist_count: strings in the property; negative when missing or not NUL-terminated.</summary>
    public int StringListCount(string name)
    {
        if (GetProp(name) is not { } value)
        {
            return -1;
        }

        if (value.Length == 0 || value[^1] != 0)
        {
            return -2;
        }

        return value.Count(b => b == 0);
    }

    /// <summary>fdt_stringlist_get: string <paramref name="index"/> of the property (without its NUL), or null.</summary>
    public string? StringListGet(string name, int index)
    {
        if (StringListCount(name) <= index || index < 0)
        {
            return null;
        }

        var parts = Encoding.ASCII.GetString(GetProp(name)!).Split('\0');
        return parts[index];
    }

    /// <summary>The first 32-bit cell of a property (BL_FDT32_TO_U32), or null when shorter than 4 bytes.</summary>
    public uint? FirstCell(string name) =>
        GetProp(name) is { Length: >= 4 } value ? BinaryPrimitives.ReadUInt32BigEndian(value) : null;
}
