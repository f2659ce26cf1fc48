using System.Globalization;
using System.Text;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Serialization;
using Tomlyn.Syntax;

namespace Fixture.Protocol.Images;

/// <summary>
/// The vendor's partition TOML (protocol reference §7.3, e.g. <c>partition_cfg_2M.toml</c>): where the
/// two copies of the table go (<c>[pt_table]</c> address0/address1) and the entries
/// (<c>[[pt_entry]]</c>), converted both ways with <see cref="PartitionTable"/>.
/// </summary>
/// <param name="Table">The entries, exactly as the binary table will carry them.</param>
/// <param name="TableAddress0">Flash address of copy 0 (0xE000 in the standard layouts).</param>
/// <param name="TableAddress1">Flash address of copy 1 (0xF000 in the standard layouts).</param>
public sealed record PartitionTableToml(
    PartitionTable Table,
    uint TableAddress0 = PartitionTable.DefaultAddress0,
    uint TableAddress1 = PartitionTable.DefaultAddress1)
{
    public const long DefaultFlashSize = 2 * 1024 * 1024;

    private const uint SectorSize = 0x1000;

    private static readonly string[] TableKeys = ["address0", "address1"];

    private static readonly string[] RequiredEntryKeys = ["type", "name", "device", "address0", "size0", "address1", "size1", "len"];

    private static readonly string[] OptionalEntryKeys = ["activeindex", "age"];

    /// <summary>Reads and validates a TOML file (see <see cref="Parse"/>): a regular file of at most 64 KiB.</summary>
    /// <exception cref="Fixture.Protocol.Json.InputFileException">Not found, not a regular file, too large, unreadable.</exception>
    public static PartitionTableToml Load(string path, long flashSize = DefaultFlashSize) =>
        Parse(System.Text.Encoding.UTF8.GetString(Fixture.Protocol.Json.InputFile.ReadAllBytes(path, 64 * 1024, "the limit for a partition TOML")), Path.GetFileName(path), flashSize);

    /// <summary>
    /// Parses vendor TOML text and validates it against a flash of <paramref name="flashSize"/> bytes:
    /// every required key present with an integer (or string name) value in range, no unknown keys,
    /// names of at most 7 printable ASCII characters, no overlaps, nothing beyond the flash, table copies
    /// sector-aligned below the first partition.
    /// </summary>
    /// <param name="text">The TOML text.</param>
    /// <param name="source">File name used in messages.</param>
    /// <param name="flashSize">Flash size in bytes the layout must fit.</param>
    /// <exception cref="PartitionTableTomlException">The text is not a usable partition table; the message says where and why.</exception>
    public static PartitionTableToml Parse(string text, string source, long flashSize = DefaultFlashSize)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new TomlReader(text, source);
        var layout = reader.Read();
        var problems = layout.FindProblems(flashSize);
        if (problems.Count > 0)
        {
            throw new PartitionTableTomlException(PartitionTomlProblem.Layout, source, $"{source}: {string.Join("; ", problems)}");
        }

        return layout;
    }

    /// <summary>
    /// Everything <see cref="PartitionTable.FindProblems"/> finds, plus problems of the two table copies:
    /// not 4 KiB-aligned, the same sector twice, or in the way of a partition.
    /// </summary>
    public IReadOnlyList<string> FindProblems(long flashSize)
    {
        var problems = new List<string>(Table.FindProblems(flashSize));
        foreach (var (name, address) in new[] { ("address0", TableAddress0), ("address1", TableAddress1) })
        {
            if (address % SectorSize != 0)
            {
                problems.Add($"[pt_table] {name} 0x{address:X} is not 4 KiB-aligned (the table is erased and written as a whole sector)");
            }

            if (address + (long)SectorSize > flashSize)
            {
                problems.Add($"[pt_table] {name} 0x{address:X} lies beyond the {flashSize / 1024} KiB flash");
            }

            foreach (var entry in Table.Entries)
            {
                foreach (var (slot, start, size) in new[] { (0, entry.Address0, entry.Size0), (1, entry.Address1, entry.Size1) })
                {
                    if (size != 0 && address < (long)start + size && start < (long)address + SectorSize)
                    {
                        problems.Add($"[pt_table] {name} 0x{address:X} lies inside entry \"{entry.Name}\" slot {slot} (0x{start:X}+0x{size:X})");
                    }
                }
            }
        }

        if (TableAddress0 / SectorSize == TableAddress1 / SectorSize)
        {
            problems.Add($"[pt_table] address0 0x{TableAddress0:X} and address1 0x{TableAddress1:X} are in the same 4 KiB sector: the second copy would erase the first");
        }

        return problems;
    }

    /// <summary>
    /// The table as vendor-style TOML (hex addresses and sizes, one <c>[[pt_entry]]</c> per entry,
    /// activeindex/age only when not 0). Written by hand because Tomlyn pads hex integers to 16 digits;
    /// <see cref="Parse"/> reads it back to the same table.
    /// </summary>
    public string ToToml()
    {
        var toml = new StringBuilder();
        toml.Append("[pt_table]\n")
            .Append("# the table is written twice, one 4 KiB sector each\n")
            .Append(CultureInfo.InvariantCulture, $"address0 = {Hex(TableAddress0)}\n")
            .Append(CultureInfo.InvariantCulture, $"address1 = {Hex(TableAddress1)}\n");
        foreach (var entry in Table.Entries)
        {
            toml.Append("\n[[pt_entry]]\n")
                .Append(CultureInfo.InvariantCulture, $"type = {entry.Type}\n")
                .Append(CultureInfo.InvariantCulture, $"name = \"{Escape(entry.Name)}\"\n")
                .Append(CultureInfo.InvariantCulture, $"device = {entry.Device}\n");
            if (entry.ActiveIndex != 0)
            {
                toml.Append(CultureInfo.InvariantCulture, $"activeindex = {entry.ActiveIndex}\n");
            }

            toml.Append(CultureInfo.InvariantCulture, $"address0 = {Hex(entry.Address0)}\n")
                .Append(CultureInfo.InvariantCulture, $"size0 = {Hex(entry.Size0)}\n")
                .Append(CultureInfo.InvariantCulture, $"address1 = {Hex(entry.Address1)}\n")
                .Append(CultureInfo.InvariantCulture, $"size1 = {Hex(entry.Size1)}\n")
                .Append(CultureInfo.InvariantCulture, $"len = {entry.Length}\n");
            if (entry.Age != 0)
            {
                toml.Append(CultureInfo.InvariantCulture, $"age = {entry.Age}\n");
            }
        }

        return toml.ToString();
    }

    private static string Hex(uint value) => value == 0 ? "0" : $"0x{value:X}";

    private static string Escape(string name) => name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>One pass over one TOML text; keeps the source name and key positions for messages.</summary>
    private sealed class TomlReader(string text, string source)
    {
        private readonly TomlMetadataStore _metadata = new();
        private List<int> _entryHeaderLines = [];

        public PartitionTableToml Read()
        {
            // The syntax pass is strict (duplicate keys, redefined tables); the model pass alone is not.
            var document = SyntaxParser.Parse(text, source, validate: true);
            if (document.HasErrors)
            {
                var error = document.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
                var line = error.Span.Start.Line + 1;
                throw new PartitionTableTomlException(
                    PartitionTomlProblem.Syntax,
                    source,
                    $"{source} line {line}, column {error.Span.Start.Column + 1}: not valid TOML: {error.Message}",
                    line);
            }

            _entryHeaderLines = document.Tables
                .Where(t => t is TableArraySyntax && t.Name?.ToString().Trim() == "pt_entry")
                .Select(t => t.Span.Start.Line + 1)
                .ToList();

            TomlTable root;
            try
            {
                root = TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { SourceName = source, MetadataStore = _metadata })
                    ?? new TomlTable();
            }
            catch (TomlException e)
            {
                throw new PartitionTableTomlException(
                    PartitionTomlProblem.Syntax, source, $"{source} line {e.Line}, column {e.Column}: not valid TOML: {e.Message}", e.Line, innerException: e);
            }

            if (root.Keys.FirstOrDefault(k => k is not "pt_table" and not "pt_entry") is { } stray)
            {
                throw Error(PartitionTomlProblem.UnknownKey, root, stray, null, $"unknown top-level key \"{stray}\" (a partition TOML has [pt_table] and [[pt_entry]])");
            }

            if (!root.TryGetValue("pt_table", out var tableValue))
            {
                throw new PartitionTableTomlException(PartitionTomlProblem.MissingKey, source, $"{source}: [pt_table] is missing (it gives address0/address1 of the two table copies)", key: "pt_table");
            }

            if (tableValue is not TomlTable table)
            {
                throw Error(PartitionTomlProblem.WrongType, root, "pt_table", null, $"\"pt_table\" must be a table, found {Describe(tableValue)}");
            }

            CheckKeys(table, TableKeys, [], null, "[pt_table]");
            var address0 = U32(table, "address0", null, "[pt_table]");
            var address1 = U32(table, "address1", null, "[pt_table]");

            if (!root.TryGetValue("pt_entry", out var entriesValue))
            {
                throw new PartitionTableTomlException(PartitionTomlProblem.MissingKey, source, $"{source}: no [[pt_entry]] at all (a table needs at least the FW entry)", key: "pt_entry");
            }

            if (entriesValue is not TomlTableArray entries)
            {
                throw Error(PartitionTomlProblem.WrongType, root, "pt_entry", null, $"\"pt_entry\" must be an array of tables ([[pt_entry]]), found {Describe(entriesValue)}");
            }

            if (entries.Count > PartitionTable.MaxEntries)
            {
                throw new PartitionTableTomlException(PartitionTomlProblem.Layout, source, $"{source}: {entries.Count} [[pt_entry]] tables, a partition table holds at most {PartitionTable.MaxEntries}");
            }

            var list = new List<PartitionEntry>(entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                list.Add(ReadEntry(entries[i], i + 1));
            }

            return new PartitionTableToml(new PartitionTable(list), address0, address1);
        }

        private PartitionEntry ReadEntry(TomlTable entry, int number)
        {
            var name = entry.TryGetValue("name", out var n) && n is string s ? s : null;
            var where = name is null ? $"[[pt_entry]] #{number}" : $"[[pt_entry]] #{number} \"{name}\"";
            CheckKeys(entry, RequiredEntryKeys, OptionalEntryKeys, number, where);
            if (entry["name"] is not string entryName)
            {
                throw Error(PartitionTomlProblem.WrongType, entry, "name", number, $"{where}: \"name\" must be a string, found {Describe(entry["name"])}");
            }

            if (entryName.Length == 0 || entryName.Length > PartitionEntry.MaxNameLength || entryName.Any(c => c is < (char)0x21 or > (char)0x7E))
            {
                throw Error(
                    PartitionTomlProblem.BadName,
                    entry,
                    "name",
                    number,
                    $"{where}: name \"{entryName}\" must be 1 to {PartitionEntry.MaxNameLength} printable ASCII characters (the vendor's creator refuses 8 or more)");
            }

            var activeIndex = entry.ContainsKey("activeindex") ? U32(entry, "activeindex", number, where, max: 1) : 0;
            return new PartitionEntry(
                (byte)U32(entry, "type", number, where, max: byte.MaxValue),
                (byte)U32(entry, "device", number, where, max: byte.MaxValue),
                (byte)activeIndex,
                entryName,
                U32(entry, "address0", number, where),
                U32(entry, "address1", number, where),
                U32(entry, "size0", number, where),
                U32(entry, "size1", number, where),
                U32(entry, "len", number, where),
                entry.ContainsKey("age") ? U32(entry, "age", number, where) : 0);
        }

        private void CheckKeys(TomlTable table, string[] required, string[] optional, int? number, string where)
        {
            foreach (var key in table.Keys)
            {
                if (!required.Contains(key) && !optional.Contains(key))
                {
                    throw Error(
                        PartitionTomlProblem.UnknownKey,
                        table,
                        key,
                        number,
                        $"{where}: unknown key \"{key}\" (known keys: {string.Join(", ", required.Concat(optional))})");
                }
            }

            foreach (var key in required.Where(k => !table.ContainsKey(k)))
            {
                var line = number is { } n && n - 1 < _entryHeaderLines.Count ? _entryHeaderLines[n - 1] : (int?)null;
                var at = line is null ? source : $"{source} line {line}";
                throw new PartitionTableTomlException(PartitionTomlProblem.MissingKey, source, $"{at}: {where}: key \"{key}\" is missing", line, number, key);
            }
        }

        private uint U32(TomlTable table, string key, int? number, string where, uint max = uint.MaxValue)
        {
            var value = table[key];
            if (value is not long integer)
            {
                throw Error(PartitionTomlProblem.WrongType, table, key, number, $"{where}: \"{key}\" must be an integer, found {Describe(value)}");
            }

            if (integer < 0 || integer > max)
            {
                throw Error(PartitionTomlProblem.OutOfRange, table, key, number, $"{where}: \"{key}\" = {integer} is out of range (0 to {(max == uint.MaxValue ? "0xFFFFFFFF" : max.ToString(CultureInfo.InvariantCulture))})");
            }

            return (uint)integer;
        }

        private PartitionTableTomlException Error(PartitionTomlProblem problem, TomlTable table, string key, int? number, string what)
        {
            int? line = _metadata.TryGetProperties(table, out var properties) && properties!.TryGetProperty(key, out var property) && property?.Span is { } span
                ? span.Start.Line + 1
                : null;
            var at = line is null ? source : $"{source} line {line}";
            return new PartitionTableTomlException(problem, source, $"{at}: {what}", line, number, key);
        }

        private static string Describe(object? value) => value switch
        {
            null => "nothing",
            string s => $"a string (\"{s}\")",
            long => "an integer",
            double => "a float",
            bool => "a boolean",
            TomlTable => "a table",
            TomlTableArray => "an array of tables",
            TomlArray => "an array",
            _ => $"a {value.GetType().Name}",
        };
    }
}
