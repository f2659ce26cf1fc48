using Fixture.Protocol.Images.DeviceTree;

namespace Fixture.Simulator.Firmware;

/// <summary>
/// Which MAC the Wi-Fi stack starts with: the factory parameters' wifi/mac mode lists the sources in
/// order, "MBF" = manufacturer eFuse slot, built-in eFuse, then the device tree's sta_mac_addr
/// (fixture-design.md §4). The simulated eFuse has one MAC, so M and B both read it; an all-zero
/// or all-ones eFuse MAC counts as empty. A stored OpenBeken config overrides this later (§1).
/// </summary>
public static class MacSelection
{
    public const string DefaultMode = "MBF";

    public static byte[] Select(ReadOnlySpan<byte> efuseMac, FactoryParameters? parameters)
    {
        var mode = parameters?.MacMode is { Length: > 0 } m ? m : DefaultMode;
        foreach (var source in mode.ToUpperInvariant())
        {
            switch (source)
            {
                case 'M' or 'B' when IsUsable(efuseMac):
                    return efuseMac[..6].ToArray();
                case 'F' when parameters?.StationMac is { } treeMac && IsUsable(treeMac):
                    return treeMac;
            }
        }

        return IsUsable(efuseMac) ? efuseMac[..6].ToArray() : new byte[6];
    }

    private static bool IsUsable(ReadOnlySpan<byte> mac) =>
        mac.Length >= 6 && mac[..6].ContainsAnyExcept((byte)0) && mac[..6].ContainsAnyExcept((byte)0xFF);
}
