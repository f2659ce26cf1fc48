namespace Fixture.Simulator.Sdk;

/// <summary>Which rule gave the firmware's Wi-Fi MAC.</summary>
public enum WifiMacSource
{
    /// <summary>'M': the factory MAC from an eFuse slot (mfg_efuse).</summary>
    FactoryEfuse,

    /// <summary>'M': the factory MAC from the rf_para flash record (mfg_media initialised, rf_para in the table).</summary>
    FactoryRfPara,

    /// <summary>'B': eFuse slot 0 (bl_efuse_read_mac), in local order when its parity fails.</summary>
    BuiltInEfuse,

    /// <summary>'F': the dtb's ap_mac_addr (both sta_mac_addr and ap_mac_addr must be 6 bytes).</summary>
    DeviceTree,

    /// <summary>Every source of a valid mode failed: 18:B9:05:88:88:88 ("Using Default MAC address").</summary>
    Default,

    /// <summary>No valid mode (or no wifi/mac node, or no readable dtb): wifi_env is never set and stays zero.</summary>
    NeverSet,
}

/// <summary>The MAC the SDK gives the Wi-Fi stack at boot, and how it got there.</summary>
/// <param name="Mac">Network order; the STA and AP MAC alike.</param>
/// <param name="EfuseSlot">For <see cref="WifiMacSource.FactoryEfuse"/> and <see cref="WifiMacSource.BuiltInEfuse"/>: the slot read.</param>
/// <param name="Asserts">The mode string holds a character other than M, B, F: BL_ASSERT(0) stops the firmware in hal_board_cfg.</param>
/// <param name="Trace">One line per source tried, for logs and test messages.</param>
public sealed record WifiMac(byte[] Mac, WifiMacSource Source, int? EfuseSlot, bool Asserts, IReadOnlyList<string> Trace);

/// <summary>
/// hal_board.c update_mac_config / update_mac_config_with_order, on the device side: the dtb's wifi/mac
/// "mode" must be a stringlist of exactly one string of at most 3 characters, else nothing is set. Each
/// character in order: 'B' = eFuse slot 0 with its return value ignored (a parity failure still yields the
/// bytes, in local order); 'M' = the factory MAC (<see cref="FactoryMac"/>), a failed read goes on; 'F' =
/// the dtb: sta_mac_addr and ap_mac_addr must both be 6 bytes, and the MAC used is ap_mac_addr. 'B' and
/// 'M' are refused when the 6 bytes OR to 0 or AND to 1 (sic: an all-0xFF MAC passes). Any other character
/// asserts. Nothing found: 18:B9:05:88:88:88.
/// </summary>
public static class WifiMacConfig
{
    public static readonly byte[] DefaultMac = [0x18, 0xB9, 0x05, 0x88, 0x88, 0x88];

    /// <param name="macNode">The dtb's wifi/mac node, or null when the tree, wifi or mac is missing.</param>
    /// <param name="efuseRegion0">The 128 raw eFuse bytes.</param>
    /// <param name="rfParaRecord">The 24 bytes at the rf_para partition when mfg_media reads from flash (rf_para_on_flash); null: eFuse.</param>
    public static WifiMac Choose(FdtNode? macNode, ReadOnlySpan<byte> efuseRegion0, ReadOnlySpan<byte> rfParaRecord = default, bool rfParaOnFlash = false)
    {
        var trace = new List<string>();
        if (macNode is null)
        {
            trace.Add("no wifi/mac node: update_mac_config is not called");
            return new WifiMac(new byte[6], WifiMacSource.NeverSet, null, false, trace);
        }

        if (macNode.StringListCount("mode") != 1)
        {
            trace.Add($"mode is not a list of one string (count {macNode.StringListCount("mode")}): nothing set");
            return new WifiMac(new byte[6], WifiMacSource.NeverSet, null, false, trace);
        }

        var mode = macNode.StringListGet("mode", 0)!;
        if (mode.Length > 3)
        {
            trace.Add($"mode \"{mode}\" is longer than 3: nothing set");
            return new WifiMac(new byte[6], WifiMacSource.NeverSet, null, false, trace);
        }

        // The SDK copies the string into char[4] and terminates at [3]; bytes beyond a shorter string are
        // uninitialised stack (assumed zero here, see docs/simulator.md).
        foreach (var letter in mode)
        {
            switch (letter)
            {
                case 'B':
                {
                    var read = EfuseMacSlots.ReadMac(efuseRegion0, 0);
                    if (Usable(read.Bytes))
                    {
                        trace.Add(read.ParityOk ? "B: eFuse slot 0" : "B: eFuse slot 0 fails its parity; its bytes are used in local order");
                        return new WifiMac(read.Bytes, WifiMacSource.BuiltInEfuse, 0, false, trace);
                    }

                    trace.Add("B: eFuse slot 0 is all zero or ANDs to 1");
                    break;
                }

                case 'M':
                {
                    var read = rfParaOnFlash ? FactoryMac.FromRfPara(rfParaRecord) : FactoryMac.FromEfuse(efuseRegion0);
                    if (read.Mac is { } mac && Usable(mac))
                    {
                        trace.Add($"M: {read.Why}");
                        return new WifiMac(mac, read.FromRfPara ? WifiMacSource.FactoryRfPara : WifiMacSource.FactoryEfuse, read.EfuseSlot, false, trace);
                    }

                    trace.Add(read.Mac is null ? $"M failed: {read.Why}" : $"M: {read.Why} is all zero or ANDs to 1");
                    break;
                }

                case 'F':
                {
                    if (macNode.GetProp("sta_mac_addr") is { Length: 6 } && macNode.GetProp("ap_mac_addr") is { Length: 6 } ap)
                    {
                        trace.Add("F: the dtb's ap_mac_addr (sta_mac_addr present too)");
                        return new WifiMac(ap, WifiMacSource.DeviceTree, null, false, trace);
                    }

                    trace.Add("F failed: sta_mac_addr and ap_mac_addr must both be 6 bytes");
                    break;
                }

                default:
                    trace.Add($"'{letter}' in mode \"{mode}\": BL_ASSERT(0)");
                    return new WifiMac(new byte[6], WifiMacSource.NeverSet, null, true, trace);
            }
        }

        trace.Add("Using Default MAC address");
        return new WifiMac([.. DefaultMac], WifiMacSource.Default, null, false, trace);
    }

    private static bool Usable(ReadOnlySpan<byte> mac)
    {
        byte or = 0, and = 0xFF;
        foreach (var b in mac)
        {
            or |= b;
            and &= b;
        }

        return or != 0 && and != 1;
    }
}
