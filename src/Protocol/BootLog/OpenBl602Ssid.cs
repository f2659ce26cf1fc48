using System.Buffers;
using System.Globalization;
using System.Net.NetworkInformation;

namespace Fixture.Protocol.BootLog;

/// <summary>
/// OpenBL602's default AP SSID: `OpenBL602_` + the last four bytes of the STA MAC in upper-case hex
/// (`CFG_SetDefaultConfig`, openbl602-boot.md §1). MAC 70:3E:97:1E:96:66 gives `OpenBL602_971E9666`.
/// </summary>
public static class OpenBl602Ssid
{
    public const string Prefix = "OpenBL602_";

    public const int MacLength = 6;

    private static readonly SearchValues<char> UpperHexDigits = SearchValues.Create("0123456789ABCDEF");

    /// <summary>The SSID a freshly flashed unit with this MAC opens.</summary>
    public static string FromMac(PhysicalAddress mac)
    {
        var bytes = mac.GetAddressBytes();
        if (bytes.Length != MacLength)
        {
            throw new ArgumentException($"A BL602 MAC has {MacLength} bytes, got {bytes.Length}.", nameof(mac));
        }

        return Prefix + Convert.ToHexString(bytes, 2, 4);
    }

    /// <summary>True for `OpenBL602_` followed by exactly eight upper-case hex digits.</summary>
    public static bool IsWellFormed(string ssid) =>
        ssid.Length == Prefix.Length + 8
        && ssid.StartsWith(Prefix, StringComparison.Ordinal)
        && ssid.AsSpan(Prefix.Length).ContainsAnyExcept(UpperHexDigits) == false;

    /// <summary>
    /// Reads a MAC typed by a person: six hex byte pairs separated by `:` or `-`, or twelve hex digits.
    /// </summary>
    public static bool TryParseMac(string? text, out PhysicalAddress? mac)
    {
        mac = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var digits = text.Trim();
        if (digits.Length == 17)
        {
            var separator = digits[2];
            if (separator is not (':' or '-'))
            {
                return false;
            }

            for (var i = 2; i < 17; i += 3)
            {
                if (digits[i] != separator)
                {
                    return false;
                }
            }

            digits = digits.Replace(separator.ToString(), string.Empty, StringComparison.Ordinal);
        }

        if (digits.Length != MacLength * 2)
        {
            return false;
        }

        var bytes = new byte[MacLength];
        for (var i = 0; i < MacLength; i++)
        {
            if (!byte.TryParse(digits.AsSpan(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        mac = new PhysicalAddress(bytes);
        return true;
    }
}
