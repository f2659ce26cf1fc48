using System.Globalization;
using Fixture.Controller.Reports.Details;
using Fixture.Controller.Reports.Yield;
using Fixture.Protocol.Text;

namespace Fixture.Controller.Reports.Signoff;

/// <summary>One check of the sign-off and what was found.</summary>
/// <param name="Key">The criteria key, or the name of an always-made check.</param>
/// <param name="Requirement">What it asks, in words.</param>
/// <param name="Finding">What the rows show.</param>
/// <param name="Rows">The rows behind a failed check (file:line and what is wrong there), the first <see cref="Listing{T}.Limit"/>.</param>
/// <param name="MoreRows">Rows behind it beyond those listed.</param>
public sealed record SignoffCheck(string Key, string Requirement, bool Met, string Finding, IReadOnlyList<string> Rows, long MoreRows = 0)
{
    /// <summary>Checks the criteria file asked for; the others are always made.</summary>
    public bool FromCriteria { get; init; }
}

/// <summary>The sign-off of one lot (or of every row): the figures, each check, and the verdict.</summary>
public sealed record SignoffResult(
    string? Lot,
    string Folder,
    string CriteriaFile,
    string CriteriaSha256,
    YieldGroup Figures,
    YieldInput Input,
    IReadOnlyList<StationSpan> Stations,
    IReadOnlyList<SignoffCheck> Checks,
    DateTimeOffset Generated)
{
    public bool Met => Checks.All(c => c.Met);

    public int ExitCode => Met ? ExitCodes.Ok : ExitCodes.Fail;

    public string Subject => Lot is null ? "every row" : $"lot '{Lot}'";
}

/// <summary>
/// Judges a lot against its criteria (docs/qa-guide.md §10): the criteria file's checks, and the
/// ones always made — no duplicate MAC, SSID or chip id, no attempt-number gap or repeat, one recipe,
/// firmware and configuration hash (or only listed ones), no unreadable row.
/// </summary>
public static class LotSignoff
{
    private const int RowsShown = 50;

    public static SignoffResult Evaluate(
        string? lot, string folder, string criteriaFile, string criteriaSha256, SignoffCriteria criteria, YieldReportResult yield, ReportDetailsResult details, DateTimeOffset generated)
    {
        var figures = lot is null ? yield.Total : yield.Groups.First(g => g.Key == LotKey(lot));
        var checks = new List<SignoffCheck>();
        if (criteria.ExpectedQuantity is { } quantity)
        {
            checks.Add(new SignoffCheck(
                "expectedQuantity",
                $"exactly {N(quantity)} units",
                figures.Units == quantity,
                $"{N(figures.Units)} units found" + (figures.Units == quantity ? "" : figures.Units < quantity ? $", {N(quantity - figures.Units)} missing" : $", {N(figures.Units - quantity)} more than expected"),
                figures.Units == quantity ? [] : details.Stations.Select(s => $"{s.Station}: {Rows(s.Rows)}, first {s.FirstRow}, last {s.LastRow}").ToList()) { FromCriteria = true });
        }

        if (criteria.MinFirstPassYield is { } minFpy)
        {
            checks.Add(YieldCheck(
                "minFirstPassYield",
                "first-pass yield",
                minFpy,
                figures.FirstPassYield,
                $"{N(figures.FirstPassUnits)} of {N(figures.Units)} units passed their first attempt",
                details.FirstFailures,
                f => $"{f.Row}: {Unit(f.Mac)} first attempt {f.Code}"));
        }

        if (criteria.MinFinalYield is { } minFinal)
        {
            checks.Add(YieldCheck(
                "minFinalYield",
                "final yield",
                minFinal,
                figures.FinalYield,
                $"{N(figures.FinalPassUnits)} of {N(figures.Units)} units passed in the end; {N(figures.ReworkUnits)} set aside as REWORK",
                details.NeverPassed,
                u => $"{u.LastRow}: {Unit(u.Mac)} never passed, last {u.LastVerdict.ToText()} {u.LastCode}"));
        }

        if (criteria.RequireVerificationUnits)
        {
            checks.Add(Verification(details));
        }

        var flags = yield.Flags.Where(f => lot is null || f.Lot == lot).ToList();
        var flagsIncomplete = yield.FlagCount > yield.Flags.Count;
        checks.Add(Identity("no duplicate MACs", "no MAC on two units (two unit ids, or two chips)", "MAC", flags, details, flagsIncomplete));
        checks.Add(Identity("no duplicate SSIDs", "no SSID shown by two MACs", "SSID", flags, details, flagsIncomplete));
        checks.Add(Identity("no duplicate chip ids", "no chip id with two MACs or two unit ids", "chip id", flags, details, false));
        checks.Add(Sequence(details));
        checks.Add(Hashes("recipe", criteria.AllowedRecipeSha256, details.Recipes, "allowedRecipeSha256"));
        checks.Add(Hashes("firmware", criteria.AllowedFirmwareSha256, details.Firmware, "allowedFirmwareSha256"));
        checks.Add(Hashes("station config", criteria.AllowedConfigSha256, details.Configs, "allowedConfigSha256"));
        checks.Add(new SignoffCheck(
            "every row readable",
            "no row of the folder skipped as unreadable",
            yield.Input.SkippedRowCount == 0,
            yield.Input.SkippedRowCount == 0 ? "every row read" : $"{N(yield.Input.SkippedRowCount)} unreadable rows: the figures may miss a unit",
            yield.Input.SkippedRows.Take(RowsShown).Select(s => $"{Path.GetFileName(s.File)}:{s.Line}: {s.Reason}").ToList(),
            Math.Max(0, yield.Input.SkippedRowCount - RowsShown)));
        return new SignoffResult(lot, folder, criteriaFile, criteriaSha256, figures, yield.Input, details.Stations, checks, generated);
    }

