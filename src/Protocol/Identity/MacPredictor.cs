using Fixture.Protocol.Images.DeviceTree;

namespace Fixture.Protocol.Identity;

/// <summary>One MAC the firmware may start with, where it comes from, and how the rules got there.</summary>
/// <param name="Mac">The MAC (network order).</param>
/// <param name="Source">Its source (mac_source).</param>
/// <param name="How">The steps in words, e.g. "mode MBF: M = eFuse slot 1 (highest written of 2, 1, 0)".</param>
public sealed record MacPrediction(MacAddress Mac, MacSource Source, string How)
{
    public override string ToString() => $"{Mac} ({Source.ToText()}: {How})";
}

/// <summary>
/// What the SDK rules say about the firmware's MAC: one candidate, two when the factory ("M") MAC
/// may come from eFuse or from the rf_para record (whether OpenBL602 initialises mfg_media is not
/// known), or none when the rules cannot tell (<see cref="Unpredictable"/>).
/// </summary>
public sealed record MacPredictionResult
{
    /// <summary>Distinct candidates, the likelier first (mfg_media on eFuse before mfg_media on flash).</summary>
    public IReadOnlyList<MacPrediction> Candidates { get; init; } = [];

    /// <summary>Why there is no candidate (the firmware's MAC cannot be known from eFuse and recipe); null otherwise.</summary>
    public string? Unpredictable { get; init; }

    /// <summary>Assumptions the prediction rests on where the SDK's behaviour is undefined.</summary>
    public IReadOnlyList<string> Assumptions { get; init; } = [];

    /// <summary>The dtb's wifi/mac mode as read (e.g. "MBF"), or null.</summary>
    public string? Mode { get; init; }

    public MacPrediction? Primary => Candidates.Count > 0 ? Candidates[0] : null;

    /// <summary>The candidate with this MAC, or null.</summary>
    public MacPrediction? Matching(MacAddress mac) => Candidates.FirstOrDefault(c => c.Mac == mac);
}

/// <summary>
/// Predicts the MAC the firmware starts Wi-Fi with, as the Bouffalo SDK computes it
/// (hal_board.c update_mac_config_with_order; bl602_ef_ctrl.c; bl602_mfg_efuse.c; bl602_mfg_flash.c):
/// <list type="bullet">
/// <item>the dtb's wifi/mac mode must be one string of at most 3 characters, else no MAC is set at all;</item>
/// <item>per character, first success wins: B = eFuse slot 0, used even when its parity fails (then in the
///   stored, reversed byte order); M = the factory MAC: the highest non-empty slot of 2, 1, 0, failing
///   on a parity error (no fall-back to a lower slot), or the rf_para record when mfg_media serves from
///   flash; F = the dtb: needs sta_mac_addr and ap_mac_addr of 6 bytes and yields ap_mac_addr;
///   another character makes the SDK assert;</item>
/// <item>B and M are refused when all six bytes OR to 0 or AND to 1 (sic: 1, not 0xFF);</item>
/// <item>nothing set: 18:B9:05:88:88:88.</item>
/// </list>
/// Written for the station independently of the simulator's own implementation of the same rules.
/// </summary>
public static class MacPredictor
{
    /// <summary>The SDK's MAC when no source yields one ("Using Default MAC address").</summary>
    public static readonly MacAddress DefaultMac = MacAddress.FromNumber(0x18B9_0588_8888);

    private const int MaxModeLength = 3;

    /// <param name="efuse">eFuse region 0 as read with 0x41.</param>
    /// <param name="parameters">The recipe's factory parameters (the .dtb the plan flashes).</param>
    /// <param name="rfParaInTable">The recipe's partition table has an entry named "rf_para".</param>
    /// <param name="rfPara">The record read from that entry's address; null when not read.</param>
    public static MacPredictionResult Predict(EfuseRegion0 efuse, FactoryParameters? parameters, bool rfParaInTable = false, RfParaRecord? rfPara = null)
    {
        ArgumentNullException.ThrowIfNull(efuse);
        if (parameters is null || !parameters.HasMacNode)
        {
            return new MacPredictionResult { Unpredictable = "the factory parameters have no wifi/mac node: the SDK sets no MAC and the Wi-Fi stack keeps its built-in one" };
        }

        var modes = parameters.MacModeStrings;
        if (modes is not { Count: 1 })
        {
            return new MacPredictionResult
            {
                Unpredictable = modes is null
                    ? "the factory parameters' wifi/mac mode is missing or not a string: the SDK sets no MAC and the Wi-Fi stack keeps its built-in one"
                    : $"the factory parameters' wifi/mac mode holds {modes.Count} strings, the SDK needs exactly one: it sets no MAC and the Wi-Fi stack keeps its built-in one",
            };
        }

        var mode = modes[0];
        if (mode.Length > MaxModeLength)
        {
            return new MacPredictionResult
            {
                Mode = mode,
                Unpredictable = $"the factory parameters' wifi/mac mode '{mode}' is longer than {MaxModeLength} characters: the SDK sets no MAC and the Wi-Fi stack keeps its built-in one",
            };
        }

        var assumptions = new List<string>();
        var candidates = new List<MacPrediction>();
        string? unpredictable = null;
        foreach (var onFlash in rfParaInTable ? new[] { false, true } : [false])
        {
            var outcome = Run(mode, efuse, parameters, onFlash, rfPara, assumptions);
            if (outcome.Prediction is { } prediction)
            {
                if (candidates.All(c => c.Mac != prediction.Mac))
                {
                    candidates.Add(prediction);
                }
            }
            else
            {
                unpredictable ??= outcome.Problem;
            }
        }

        return new MacPredictionResult
        {
            Mode = mode,
            Candidates = candidates,
            Unpredictable = candidates.Count == 0 ? unpredictable : null,
            Assumptions = assumptions.Distinct().ToList(),
        };
    }

