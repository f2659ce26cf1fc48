using System.Buffers.Binary;
using System.Text;

namespace Fixture.Protocol.Images.DeviceTree;

/// <summary>A node of a flattened device tree: a name, properties (raw big-endian bytes) and children.</summary>
public sealed class DeviceTreeNode
{
    private readonly List<KeyValuePair<string, byte[]>> _properties = [];
    private readonly List<DeviceTreeNode> _children = [];

    public DeviceTreeNode(string name)
    {
        Name = name;
    }

    /// <summary>Node name with unit address, e.g. "uart@4000A000"; empty for the root.</summary>
    public string Name { get; }

    public IReadOnlyList<KeyValuePair<string, byte[]>> Properties => _properties;

    public IReadOnlyList<DeviceTreeNode> Children => _children;

    public DeviceTreeNode AddChild(string name)
    {
        var child = new DeviceTreeNode(name);
        _children.Add(child);
        return child;
    }

    public DeviceTreeNode Add(string property, byte[] value)
    {
        _properties.Add(new(property, value));
        return this;
    }

    /// <summary>A string property (NUL-terminated); several strings make a string list.</summary>
    public DeviceTreeNode Add(string property, params string[] values)
    {
        var bytes = new List<byte>();
        foreach (var v in values)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes(v));
            bytes.Add(0);
        }

        return Add(property, bytes.ToArray());
    }

    /// <summary>A cell-list property: each value a big-endian u32 (<c>&lt;a b c&gt;</c> in DTS).</summary>
    public DeviceTreeNode Add(string property, params uint[] cells)
    {
        var bytes = new byte[cells.Length * 4];
        for (var i = 0; i < cells.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 4), cells[i]);
        }

        return Add(property, bytes);
    }

    public byte[]? GetProperty(string name) => _properties.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>The first cell of a property, or null when absent or shorter than 4 bytes.</summary>
    public uint? GetUInt32(string name)
    {
        var value = GetProperty(name);
        return value is { Length: >= 4 } ? BinaryPrimitives.ReadUInt32BigEndian(value) : null;
    }

    /// <summary>The first string of a string property, or null.</summary>
    public string? GetString(string name)
    {
        var value = GetProperty(name);
        if (value is null)
        {
            return null;
        }

        var nul = Array.IndexOf(value, (byte)0);
        return Encoding.ASCII.GetString(value, 0, nul < 0 ? value.Length : nul);
    }

    public DeviceTreeNode? Child(string name) =>
        _children.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Follows a path of child names ("wifi/mac"); node names compare case-insensitively.</summary>
    public DeviceTreeNode? Find(string path)
    {
        var node = this;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node?.Child(part);
        }

        return node;
    }
}
