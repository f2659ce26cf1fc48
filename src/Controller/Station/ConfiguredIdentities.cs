using Fixture.Controller.Reports;
using Fixture.Controller.Workflow.Configuration;
using Fixture.Hal.Configuration;
using Fixture.Protocol.Identity;

namespace Fixture.Controller.Station;

/// <summary>
/// The unit identities a station configuration names, read where the controller uses them (Hal knows
/// no MACs): the verification units by chip id (or, from older configurations, by MAC). Every problem
/// is named by its key, in the configuration reader's one pass (<see cref="Configuration.StationConfigReader"/>).
/// (simulation.macBase and macs are read by the simulation's SimulationConfig.)
/// </summary>
internal sealed class ConfiguredIdentities
{
    private readonly Dictionary<MacAddress, ConfiguredVerificationUnit> _byChipId;
    private readonly Dictionary<MacAddress, ConfiguredVerificationUnit> _byMac;

    private ConfiguredIdentities(Dictionary<MacAddress, ConfiguredVerificationUnit> byChipId, Dictionary<MacAddress, ConfiguredVerificationUnit> byMac)
    {
        _byChipId = byChipId;
        _byMac = byMac;
    }

    /// <summary>Every configured verification unit (the gate names them to the operator).</summary>
    public IEnumerable<ConfiguredVerificationUnit> Units => _byChipId.Values.Concat(_byMac.Values);

    /// <summary>Nothing configured.</summary>
    public static ConfiguredIdentities None { get; } = new([], []);

    /// <summary>
    /// The verification-unit kind of a unit with this chip id (and, once known, this MAC): a unit
    /// configured by chipId matches its chip id; one configured by mac (older files, where the report's
    /// mac was the chip id) matches the chip id or the firmware's MAC.
    /// </summary>
    public VerificationUnitKind KindOf(MacAddress? chipId, MacAddress? mac) => Find(chipId, mac)?.Kind ?? VerificationUnitKind.None;

    /// <summary>The configured verification unit with this chip id (or, by the rules of <see cref="KindOf"/>, this MAC), or null.</summary>
    public ConfiguredVerificationUnit? Find(MacAddress? chipId, MacAddress? mac)
    {
        if (chipId is { } id && (_byChipId.TryGetValue(id, out var unit) || _byMac.TryGetValue(id, out unit)))
        {
            return unit;
        }

        return mac is { } m && _byMac.TryGetValue(m, out var byMac) ? byMac : null;
    }

    /// <summary>
    /// The identities of the workflow's verification units; a chip id or MAC that
    /// does not parse, or one listed twice, is added to <paramref name="problems"/> (the configuration reader's
    /// one pass) and left out.
    /// </summary>
    public static ConfiguredIdentities Parse(WorkflowConfig workflow, List<ConfigurationProblem> problems)
    {
        var byChipId = new Dictionary<MacAddress, ConfiguredVerificationUnit>();
        var byMac = new Dictionary<MacAddress, ConfiguredVerificationUnit>();
        var units = workflow?.VerificationUnits ?? [];
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            var configured = new ConfiguredVerificationUnit(
                unit.Kind == "golden" ? VerificationUnitKind.Golden : VerificationUnitKind.KnownBad,
                unit.ExpectedCode is { } text && FailureCodes.TryParse(text, out var code) ? code : null,
                unit.ChipId ?? unit.Mac ?? "");
            Add(unit.ChipId, $"workflow.verificationUnits[{i}].chipId", "a chip id", "AC:D8:29:6B:B7:ED", byChipId, configured, problems);
            Add(unit.Mac, $"workflow.verificationUnits[{i}].mac", "a MAC address", "70:3E:97:1E:96:66", byMac, configured, problems);
        }

        return new ConfiguredIdentities(byChipId, byMac);
    }

    private static void Add(string? text, string key, string what, string example, Dictionary<MacAddress, ConfiguredVerificationUnit> into, ConfiguredVerificationUnit kind, List<ConfigurationProblem> problems)
    {
        if (text is null)
        {
            return;
        }

        if (!MacAddress.TryParse(text, out var value))
        {
            problems.Add(new(key, $"'{text}' is not {what}: write it like \"{example}\"."));
        }
        else if (!into.TryAdd(value, kind))
        {
            problems.Add(new(key, $"{text} is listed twice."));
        }
    }
}

/// <summary>A verification unit of the configuration: its kind, the code a known-bad unit must fail with, and its id as written.</summary>
internal sealed record ConfiguredVerificationUnit(VerificationUnitKind Kind, FailureCode? ExpectedCode, string Name);