    private static SignoffCheck YieldCheck<T>(string key, string what, double minimum, double? value, string counts, Listing<T> behind, Func<T, string> describe)
    {
        var met = (value ?? 0) >= minimum;
        return new SignoffCheck(
            key,
            $"{what} at least {Percent(minimum)}",
            met,
            $"{what} {YieldReportText.Percent(value)} ({counts})",
            met ? [] : behind.Items.Take(RowsShown).Select(describe).ToList(),
            met ? 0 : behind.Count - Math.Min(RowsShown, behind.Items.Count)) { FromCriteria = true };
    }

    /// <summary>The yield group of a lot when grouped by lot (an empty lot is "(no lot)").</summary>
    public static string LotKey(string lot) => lot.Length == 0 ? "(no lot)" : lot;

    private static SignoffCheck Verification(ReportDetailsResult details)
    {
        var rows = new List<string>();
        foreach (var span in details.Stations)
        {
            var station = details.VerificationRows.Where(v => v.Station == span.Station).ToList();
            foreach (var (kind, name) in new[] { (VerificationUnitKind.Golden, "GOLDEN pass"), (VerificationUnitKind.KnownBad, "KNOWN_BAD fail") })
            {
                if (!station.Any(v => v.Kind == kind && v.AsExpected && v.At < span.First))
                {
                    rows.Add($"{span.FirstRow}: no {name} on {span.Station} before the lot's first unit here{Nearest(station, kind, span.First, before: true)}");
                }

                if (!station.Any(v => v.Kind == kind && v.AsExpected && v.At > span.Last))
                {
                    rows.Add($"{span.LastRow}: no {name} on {span.Station} after the lot's last unit here{Nearest(station, kind, span.Last, before: false)}");
                }
            }
        }

        return new SignoffCheck(
            "requireVerificationUnits",
            "a GOLDEN pass and a KNOWN_BAD fail on each station before the lot's first unit and after its last",
            rows.Count == 0,
            rows.Count == 0 ? $"verified before and after on {Plural.Of(details.Stations.Count, "station")}" : $"{Plural.Of(rows.Count, "verification run")} missing",
            rows) { FromCriteria = true };
    }

    private static string Nearest(List<VerificationRow> rows, VerificationUnitKind kind, DateTimeOffset at, bool before)
    {
        var nearest = before
            ? rows.Where(v => v.Kind == kind && v.At < at).MaxBy(v => v.At)
            : rows.Where(v => v.Kind == kind && v.At > at).MinBy(v => v.At);
        return nearest is null ? "" : $" (the nearest {kind.ToText()} row, {nearest.Row}, was {nearest.Verdict.ToText()}{(nearest.Code is { } c ? " " + c.ToText() : "")})";
    }

