using System.Text;
using System.Text.RegularExpressions;

namespace Fixture.Protocol.Backup;

/// <summary>What firmware a flash image holds, recognised by the strings its .rodata carries (null when unknown).</summary>
public static partial class FirmwareFingerprint
{
    /// <summary>"OpenBL602 1.17.366", "OpenBL602", "stock TG7100C (AliOS Things)", or null.</summary>
    public static string? Recognise(ReadOnlySpan<byte> image)
    {
        var openBl602 = image.IndexOf("OpenBL602\0"u8);
        if (openBl602 >= 0)
        {
            var after = image[(openBl602 + 10)..];
            var end = after.IndexOf((byte)0);
            if (end > 0 && end <= 20 && Version().IsMatch(Encoding.ASCII.GetString(after[..end])))
            {
                return "OpenBL602 " + Encoding.ASCII.GetString(after[..end]);
            }

            return "OpenBL602";
        }

        return image.IndexOf("AliOS Things"u8) >= 0 ? "stock TG7100C (AliOS Things)" : null;
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex Version();
}
