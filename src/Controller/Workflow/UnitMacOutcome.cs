using Fixture.Protocol.BootLog;
using Fixture.Protocol.Identity;

namespace Fixture.Controller.Workflow;

/// <summary>
/// The report's mac and mac_source: the MAC the SDK rules predict once the loader read the eFuse,
/// replaced by the firmware's own when its lines (Wi-Fi start line, hostname, SSID) show all six bytes
/// and agree. A firmware MAC seen only in part (an SSID alone) that differs from the prediction leaves
/// the prediction in mac; the SSID_MISMATCH detail then holds what the firmware showed.
/// </summary>
internal static class UnitMacOutcome
{
    /// <summary>After identify: the prediction, with notes for two candidates, no candidate, and assumptions.</summary>
    public static void Predicted(UnitAttempt attempt, UnitIdentityReading identity)
    {
        attempt.Identity = identity;
        var prediction = identity.Prediction;
        if (prediction.Primary is { } primary)
        {
            attempt.Mac = primary.Mac.ToString();
            attempt.MacSource = primary.Source.ToText();
        }
        else
        {
            attempt.Mac = null;
            attempt.MacSource = null;
            attempt.Note($"the firmware's MAC cannot be predicted: {prediction.Unpredictable}");
        }

        if (prediction.Candidates.Count > 1)
        {
            attempt.Note("factory MAC by mfg_media on eFuse or on flash (which one OpenBL602 uses is not known): "
                + string.Join(" or ", prediction.Candidates.Select(c => $"{c.Mac} ({c.Source.ToText()})")) + "; either is accepted");
        }

        foreach (var assumption in prediction.Assumptions)
        {
            attempt.Note("assumed: " + assumption);
        }
    }

    /// <summary>After the boot check: what the firmware printed wins over the prediction.</summary>
    public static void FromBoot(UnitAttempt attempt, BootLogAnalyzer analyzer)
    {
        var evidence = analyzer.Findings.FirmwareMac;
        if (!evidence.Any)
        {
            return;
        }

        var candidates = attempt.Identity?.Prediction.Candidates ?? [];
        var matched = analyzer.MatchedMac is { } expected ? candidates.FirstOrDefault(c => c.Mac == expected.Mac) : null;
        if (evidence.Mac is { } printed)
        {
            attempt.Mac = printed.ToString();
            attempt.MacSource = candidates.FirstOrDefault(c => c.Mac == printed)?.Source.ToText();
        }
        else if (matched is not null)
        {
            attempt.Mac = matched.Mac.ToString();
            attempt.MacSource = matched.Source.ToText();
        }

        if (candidates.Count > 1 && matched is not null)
        {
            attempt.Note($"the firmware uses the factory MAC from {matched.Source.ToText()}");
        }
    }
}
