using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Fixture.Protocol.Identity;

/// <summary>
/// A 6-byte MAC address (or BL602 chip id, which is eFuse MAC slot 0), in network order: the one
/// type every part of the fixture parses MACs into and formats them from. It reads the forms people
/// and files use — <c>70:3E:97:1E:96:66</c>, <c>70-3E-97-1E-96-66</c>, <c>703E971E9666</c> (any case)
/// — and writes <c>70:3E:97:1E:96:66</c>. The chip stores and sends MACs reversed
/// (<see cref="FromReversed"/>).
/// </summary>
public readonly struct MacAddress : IEquatable<MacAddress>, IComparable<MacAddress>
{
    public const int Length = 6;

    private readonly ulong value;

    private MacAddress(ulong value)
    {
        this.value = value;
    }

    /// <summary>The address as a 48-bit number, byte 0 most significant (70:3E:97:1E:96:66 = 0x703E971E9666).</summary>
    public ulong Value => value;

    /// <summary>Byte <paramref name="index"/> (0..5) in network order.</summary>
    public byte this[int index] =>
        index is >= 0 and < Length ? (byte)(value >> (8 * (Length - 1 - index))) : throw new ArgumentOutOfRangeException(nameof(index), index, "A MAC has bytes 0 to 5.");

    /// <summary>Bytes 2..5 as eight upper-case hex digits: what OpenBL602 puts after <c>OpenBL602_</c> (971E9666).</summary>
    public string LastFourHex => (value & 0xFFFF_FFFF).ToString("X8", CultureInfo.InvariantCulture);

    /// <summary>From 6 bytes in network order.</summary>
    /// <exception cref="ArgumentException">Not 6 bytes.</exception>
    public static MacAddress FromBytes(ReadOnlySpan<byte> networkOrder)
    {
        RequireLength(networkOrder, nameof(networkOrder));
        var v = 0UL;
        foreach (var b in networkOrder)
        {
            v = (v << 8) | b;
        }

        return new MacAddress(v);
    }

    /// <summary>From 6 bytes as the chip stores and sends them (reversed: get_boot_info, 0x42, the eFuse words).</summary>
    /// <exception cref="ArgumentException">Not 6 bytes.</exception>
    public static MacAddress FromReversed(ReadOnlySpan<byte> reversed)
    {
        RequireLength(reversed, nameof(reversed));
        var v = 0UL;
        for (var i = Length - 1; i >= 0; i--)
        {
            v = (v << 8) | reversed[i];
        }

        return new MacAddress(v);
    }

    /// <summary>From the low 48 bits of <paramref name="number"/> (0x703E971E9666 = 70:3E:97:1E:96:66).</summary>
    public static MacAddress FromNumber(ulong number) => new(number & 0xFFFF_FFFF_FFFF);

    /// <summary>
    /// Reads <c>70:3E:97:1E:96:66</c>, <c>70-3E-97-1E-96-66</c> (one separator throughout, two digits
    /// per byte) or twelve hex digits; surrounding blanks are ignored, case is not significant.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out MacAddress mac)
    {
        mac = default;
        if (text is null)
        {
            return false;
        }

        var s = text.AsSpan().Trim();
        Span<char> digits = stackalloc char[12];
        if (s.Length == 17)
        {
            var separator = s[2];
            if (separator is not (':' or '-'))
            {
                return false;
            }

            for (var i = 0; i < Length; i++)
            {
                if (i > 0 && s[(i * 3) - 1] != separator)
                {
                    return false;
                }

                digits[i * 2] = s[i * 3];
                digits[(i * 2) + 1] = s[(i * 3) + 1];
            }
        }
        else if (s.Length == 12)
        {
            s.CopyTo(digits);
        }
        else
        {
            return false;
        }

        if (!ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
        {
            return false;
        }

        mac = new MacAddress(v);
        return true;
    }

    /// <exception cref="FormatException">Not a MAC in any of the forms <see cref="TryParse"/> reads.</exception>
    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac : throw new FormatException($"'{text}' is not a MAC address: write six hex bytes, e.g. 70:3E:97:1E:96:66.");

    /// <summary>The 6 bytes in network order.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    public void CopyTo(Span<byte> destination)
    {
        Span<byte> eight = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(eight, value);
        eight[2..].CopyTo(destination);
    }

    /// <summary>The 6 bytes as the chip stores them (reversed).</summary>
    public byte[] ToReversedBytes()
    {
        var bytes = ToBytes();
        Array.Reverse(bytes);
        return bytes;
    }

    /// <summary>Adds <paramref name="steps"/> to the address as a 48-bit number (wrapping).</summary>
    public MacAddress Add(long steps) => FromNumber(unchecked(value + (ulong)steps));

    /// <summary><c>70:3E:97:1E:96:66</c>.</summary>
    public override string ToString() => string.Create(17, value, static (chars, v) =>
    {
        for (var i = 0; i < Length; i++)
        {
            var b = (byte)(v >> (8 * (Length - 1 - i)));
            if (i > 0)
            {
                chars[(i * 3) - 1] = ':';
            }

            b.TryFormat(chars[(i * 3)..], out _, "X2", CultureInfo.InvariantCulture);
        }
    });

    /// <summary><c>703E971E9666</c> (file names).</summary>
    public string ToCompactString() => value.ToString("X12", CultureInfo.InvariantCulture);

    public bool Equals(MacAddress other) => value == other.value;

    public override bool Equals(object? obj) => obj is MacAddress other && Equals(other);

    public override int GetHashCode() => value.GetHashCode();

    public int CompareTo(MacAddress other) => value.CompareTo(other.value);

    public static bool operator ==(MacAddress left, MacAddress right) => left.Equals(right);

    public static bool operator !=(MacAddress left, MacAddress right) => !left.Equals(right);

    public static bool operator <(MacAddress left, MacAddress right) => left.value < right.value;

    public static bool operator >(MacAddress left, MacAddress right) => left.value > right.value;

    public static bool operator <=(MacAddress left, MacAddress right) => left.value <= right.value;

    public static bool operator >=(MacAddress left, MacAddress right) => left.value >= right.value;

    private static void RequireLength(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A MAC has {Length} bytes, got {bytes.Length}.", name);
        }
    }
}
