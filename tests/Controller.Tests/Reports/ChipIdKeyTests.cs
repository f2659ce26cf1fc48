using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Reports.Yield;
using Fixture.Controller.Station;
using Fixture.Controller.Workflow;
using Fixture.Protocol.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Controller.Tests.Reports;

/// <summary>
/// A unit is its chip id (eFuse slot 0, read from the bootrom's boot info before any helper runs): the
/// retest history, today's counts and the yield report recognise it by that, across files of the
/// version before mac_source (whose mac column held the chip id) and files of this one.
/// </summary>
public sealed class ChipIdKeyTests : IDisposable
{
    private const string ChipA = "AC:D8:29:6B:B7:ED";
    private const string ChipB = "B4:0E:CF:07:15:91";
    private const string MacA = "70:3E:97:1E:96:66";
    private const string MacB = "70:3E:97:1E:D9:1C";

    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    private static UnitReportRow Row(long attempt, string? chipId, string? mac, UnitVerdict verdict = UnitVerdict.Pass, FailureCode? code = null, string? unitId = null, string lot = "L1") =>
        SampleRows.Pass(attempt) with
        {
            ChipId = chipId,
            Mac = mac,
            MacSource = mac is null ? null : "efuse-slot1",
            UnitId = unitId,
            Lot = lot,
            SsidSeen = mac is null ? null : "OpenBL602_" + MacAddress.Parse(mac).LastFourHex,
            Verdict = verdict,
            FailureCode = code,
        };

    private void Write(params UnitReportRow[] rows)
    {
        using var writer = CsvReportWriter.Open(scratch.Path, "ST01", new FakeTimeProvider(SampleRows.Day1));
        foreach (var row in rows)
        {
            writer.Append(row);
        }
    }

    private void WriteEarlierVersionFile(DateOnly day, string chipIdHex, string verdict, string code) =>
        EarlierVersionReport.Write(ReportLayout.DailyFile(scratch.Path, "ST01", day), day, chipIdHex, verdict, code, lot: "L1", unitId: string.Empty);

    private YieldReportResult Yield() => YieldReport.Run(YieldReport.FindReportFiles(scratch.Path), new YieldQuery { GroupBy = [YieldDimension.Station] });

    [Fact]
    public void Attempts_of_one_chip_id_are_one_unit_whether_or_not_its_MAC_was_known()
    {
        Write(
            Row(1, ChipA, null, UnitVerdict.Fail, FailureCode.HelperLoad),
            Row(2, ChipA, MacA),
            Row(3, ChipB, MacB));

        var total = Yield().Total;

        Assert.Equal((3L, 2L, 1L, 2L), (total.Attempts, total.Units, total.FirstPassUnits, total.FinalPassUnits));
    }

    [Fact]
    public void Two_chip_ids_showing_one_MAC_flag_the_lot_without_unit_ids()
    {
        Write(Row(1, ChipA, MacA), Row(2, ChipB, MacA));

        var flag = Assert.Single(Yield().Flags);

        Assert.Equal(("L1", "MAC", MacA), (flag.Lot, flag.Kind, flag.Value));
        Assert.Contains(ChipA, flag.Detail, StringComparison.Ordinal);
        Assert.Contains(ChipB, flag.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void One_chip_id_with_two_unit_ids_in_a_lot_is_flagged_as_a_duplicate_chip_id()
    {
        Write(Row(1, ChipA, MacA, unitId: "SN1"), Row(2, ChipA, MacA, unitId: "SN2"));

        var flag = Assert.Single(Yield().Flags);

        Assert.Equal(("chip id", ChipA), (flag.Kind, flag.Value));
    }

    [Fact]
    public void A_unit_tested_before_and_after_the_upgrade_is_one_unit()
    {
        WriteEarlierVersionFile(new DateOnly(2025, 3, 13), "ACD8296BB7ED", "FAIL", "VERIFY");
        Write(Row(1, ChipA, MacA));

        var total = Yield().Total;

        Assert.Equal((2L, 1L, 0L, 1L), (total.Attempts, total.Units, total.FirstPassUnits, total.FinalPassUnits));
        Assert.Empty(Yield().Flags);
    }

    [Fact]
    public void Rework_history_follows_the_chip_id_across_the_upgrade()
    {
        WriteEarlierVersionFile(new DateOnly(2025, 3, 13), "ACD8296BB7ED", "FAIL", "CHIP_LOCKED");

        var history = UnitHistory.Load(scratch.Path, "ST01", new DateOnly(2025, 3, 14), days: 14, retestLimit: 3);

        var rework = history.Check(MacAddress.Parse(ChipA));
        Assert.NotNull(rework);
        Assert.Equal(FailureCode.ChipLocked, rework.Code);
        Assert.Contains(ChipA, rework.Reason, StringComparison.Ordinal);
        Assert.Null(history.Check(MacAddress.Parse(ChipB)));
    }

    [Fact]
    public void Retest_limit_counts_failures_of_the_chip_id_whatever_MAC_the_rows_show()
    {
        var history = new UnitHistory(retestLimit: 2);
        history.Add(Row(1, ChipA, null, UnitVerdict.Fail, FailureCode.HelperLoad));
        Assert.Null(history.Check(MacAddress.Parse(ChipA)));

        history.Add(Row(2, ChipA, MacA, UnitVerdict.Fail, FailureCode.SsidMismatch));

        Assert.Equal(FailureCode.SsidMismatch, history.Check(MacAddress.Parse(ChipA))?.Code);
    }

    [Fact]
    public void Todays_counts_take_a_unit_by_its_chip_id()
    {
        var counts = new StationCountsTracker(DateOnly.FromDateTime(SampleRows.Day1.UtcDateTime));
        counts.Add(Row(1, ChipA, null, UnitVerdict.Fail, FailureCode.HelperLoad));
        counts.Add(Row(2, ChipA, MacA));
        var snapshot = counts.Add(Row(3, ChipB, MacB));

        Assert.Equal(3, snapshot.Attempts);
        Assert.Equal(0.5, snapshot.FirstPassYield);
    }
}
