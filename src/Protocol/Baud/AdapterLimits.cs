namespace Fixture.Protocol.Baud;

/// <summary>A USB-UART bridge's documented rate limit (docs/wiring.md, "Adapters and loader baud", gives the sources).</summary>
/// <param name="Name">The part, e.g. "CP2102".</param>
/// <param name="MaximumBaud">The highest rate its datasheet gives.</param>
/// <param name="FixedRates">Rates a part with a fixed baud table can produce (null: any rate up to the maximum).</param>
public sealed record AdapterLimit(string Name, int MaximumBaud, IReadOnlyList<int>? FixedRates = null)
{
    /// <summary>True when the part can produce <paramref name="baud"/> (exactly, for a fixed table).</summary>
    public bool CanProduce(int baud) => baud <= MaximumBaud && (FixedRates is null || FixedRates.Contains(baud));
}

/// <summary>
/// Known bridges by USB vendor:product id and, where two parts share an id, the product string. Only a cap on
/// the first try: the learned rate (<see cref="AdapterBaudMemory"/>) and the step-down decide afterwards.
/// </summary>
public static class AdapterLimits
{
    /// <summary>CP2102/CP2109 datasheet, table "Data Formats and Baud Rates": a fixed table up to 921 600.</summary>
    public static AdapterLimit Cp2102 { get; } = new("CP2102", 921_600,
        [300, 600, 1200, 1800, 2400, 4000, 4800, 7200, 9600, 14400, 16000, 19200, 28800, 38400, 51200, 56000, 57600, 64000, 76800,
         115200, 128000, 153600, 230400, 250000, 256000, 460800, 500000, 576000, 921600]);

    /// <summary>CP2102N datasheet: 300 baud to 3 Mbaud.</summary>
    public static AdapterLimit Cp2102N { get; } = new("CP2102N", 3_000_000);

    /// <summary>FT232R datasheet: 300 baud to 3 Mbaud (TTL levels).</summary>
    public static AdapterLimit Ft232R { get; } = new("FT232R", 3_000_000);

    /// <summary>CH340 datasheet: 50 bps to 2 Mbps.</summary>
    public static AdapterLimit Ch340 { get; } = new("CH340", 2_000_000);

    /// <summary>
    /// The limit for a USB bridge, or null when unknown. 10C4:EA60 is both CP2102 and CP2102N: the product string
    /// says "CP2102N" on the newer part; any other string is taken as the original CP2102 (the safe cap).
    /// </summary>
    public static AdapterLimit? Find(string? vendorId, string? productId, string? product)
    {
        var id = $"{vendorId}:{productId}".ToLowerInvariant();
        return id switch
        {
            "10c4:ea60" => product?.Contains("CP2102N", StringComparison.OrdinalIgnoreCase) == true ? Cp2102N : Cp2102,
            "0403:6001" => Ft232R,
            "1a86:7523" => Ch340,
            _ => null,
        };
    }
}
