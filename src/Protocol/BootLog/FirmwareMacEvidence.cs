using System.Globalization;
using Fixture.Protocol.Identity;

namespace Fixture.Protocol.BootLog;

/// <summary>
/// What the firmware itself printed about its MAC: the SDK's Wi-Fi start line (all six bytes, or
/// bytes 0..2 when the build masks the rest), the hostname line and the AP SSID (bytes 2..5 each).
/// The pieces must agree where they overlap; together they may give the whole MAC.
/// </summary>
public sealed class FirmwareMacEvidence
{
    private uint? initPrefix;

    /// <summary>The MAC as the Wi-Fi start line printed it: `70:3E:97:1E:96:66` or `70:3E:97:*****`.</summary>
    public string? InitLineMac { get; private set; }

    /// <summary>The whole MAC from the Wi-Fi start line, when it was not masked.</summary>
    public MacAddress? InitMac { get; private set; }

    /// <summary>Bytes 2..5 from the hostname line.</summary>
    public uint? HostnameLastFour { get; private set; }

    /// <summary>Bytes 2..5 from the AP SSID.</summary>
    public uint? SsidLastFour { get; private set; }

    /// <summary>True when any piece was seen.</summary>
    public bool Any => InitLineMac is not null || HostnameLastFour is not null || SsidLastFour is not null;

    /// <summary>Bytes 2..5 as the firmware showed them (SSID first, then hostname, then the start line).</summary>
    public uint? LastFour => SsidLastFour ?? HostnameLastFour ?? (InitMac is { } m ? (uint)(m.Value & 0xFFFF_FFFF) : null);

    /// <summary>The whole MAC the firmware uses, when the pieces give all six bytes and agree.</summary>
    public MacAddress? Mac
    {
        get
        {
            if (Conflict is not null)
            {
                return null;
            }

            if (InitMac is { } whole)
            {
                return whole;
            }

            return initPrefix is { } prefix && LastFour is { } last
                ? MacAddress.FromNumber(((ulong)(prefix >> 8) << 32) | last)
                : null;
        }
    }

    /// <summary>What is known, unknown bytes as `??`: `70:3E:97:1E:96:66`, `70:3E:97:??:??:??`, `??:??:97:1E:96:66`; null when nothing.</summary>
    public string? Pattern
    {
        get
        {
            if (Mac is { } mac)
            {
                return mac.ToString();
            }

            var bytes = new string?[6];
            if (initPrefix is { } prefix)
            {
                for (var i = 0; i < 3; i++)
                {
                    bytes[i] = ((byte)(prefix >> (8 * (2 - i)))).ToString("X2", CultureInfo.InvariantCulture);
                }
            }

            if (LastFour is { } last)
            {
                for (var i = 0; i < 4; i++)
                {
                    bytes[2 + i] = ((byte)(last >> (8 * (3 - i)))).ToString("X2", CultureInfo.InvariantCulture);
                }
            }

            return bytes.All(b => b is null) ? null : string.Join(':', bytes.Select(b => b ?? "??"));
        }
    }

    /// <summary>How the pieces contradict each other, in words; null when they agree.</summary>
    public string? Conflict
    {
        get
        {
            if (SsidLastFour is { } ssid && HostnameLastFour is { } host && ssid != host)
            {
                return $"the hostname line shows bytes 2..5 {Hex(host)}, the AP SSID {Hex(ssid)}";
            }

            var shown = SsidLastFour ?? HostnameLastFour;
            var by = SsidLastFour is not null ? "the AP SSID" : "the hostname line";
            if (shown is { } last && InitMac is { } init && (uint)(init.Value & 0xFFFF_FFFF) != last)
            {
                return $"the Wi-Fi start line shows MAC {init}, {by} bytes 2..5 {Hex(last)}";
            }

            if (shown is { } l && initPrefix is { } prefix && (byte)prefix != (byte)(l >> 24))
            {
                return $"the Wi-Fi start line shows MAC {InitLineMac} (byte 2 = {(byte)prefix:X2}), {by} bytes 2..5 {Hex(l)} (byte 2 = {(byte)(l >> 24):X2})";
            }

            return null;
        }
    }

    /// <summary>True when everything the firmware printed fits <paramref name="mac"/>.</summary>
    public bool Fits(MacAddress mac)
    {
        var last = (uint)(mac.Value & 0xFFFF_FFFF);
        return (InitMac is not { } init || init == mac)
            && (initPrefix is not { } prefix || prefix == (uint)(mac.Value >> 24))
            && (HostnameLastFour is not { } host || host == last)
            && (SsidLastFour is not { } ssid || ssid == last);
    }

    /// <summary>The firmware's words against <paramref name="mac"/>: what differs, in words; null when they fit.</summary>
    public string? Against(MacAddress mac)
    {
        var last = (uint)(mac.Value & 0xFFFF_FFFF);
        if (InitMac is { } init && init != mac)
        {
            return $"its Wi-Fi start line shows MAC {init}";
        }

        if (initPrefix is { } prefix && prefix != (uint)(mac.Value >> 24))
        {
            return $"its Wi-Fi start line shows MAC {InitLineMac}";
        }

        if (SsidLastFour is { } ssid && ssid != last)
        {
            return $"its AP SSID shows bytes 2..5 {Hex(ssid)}";
        }

        return HostnameLastFour is { } host && host != last ? $"its hostname line shows bytes 2..5 {Hex(host)}" : null;
    }

    internal void SetInitLine(string text)
    {
        InitLineMac = text;
        if (MacAddress.TryParse(text, out var whole))
        {
            InitMac = whole;
            initPrefix = (uint)(whole.Value >> 24);
        }
        else if (text.Length >= 8 && uint.TryParse(text.Replace(":", string.Empty, StringComparison.Ordinal).AsSpan(0, 6), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var prefix))
        {
            InitMac = null;
            initPrefix = prefix;
        }
    }

    internal void SetHostname(string hex)
    {
        if (uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var last))
        {
            HostnameLastFour = last;
        }
    }

    internal void SetSsid(string ssid)
    {
        if (OpenBl602Ssid.TryGetLastFourBytes(ssid, out var last))
        {
            SsidLastFour = last;
        }
    }

    private static string Hex(uint lastFour) => lastFour.ToString("X8", CultureInfo.InvariantCulture);
}
