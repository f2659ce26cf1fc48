namespace Fixture.Simulator.Faults;

/// <summary>Station-level faults of fixture-design §7 that the simulated station applies, not the unit.</summary>
public sealed record StationFaults
{
    public static StationFaults None { get; } = new();

    /// <summary>The socket's supply sags under normal load (a FIXTURE_FAULT, not the unit's).</summary>
    public bool SaggingSupply { get; init; }

    /// <summary>The socket's serial port is wired to another socket's unit.</summary>
    public bool CrossedPort { get; init; }

    /// <summary>The socket's USB-UART adapter cannot clock above this rate (null: no limit); issue 14, "the adapter's baud, learned".</summary>
    public int? AdapterMaximumBaud { get; init; }

    /// <summary>
    /// The adapter's transmit path (host → unit) fails above this rate while it still receives at
    /// <see cref="AdapterMaximumBaud"/> (or any rate): a loader-marginal adapter that reads the 2 Mbaud console.
    /// </summary>
    public int? AdapterTransmitMaximumBaud { get; init; }
}

/// <summary>One unit of a drawn population: its MAC, seed, faults, and the single fault kind it carries (if any).</summary>
public sealed record DrawnUnit(int Index, int Seed, byte[] Mac, UnitFaults Faults, StationFaults Station, FaultKind? Kind);

/// <summary>
/// Rates per fault kind for drawing a population of units (the soak, the demo station). Each unit
/// carries at most one fault, so the verdict the fixture must reach is unambiguous; the rates are
/// the probabilities of each kind and the rest of the population is healthy. Seeded: the same
/// profile and seed always draw the same population. Named profiles: "none", "mixed", "soak".
/// </summary>
public sealed record FaultProfile(string Name, string Description, IReadOnlyDictionary<FaultKind, double> Rates)
{
    /// <summary>Every unit healthy.</summary>
    public static FaultProfile None { get; } = new("none", "every unit healthy", new Dictionary<FaultKind, double>());

    /// <summary>About one unit in five has a fault, weighted toward what a line really sees (training, demos).</summary>
    public static FaultProfile Mixed { get; } = new("mixed", "about 20 % faulty, weighted like a real line", new Dictionary<FaultKind, double>
    {
        [FaultKind.WeakSupply] = 0.04,
        [FaultKind.UsedUnit] = 0.04,
        [FaultKind.AlreadyFlashed] = 0.03,
        [FaultKind.LineNoise] = 0.02,
        [FaultKind.Dead] = 0.01,
        [FaultKind.FirmwareCrash] = 0.01,
        [FaultKind.AlreadyInSafeMode] = 0.01,
        [FaultKind.LateAck] = 0.01,
        [FaultKind.EarlyAckDeaf] = 0.01,
        [FaultKind.WriteProtected] = 0.005,
        [FaultKind.ForeignFlash] = 0.005,
        [FaultKind.SecureBootFuses] = 0.005,
        [FaultKind.BrownOut] = 0.005,
    });

    /// <summary>Half the units faulty, every kind of fixture-design §7 represented (the soak).</summary>
    public static FaultProfile Soak { get; } = new("soak", "about 50 % faulty, every fault kind present", SoakKinds.ToDictionary(k => k, _ => 0.5 / SoakKinds.Length));

    /// <summary>Every kind a unit can carry (EarlyAck is no fault any more: it is the loader's default).</summary>
    private static FaultKind[] SoakKinds => [.. Enum.GetValues<FaultKind>().Where(k => k != FaultKind.EarlyAck)];

    public static IReadOnlyList<FaultProfile> All { get; } = [None, Mixed, Soak];

    /// <summary>The profile called <paramref name="name"/>; the error lists the names there are.</summary>
    public static FaultProfile Named(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"fault profile \"{name}\" does not exist; choose one of: {string.Join(", ", All.Select(p => p.Name))}", nameof(name));

