namespace Fixture.Protocol.Identity;

/// <summary>Where the firmware's MAC comes from (the report's mac_source column).</summary>
public enum MacSource
{
    /// <summary>eFuse MAC slot 2 (dbg_pwd words): a factory ("M") MAC.</summary>
    EfuseSlot2,

    /// <summary>eFuse MAC slot 1 (key_slot_5 words): a factory ("M") MAC.</summary>
    EfuseSlot1,

    /// <summary>eFuse MAC slot 0 (wifi_mac words, the chip id): "B", or "M" when slots 1 and 2 are empty.</summary>
    EfuseSlot0,

    /// <summary>The rf_para record in flash, when the SDK's mfg_media layer serves the factory MAC from flash.</summary>
    FlashRfPara,

    /// <summary>The factory parameters (.dtb): "F".</summary>
    Dtb,

    /// <summary>No source gave a MAC: the SDK's default 18:B9:05:88:88:88.</summary>
    Default,
}

public static class MacSources
{
    /// <summary>The report's text: efuse-slot2, efuse-slot1, efuse-slot0, flash-rf_para, dtb, default.</summary>
    public static string ToText(this MacSource source) => source switch
    {
        MacSource.EfuseSlot2 => "efuse-slot2",
        MacSource.EfuseSlot1 => "efuse-slot1",
        MacSource.EfuseSlot0 => "efuse-slot0",
        MacSource.FlashRfPara => "flash-rf_para",
        MacSource.Dtb => "dtb",
        MacSource.Default => "default",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Not a MAC source."),
    };

    public static bool TryParse(string? text, out MacSource source)
    {
        foreach (var candidate in Enum.GetValues<MacSource>())
        {
            if (string.Equals(candidate.ToText(), text, StringComparison.Ordinal))
            {
                source = candidate;
                return true;
            }
        }

        source = default;
        return false;
    }

    /// <summary>The eFuse slot a source reads, or null for flash, dtb and the default.</summary>
    public static int? EfuseSlot(this MacSource source) => source switch
    {
        MacSource.EfuseSlot0 => 0,
        MacSource.EfuseSlot1 => 1,
        MacSource.EfuseSlot2 => 2,
        _ => null,
    };
}