    private static (MacPrediction? Prediction, string? Problem) Run(string mode, EfuseRegion0 efuse, FactoryParameters parameters, bool mfgOnFlash, RfParaRecord? rfPara, List<string> assumptions)
    {
        var tried = new List<string>();
        foreach (var c in mode)
        {
            switch (c)
            {
                case 'B':
                {
                    var slot = efuse.Slot(0);
                    var mac = slot.ParityOk ? slot.StoredMac : MacAddress.FromBytes(slot.LocalOrder);
                    var parity = slot.ParityOk ? string.Empty : " (its parity fails: the SDK uses the bytes in stored order)";
                    if (Usable(mac))
                    {
                        return (new MacPrediction(mac, MacSource.EfuseSlot0, $"mode {mode}: {Prefix(tried)}B = eFuse slot 0{parity}"), null);
                    }

                    tried.Add($"B refused ({mac} is all-zero or all-one)");
                    break;
                }

                case 'M':
                {
                    var (mac, source, why) = mfgOnFlash ? FactoryFromFlash(rfPara) : FactoryFromEfuse(efuse);
                    if (mac is { } m && Usable(m))
                    {
                        return (new MacPrediction(m, source, $"mode {mode}: {Prefix(tried)}M = {why}"), null);
                    }

                    tried.Add(mac is { } refused ? $"M refused ({refused} is all-zero or all-one)" : $"M failed ({why})");
                    break;
                }

                case 'F':
                {
                    if (parameters.StationMac is not null && parameters.AccessPointMac is { } ap)
                    {
                        // update_mac_config_get_mac_from_dtb overwrites its buffer with ap_mac_addr, and both
                        // the STA and the AP MAC are then set to that buffer.
                        return (new MacPrediction(MacAddress.FromBytes(ap), MacSource.Dtb, $"mode {mode}: {Prefix(tried)}F = the dtb's ap_mac_addr (the SDK sets the STA MAC to it too)"), null);
                    }

                    tried.Add("F failed (the dtb lacks a 6-byte sta_mac_addr or ap_mac_addr)");
                    break;
                }

                default:
                    return (null, $"the factory parameters' wifi/mac mode '{mode}' has '{c}', which is not M, B or F: the SDK asserts (BL_ASSERT) and the firmware stops at Wi-Fi start");
            }
        }

        if (mode.Length < MaxModeLength)
        {
            assumptions.Add($"mode '{mode}' is shorter than {MaxModeLength} characters: the SDK copies it into a 4-byte buffer without clearing the rest, so after its last source it reads uninitialised bytes; taken as the end of the mode");
        }

        return (new MacPrediction(DefaultMac, MacSource.Default, $"mode {mode}: {Prefix(tried)}no source gave a MAC: the SDK's default"), null);
    }

    /// <summary>mfg_efuse_read_macaddr: the highest non-empty slot of 2, 1, 0; a parity error there fails M.</summary>
    private static (MacAddress? Mac, MacSource Source, string Why) FactoryFromEfuse(EfuseRegion0 efuse)
    {
        for (var number = 2; number >= 0; number--)
        {
            var slot = efuse.Slot(number);
            if (slot.IsEmpty)
            {
                continue;
            }

            var source = number switch { 2 => MacSource.EfuseSlot2, 1 => MacSource.EfuseSlot1, _ => MacSource.EfuseSlot0 };
            var empties = number == 2 ? string.Empty : $"; slot{(number == 1 ? " 2 is" : "s 2 and 1 are")} empty";
            return slot.ParityOk
                ? (slot.StoredMac, source, $"eFuse slot {number} (the highest written slot{empties})")
                : (null, source, $"eFuse slot {number} is the highest written slot{empties}, and its parity fails (zero count {slot.ZeroCount}, stored {slot.StoredZeroCount})");
        }

        return (null, MacSource.EfuseSlot0, "no eFuse MAC slot is written");
    }

    private static (MacAddress? Mac, MacSource Source, string Why) FactoryFromFlash(RfParaRecord? rfPara) =>
        rfPara is null ? (null, MacSource.FlashRfPara, "the rf_para record was not read")
        : rfPara.Mac is { } mac ? (mac, MacSource.FlashRfPara, "the rf_para record in flash (mfg_media on flash)")
        : (null, MacSource.FlashRfPara, $"the rf_para record in flash is not valid: {rfPara.Problem}");

    // update_mac_config_get_mac_from_efuse/_factory: all bytes OR to 0, or AND to 1 (the SDK compares with 1, not 0xFF).
    private static bool Usable(MacAddress mac)
    {
        int or = 0, and = 0xFF;
        for (var i = 0; i < MacAddress.Length; i++)
        {
            or |= mac[i];
            and &= mac[i];
        }

        return or != 0 && and != 1;
    }

    private static string Prefix(List<string> tried) => tried.Count == 0 ? string.Empty : string.Join(", ", tried) + "; ";
}