    /// <summary>Draws <paramref name="count"/> units from <paramref name="seed"/>.</summary>
    public IReadOnlyList<DrawnUnit> DrawPopulation(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => Draw(i, random.Next()))];
    }

    /// <summary>Draws one unit from its own seed.</summary>
    public DrawnUnit Draw(int index, int unitSeed)
    {
        var total = Rates.Values.Sum();
        if (total > 1.0 + 1e-9 || Rates.Values.Any(r => r < 0))
        {
            throw new InvalidOperationException($"fault profile \"{Name}\": rates must be non-negative and add up to at most 1 (they add up to {total:F3})");
        }

        var random = new Random(unitSeed);
        byte[] mac = [0x70, 0x3E, 0x97, (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)];
        var pick = random.NextDouble();
        FaultKind? kind = null;
        var cumulative = 0.0;
        foreach (var (candidate, rate) in Rates.OrderBy(r => r.Key))
        {
            cumulative += rate;
            if (pick < cumulative)
            {
                kind = candidate;
                break;
            }
        }

        var (faults, station) = kind is { } k ? Build(k, random) : (UnitFaults.None, StationFaults.None);
        return new DrawnUnit(index, unitSeed, mac, faults, station, kind);
    }

    /// <summary>Line noise drawn for <see cref="FaultKind.LineNoise"/>: corrupted bytes per byte, lowest and highest.</summary>
    public const double MinimumCorruption = 1e-6;

    /// <inheritdoc cref="MinimumCorruption"/>
    public const double MaximumCorruption = 2e-4;

    /// <summary>Dropped bytes per byte drawn for half the line-noise units, lowest and highest (the other half drop none).</summary>
    public const double MinimumDrop = 1e-7;

    /// <inheritdoc cref="MinimumDrop"/>
    public const double MaximumDrop = 1e-5;

    private static double LogUniform(Random random, double low, double high) =>
        Math.Exp(Math.Log(low) + (random.NextDouble() * (Math.Log(high) - Math.Log(low))));

    private static (UnitFaults, StationFaults) Build(FaultKind kind, Random random)
    {
        var none = UnitFaults.None;
        var firmwareSector = 0x10000u + ((uint)random.Next(0, 180) * 0x1000u);
        return kind switch
        {
            FaultKind.Dead => (none with { Dead = true }, StationFaults.None),
            FaultKind.WeakSupply => (random.Next(2) == 0
                ? none with { WeakSupplyFailedHandshakes = random.Next(1, 4) }
                : none with { WeakSupplyMinimumOffTime = TimeSpan.FromMilliseconds(random.Next(500, 1500)) }, StationFaults.None),
            FaultKind.BrownOut => (none with { BrownOutAfterProgrammedBytes = random.Next(50_000, 700_000) }, StationFaults.None),
            // The whole range a bad contact produces (issue 10): 1e-6 to 2e-4 corrupted bytes per byte, drawn evenly on a
            // log scale, and on half the units also 1e-7 to 1e-5 dropped. The upper part fails units: a noisy unit is judged
            // by what its line did (the fault events the link records), not by a verdict fixed in advance.
            FaultKind.LineNoise => (none with
            {
                LineCorruptionRate = LogUniform(random, MinimumCorruption, MaximumCorruption),
                LineDropRate = random.Next(2) == 0 ? 0 : LogUniform(random, MinimumDrop, MaximumDrop),
            }, StationFaults.None),
            FaultKind.EraseError => (none with { EraseErrorAt = firmwareSector }, StationFaults.None),
            // In the firmware's code (from 0x11000): a page of the header sector's 0xFF padding would not show.
            FaultKind.ProgramError => (none with { ProgramErrorAt = 0x11000u + ((uint)random.Next(0, 178) * 0x1000u) + (uint)random.Next(0, 0x1000) }, StationFaults.None),
            // A 4 MB W25Q32 or an unknown maker's 2 MB part: neither is in the shipped recipe or its 1MB variant (a 1 MB
            // W25Q80, ef4014, is no longer foreign to it).
            FaultKind.ForeignFlash => (none with { JedecId = random.Next(2) == 0 ? [0xEF, 0x40, 0x16] : [0x5E, 0x60, 0x15] }, StationFaults.None),
            FaultKind.SecureBootFuses => (none with { SecureBootFusesSet = true }, StationFaults.None),
            FaultKind.Boot2LogDisabled => (none with { Boot2LogDisabled = true }, StationFaults.None),
            FaultKind.WriteProtected => (none with { WriteProtected = true }, StationFaults.None),
            FaultKind.LateAck => (none with { AckMode = LoaderAckMode.AfterProgramming }, StationFaults.None),
            FaultKind.ProgramTimeout => (none with { ProgramTimeoutAt = firmwareSector + (uint)random.Next(0, 0x1000) }, StationFaults.None),
            FaultKind.BootClockReadErrors => (none with { BootClockReadErrors = true }, StationFaults.None),
            FaultKind.ReadGarble => (none with { ReadGarbleAt = firmwareSector + (uint)random.Next(0, 0x1000) }, StationFaults.None),
            FaultKind.EarlyAckDeaf => (none with { AckMode = LoaderAckMode.BeforeProgrammingDeaf }, StationFaults.None),
            FaultKind.LiveRail => (none with { LiveRail = true }, StationFaults.None),
            FaultKind.Short => (none with { Short = true }, StationFaults.None),
            FaultKind.FirmwareCrash => (none with { FirmwareCrashAfter = TimeSpan.FromMilliseconds(random.Next(1500, 4000)) }, StationFaults.None),
            FaultKind.AlreadyInSafeMode => (none with { AlreadyInSafeMode = true }, StationFaults.None),
            FaultKind.AlreadyFlashed => (none with { AlreadyFlashed = true }, StationFaults.None),
            FaultKind.UsedUnit => (none with
            {
                UsedUnit = new UsedUnitState
                {
                    StationSsid = random.Next(2) == 0 ? "HomeNetwork" : null,
                    Gpio16AsButton = random.Next(4) == 0,
                    StoredMac = random.Next(4) == 0 ? [0x70, 0x3E, 0x97, 0x00, 0x00, (byte)random.Next(256)] : null,
                    BootFailures = random.Next(0, 3),
                },
            }, StationFaults.None),
            FaultKind.SaggingSupply => (none, new StationFaults { SaggingSupply = true }),
            FaultKind.CrossedPort => (none, new StationFaults { CrossedPort = true }),
            _ => (none, StationFaults.None),
        };
    }
}
