using System.Buffers;
using System.Globalization;
using Fixture.Protocol.Identity;

namespace Fixture.Protocol.BootLog;

/// <summary>
/// OpenBL602's default AP SSID: `OpenBL602_` + the last four bytes of the STA MAC in upper-case hex
/// (`CFG_SetDefaultConfig`, openbl602-boot.md §1). MAC 70:3E:97:1E:96:66 gives `OpenBL602_971E9666`.
/// </summary>
public static class OpenBl602Ssid
{
    public const string Prefix = "OpenBL602_";

    private static readonly SearchValues<char> UpperHexDigits = SearchValues.Create("0123456789ABCDEF");

    /// <summary>The SSID a freshly flashed unit with this MAC opens.</summary>
    public static string FromMac(MacAddress mac) => Prefix + mac.LastFourHex;

    /// <summary>True for `OpenBL602_` followed by exactly eight upper-case hex digits.</summary>
    public static bool IsWellFormed(string ssid) =>
        ssid.Length == Prefix.Length + 8
        && ssid.StartsWith(Prefix, StringComparison.Ordinal)
        && ssid.AsSpan(Prefix.Length).ContainsAnyExcept(UpperHexDigits) == false;

    /// <summary>The MAC's bytes 2..5 a well-formed SSID carries (0x971E9666 for OpenBL602_971E9666).</summary>
    public static bool TryGetLastFourBytes(string? ssid, out uint lastFour)
    {
        lastFour = 0;
        return ssid is not null && IsWellFormed(ssid)
            && uint.TryParse(ssid.AsSpan(Prefix.Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out lastFour);
    }
}
