using System.Globalization;
using System.Text;

namespace Fixture.Protocol.Json;

/// <summary>JSON paths as the messages write them: <c>sockets[2].lines.power</c>, <c>variants["1 MB"]</c>.</summary>
public static class JsonPath
{
    /// <summary>The path of a key inside the object at <paramref name="parent"/> ("" for the file's top level).</summary>
    public static string Property(string parent, string key)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(key);
        if (IsPlain(key))
        {
            return parent.Length == 0 ? key : $"{parent}.{key}";
        }

        return $"{parent}[\"{Escape(key)}\"]";
    }

    /// <summary>The path of the <paramref name="index"/>-th element of the list at <paramref name="parent"/>.</summary>
    public static string Element(string parent, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or lies inside it.</summary>
    public static bool IsWithin(string path, string ancestor)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(ancestor);
        return path.StartsWith(ancestor, StringComparison.Ordinal)
            && (path.Length == ancestor.Length || path[ancestor.Length] is '.' or '[');
    }

    /// <summary>
    /// Text from a file as a message may show it: quotes and backslashes escaped, control characters
    /// (an escape sequence would drive the terminal) as \u001B, at most <paramref name="max"/> characters.
    /// </summary>
    public static string Escape(string text, int max = 64)
    {
        ArgumentNullException.ThrowIfNull(text);
        var shown = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            _ = c switch
            {
                '"' => shown.Append("\\\""),
                '\\' => shown.Append("\\\\"),
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => shown.Append(c),
            };
        }

        return text.Length > max ? shown.Append('…').ToString() : shown.ToString();
    }

    private static bool IsPlain(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
