using Fixture.Protocol.Identity;

namespace Fixture.Protocol.BootLog;

/// <summary>
/// What a good boot of this unit looks like. The recipe supplies the version, clean slate and the
/// timeouts; the station supplies the MAC(s) the SDK rules predict from the unit's eFuse
/// (<see cref="MacPredictor"/>). Timeouts count from the reset.
/// </summary>
public sealed record BootLogExpectations
{
    /// <summary>The banner arrives within milliseconds of reset; 3 s of nothing readable is a silent unit.</summary>
    public static readonly TimeSpan DefaultSilenceTimeout = TimeSpan.FromSeconds(3);

    /// <summary>OpenBL602 opens its AP about 5 s after reset (openbl602-boot.md §3).</summary>
    public static readonly TimeSpan DefaultApStartTimeout = TimeSpan.FromSeconds(10);

    /// <summary>OpenBL602 logs boot complete about 6 s after reset; the threaded line can come late.</summary>
    public static readonly TimeSpan DefaultBootCompleteTimeout = TimeSpan.FromSeconds(12);

    /// <summary>
    /// The MACs the firmware may use, the likelier first (two when the factory MAC may come from eFuse
    /// or from flash). The firmware's own words (its Wi-Fi start line, hostname and AP SSID) must agree
    /// with one of them. Empty: any well-formed SSID passes, and only the log's own consistency is checked.
    /// </summary>
    public IReadOnlyList<ExpectedMac> Macs { get; init; } = [];

    /// <summary>The firmware version the recipe flashes (e.g. `1.17.366`). Null: a version line is reported, not checked.</summary>
    public string? Version { get; init; }

    /// <summary>Whether the flash plan erased the data partitions. Off: a stored config that breaks the check is LEFTOVER_CONFIG.</summary>
    public bool CleanSlate { get; init; } = true;

    /// <summary>
    /// The unit's eFuse sw_cfg0 has uart_log_disable (protocol reference §4.2): boot2 prints nothing, even
    /// when it fails. With it, a line that stays completely silent after reset is boot2 not starting the
    /// firmware (BOOT2_FAIL) rather than BOOT_SILENT: the SDK's banner comes ~60 ms after any hand-over.
    /// </summary>
    public bool Boot2LogDisabled { get; init; }

    public TimeSpan SilenceTimeout { get; init; } = DefaultSilenceTimeout;

    public TimeSpan ApStartTimeout { get; init; } = DefaultApStartTimeout;

    public TimeSpan BootCompleteTimeout { get; init; } = DefaultBootCompleteTimeout;

    /// <summary>`OpenBL602_` + the likeliest MAC's last four bytes, or null without a MAC.</summary>
    public string? ExpectedSsid => Macs.Count == 0 ? null : OpenBl602Ssid.FromMac(Macs[0].Mac);

    /// <summary>Expectations for one MAC (check-log's --mac).</summary>
    public static IReadOnlyList<ExpectedMac> One(MacAddress mac, string? source = null) => [new ExpectedMac(mac, source)];

    /// <summary>Refuses expectations the analyzer cannot work with, naming the field.</summary>
    /// <exception cref="ArgumentException">A blank version, or a timeout that is not positive.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Macs, nameof(Macs));
        if (Version is not null && string.IsNullOrWhiteSpace(Version))
        {
            throw new ArgumentException("Boot-log expectation Version is blank: give the firmware version (e.g. 1.17.366) or leave it out.", nameof(Version));
        }

        RequirePositive(SilenceTimeout, nameof(SilenceTimeout));
        RequirePositive(ApStartTimeout, nameof(ApStartTimeout));
        RequirePositive(BootCompleteTimeout, nameof(BootCompleteTimeout));
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Boot-log expectation {name} must be positive, got {value.TotalSeconds:0.###} s.", name);
        }
    }
}

/// <summary>A MAC the firmware may use and where the station took it from (shown when it does not match).</summary>
/// <param name="Mac">The MAC.</param>
/// <param name="Source">E.g. "efuse-slot1: mode MBF: M = eFuse slot 1 (the highest written slot)"; null when given by hand.</param>
public sealed record ExpectedMac(MacAddress Mac, string? Source = null)
{
    public string Ssid => OpenBl602Ssid.FromMac(Mac);

    public override string ToString() => Source is null ? Mac.ToString() : $"{Mac} ({Source})";
}
