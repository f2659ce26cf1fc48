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
    private readonly Dictionary<MacAddress, VerificationUnitKind> _byChipId;
    private readonly Dictionary<MacAddress, VerificationUnitKind> _byMac;

    private ConfiguredIdentities(Dictionary<MacAddress, VerificationUnitKind> byChipId, Dictionary<MacAddress, VerificationUnitKind> byMac)
    {
        _byChipId = byChipId;
        _byMac = byMac;
    }

    /// <summary>Nothing configured.</summary>
    public static ConfiguredIdentities None { get; } = new([], []);

    /// <summary>
    /// The verification-unit kind of a unit with this chip id (and, once known, this MAC): a unit
    /// configured by chipId matches its chip id; one configured by mac (older files, where the report's
    /// mac was the chip id) matches the chip id or the firmware's MAC.
    /// </summary>
    public VerificationUnitKind KindOf(MacAddress? chipId, MacAddress? mac)
    {
        if (chipId is { } id && (_byChipId.TryGetValue(id, out var kind) || _byMac.TryGetValue(id, out kind)))
        {
            return kind;
        }

        return mac is { } m && _byMac.TryGetValue(m, out var byMac) ? byMac : VerificationUnitKind.None;
    }

    /// <summary>
    /// The identities of the workflow's verification units; a chip id or MAC that
    /// does not parse, or one listed twice, is added to <paramref name="problems"/> (the configuration reader's
    /// one pass) and left out.
    /// </summary>
    public static ConfiguredIdentities Parse(WorkflowConfig workflow, List<ConfigurationProblem> problems)
    {
        var byChipId = new Dictionary<MacAddress, VerificationUnitKind>();
        var byMac = new Dictionary<MacAddress, VerificationUnitKind>();
        var units = workflow.VerificationUnits;
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            var kind = unit.Kind == "golden" ? VerificationUnitKind.Golden : VerificationUnitKind.KnownBad;
            Add(unit.ChipId, $"workflow.verificationUnits[{i}].chipId", "a chip id", "AC:D8:29:6B:B7:ED", byChipId, kind, problems);
            Add(unit.Mac, $"workflow.verificationUnits[{i}].mac", "a MAC address", "70:3E:97:1E:96:66", byMac, kind, problems);
        }

        return new ConfiguredIdentities(byChipId, byMac);
    }

    private static void Add(string? text, string key, string what, string example, Dictionary<MacAddress, VerificationUnitKind> into, VerificationUnitKind kind, List<ConfigurationProblem> problems)
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