    private static SignoffCheck Identity(string key, string requirement, string kind, List<IdentityFlag> flags, ReportDetailsResult details, bool incomplete)
    {
        var rows = flags.Where(f => f.Kind == kind).Select(f => $"{kind} {f.Value} in lot '{f.Lot}' {f.Detail}")
            .Concat(details.IdentityProblems.Items.Where(p => p.Kind == kind).Select(p => $"{string.Join(" and ", p.Rows)}: {kind} {p.Value} {p.Problem}"))
            .ToList();
        var met = rows.Count == 0 && !incomplete;
        return new SignoffCheck(
            key,
            requirement,
            met,
            rows.Count > 0 ? $"{rows.Count} found" : incomplete ? "the folder has more duplicate flags than the report lists: run 'fixture report yield' on it" : "none",
            rows.Take(RowsShown).ToList(),
            Math.Max(0, rows.Count - RowsShown));
    }

    private static SignoffCheck Sequence(ReportDetailsResult details)
    {
        var unexplained = details.Gaps.Items.Where(g => !g.Explained).ToList();
        var rows = unexplained.Select(g => $"{g.Before} and {g.After}: {g.Station} attempt {g.Numbers} missing ({Why(g)})")
            .Concat(details.RepeatedAttempts.Items.Select(r => $"{r.First} and {r.Again}: {r.Station} attempt {r.Attempt} on two rows"))
            .ToList();
        var explained = details.Gaps.Items.Count(g => g.Explained);
        var finding = rows.Count == 0 ? "every attempt number present once" : $"{Plural.Of(unexplained.Count, "gap")}, {Plural.Of(details.RepeatedAttempts.Count, "repeated number")}";
        if (explained > 0)
        {
            finding += $"; {Plural.Of(explained, "gap")} explained by torn lines moved aside after a power loss";
        }

        return new SignoffCheck(
            "no attempt-number gaps",
            "each station's attempt numbers without a gap or a repeat (a gap whose row was torn by a power loss and moved aside is explained)",
            rows.Count == 0 && !details.Gaps.Truncated,
            finding,
            rows.Take(RowsShown).ToList(),
            Math.Max(0, rows.Count - RowsShown));
    }

    private static string Why(AttemptGap gap) =>
        string.Join("; ", new[]
        {
            gap.TornLines.Count > 0 ? $"attempt {string.Join(", ", gap.TornLines.Select(t => t.Attempt))} torn by a power loss, in {gap.TornLines[0].Sidecar}" : null,
            gap.UnreadableRow is { } u ? $"an unreadable row at {u}" : null,
            "a deleted row, or an attempt cut off before its row was written",
        }.OfType<string>());

    private static SignoffCheck Hashes(string what, IReadOnlyList<string>? allowed, IReadOnlyList<HashUse> uses, string key)
    {
        List<HashUse> wrong;
        string requirement;
        if (allowed is null)
        {
            requirement = $"one {what} hash";
            wrong = uses.Count > 1 ? uses.Skip(1).ToList() : [];
        }
        else
        {
            requirement = $"only {what} hashes listed in {key} ({allowed.Count})";
            wrong = uses.Where(u => !allowed.Contains(u.Sha256.ToLowerInvariant())).ToList();
        }

        var finding = uses.Count switch
        {
            0 => "no rows",
            1 => $"one: {uses[0].Sha256}{Name(uses[0])} on {Rows(uses[0].Rows)}",
            _ => $"{uses.Count} hashes: " + string.Join(", ", uses.Select(u => $"{Short(u.Sha256)}{Name(u)} on {Rows(u.Rows)}")),
        };
        return new SignoffCheck(
            $"one {what} hash",
            requirement,
            wrong.Count == 0,
            finding,
            wrong.Select(u => $"{u.First}: {what} {u.Sha256}{Name(u)} {(allowed is null ? "is a second hash" : "is not in " + key)} ({Rows(u.Rows)}, first here)").ToList());
    }

    private static string Rows(long rows) => Plural.Of(rows, "row");

    private static string Name(HashUse use) => use.Name.Length == 0 ? "" : $" ({use.Name})";

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] + "…" : sha;

    private static string Unit(string label) => label.Length == 0 ? "unit without chip id or MAC" : "unit " + label;

    private static string N(long value) => YieldReportText.N(value);

    private static string Percent(double fraction) => (fraction * 100).ToString("0.0##", CultureInfo.InvariantCulture) + "%";
}
