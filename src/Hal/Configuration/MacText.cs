using System.Globalization;

namespace Fixture.Hal.Configuration;

/// <summary>MAC addresses as configuration text ("70:3E:97:1E:96:66" or with '-').</summary>
public static class MacText
{
    public static bool TryParse(string text, out byte[] mac)
    {
        mac = new byte[6];
        var parts = text.Trim().Split(':', '-');
        if (parts.Length != 6)
        {
            return false;
        }

        for (var i = 0; i < 6; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out mac[i]))
            {
                return false;
            }
        }

        return true;
    }
}
