using Fixture.Controller.Reports.Yield;

namespace Fixture.Controller.Reports.Details;

/// <summary>Two physical units that share an identity, or one identity shown two ways.</summary>
/// <param name="Kind"><c>MAC</c>, <c>SSID</c> or <c>chip id</c>.</param>
/// <param name="Value">The MAC, SSID or chip id shown twice.</param>
/// <param name="Problem">What was seen, in words.</param>
/// <param name="Rows">The rows behind it (file:line), the earlier first; empty where the yield report's own flag names them in <paramref name="Problem"/>.</param>
public sealed record IdentityProblem(string Lot, string Kind, string Value, string Problem, IReadOnlyList<RowLocation> Rows);

/// <summary>
/// The chip-id checks beyond the yield report's MAC and SSID flags, across lots: a MAC shown by two
/// chips (two units labelled with one MAC), a chip id shown with two MACs or two unit ids (a cloned
/// or re-labelled chip). Per unit it keeps two small entries keyed by 64-bit values; chip ids are
/// compared as their hex value (separators and a <c>0x</c> dropped) or, when not hex, by a hash.
/// </summary>
internal sealed class IdentityChecks(int chipColumn)
{
    private readonly Dictionary<ulong, Seen> chipByMac = [];
    private readonly Dictionary<ulong, Seen> byChip = [];
    private readonly HashSet<ulong> flaggedMacs = [];
    private readonly HashSet<ulong> flaggedChips = [];

    public void Add(in YieldRow row, RowRef where, Func<RowRef, RowLocation> locate, CappedList<IdentityProblem> problems)
    {
        var chipText = row.Fields[chipColumn];
        if (chipText.Length == 0)
        {
            return;
        }

        var chip = ChipKey(chipText);
        var unitId = row.UnitId.Length == 0 ? 0UL : YieldReport.Fnv1a(row.UnitId);
        if (row.Mac != 0)
        {
            if (!chipByMac.TryGetValue(row.Mac, out var first))
            {
                chipByMac.Add(row.Mac, new Seen(chip, 0, where));
            }
            else if (first.Value != chip && flaggedMacs.Add(row.Mac))
            {
                problems.Add(new IdentityProblem(
                    row.Lot,
                    "MAC",
                    row.MacText,
                    $"shown by two chips: {chipText} at {locate(where)} and another at {locate(first.Row)}",
                    [locate(first.Row), locate(where)]));
            }
        }

        ref var seen = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byChip, chip, out var existed);
        if (!existed)
        {
            seen = new Seen(row.Mac, unitId, where);
            return;
        }

        if (row.Mac != 0 && seen.Value != 0 && seen.Value != row.Mac && flaggedChips.Add(chip))
        {
            problems.Add(new IdentityProblem(
                row.Lot,
                "chip id",
                chipText,
                $"shown with two MACs: {YieldRowReader.ToMac(seen.Value)} at {locate(seen.Row)}, {row.MacText} at {locate(where)}",
                [locate(seen.Row), locate(where)]));
        }
        else if (unitId != 0 && seen.UnitId != 0 && seen.UnitId != unitId && flaggedChips.Add(chip))
        {
            problems.Add(new IdentityProblem(
                row.Lot,
                "chip id",
                chipText,
                $"shown with two unit ids: '{Csv.SpreadsheetTextGuard.Unprotect(row.UnitId)}' at {locate(where)} and another at {locate(seen.Row)}",
                [locate(seen.Row), locate(where)]));
        }

        if (seen.Value == 0 && row.Mac != 0)
        {
            seen = seen with { Value = row.Mac };
        }

        if (seen.UnitId == 0 && unitId != 0)
        {
            seen = seen with { UnitId = unitId };
        }
    }

    private static ulong ChipKey(string text)
    {
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        var value = 0UL;
        var digits = 0;
        foreach (var ch in hex)
        {
            if (ch is ':' or '-')
            {
                continue;
            }

            if (!char.IsAsciiHexDigit(ch) || ++digits > 15)
            {
                return YieldReport.Fnv1a(text) | (1UL << 63);
            }

            value = (value << 4) | (uint)(ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10);
        }

        return value | (1UL << 62);
    }

    private readonly record struct Seen(ulong Value, ulong UnitId, RowRef Row);
}
