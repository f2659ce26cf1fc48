using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Fixture.Simulator.Firmware;

/// <summary>What kind of application a firmware image is, judged by the strings inside its code.</summary>
public enum FirmwareKind
{
    /// <summary>Carries OpenBeken's BL602 identity: "OpenBL602" and a USER_SW_VER string.</summary>
    OpenBl602,

    /// <summary>Stock TG7100C firmware (AliOS Things "Living SDK").</summary>
    StockTg7100c,

    /// <summary>A valid image of something else: it runs, but prints nothing the simulator models.</summary>
    Unrecognised,
}

/// <summary>
/// The identity read from a firmware's code, the way a person would spot it in a hex dump: the
/// NUL-terminated string <c>OpenBL602</c> (DEVICENAME_PREFIX_FULL) and a NUL-terminated version
/// string (<c>1.17.366</c>, or <c>dev_…</c> for local builds): the first one within 64 bytes after the
/// name, else the first one anywhere in the image. For stock firmware, the string
/// <c>AliOS Things</c> for stock firmware. Two simulator-only markers may also be embedded, as
/// NUL-terminated ASCII: <c>sim:crash_after_ms=N</c> (the firmware hangs N ms after reset and the
/// watchdog reboots it) and <c>sim:console_baud=N</c> (the stock firmware's compiled-in console rate).
/// </summary>
public sealed partial record FirmwareIdentity(FirmwareKind Kind, string? Name, string? Version, TimeSpan? CrashAfter, int? ConsoleBaud)
{
    public const string OpenBl602Name = "OpenBL602";
    public const string AliOsMarker = "AliOS Things";
    public const string CrashMarkerPrefix = "sim:crash_after_ms=";
    public const string ConsoleBaudMarkerPrefix = "sim:console_baud=";

    public static FirmwareIdentity Read(ReadOnlySpan<byte> code)
    {
        var crash = ReadNumberMarker(code, CrashMarkerPrefix) is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        var baud = ReadNumberMarker(code, ConsoleBaudMarkerPrefix) is { } b and > 0 and <= int.MaxValue ? (int)b : (int?)null;

        var name = "\0"u8.ToArray().Concat(Encoding.ASCII.GetBytes(OpenBl602Name + "\0")).ToArray();
        var at = code.IndexOf(name);
        if (at >= 0)
        {
            // Literals usually sit together in .rodata; a linker may still place them apart.
            var version = FindVersion(code, at + name.Length, 64) ?? FindVersion(code, 0, code.Length);
            if (version is not null)
            {
                return new FirmwareIdentity(FirmwareKind.OpenBl602, OpenBl602Name, version, crash, baud);
            }
        }

        if (code.IndexOf(Encoding.ASCII.GetBytes(AliOsMarker)) >= 0)
        {
            return new FirmwareIdentity(FirmwareKind.StockTg7100c, "AliOS Things", null, crash, baud);
        }

        return new FirmwareIdentity(FirmwareKind.Unrecognised, null, null, crash, baud);
    }

    private static string? FindVersion(ReadOnlySpan<byte> code, int start, int length)
    {
        var end = (int)Math.Min(code.Length, (long)start + length);
        var position = start;
        while (position < end)
        {
            var rest = code[position..];
            var nul = rest.IndexOf((byte)0);
            if (nul < 0)
            {
                return null;
            }

            if (nul > 0)
            {
                var candidate = Encoding.ASCII.GetString(rest[..nul]);
                if (VersionPattern().IsMatch(candidate))
                {
                    return candidate;
                }
            }

            position += nul + 1;
        }

        return null;
    }

    private static long? ReadNumberMarker(ReadOnlySpan<byte> code, string prefix)
    {
        var at = code.IndexOf(Encoding.ASCII.GetBytes(prefix));
        if (at < 0)
        {
            return null;
        }

        var rest = code[(at + prefix.Length)..];
        var nul = rest.IndexOf((byte)0);
        var digits = Encoding.ASCII.GetString(nul < 0 ? rest[..Math.Min(rest.Length, 12)] : rest[..nul]);
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    [GeneratedRegex(@"^(\d+\.\d+\.\d+|dev_[A-Za-z0-9_.\-]+)$")]
    private static partial Regex VersionPattern();
}
