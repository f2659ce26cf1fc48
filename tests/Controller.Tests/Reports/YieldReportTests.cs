using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Reports.Yield;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Controller.Tests.Reports;

/// <summary>
/// The yield figures on a small data set whose answers are worked out by hand below. Units are
/// named U1…U11; MAC 70:3E:97:1E:96:0n belongs to Un unless said otherwise.
/// <code>
/// ST01, lot L1, 2025-03-14              ST02, lot L2, 2025-03-15
///  v1 06:00 s1 golden     PASS (left out)  r10 10:00 s1 U6 (no MAC, no id) FAIL NO_HANDSHAKE
///  v2 06:01 s1 known-bad  FAIL (left out)  r11 10:01 s1 U7  FAIL BOOT_LOOP
///  r1 09:00 s1 U1  PASS                    r12 10:02 s1 U7  FAIL BOOT_LOOP
///  r2 09:01 s1 U2  FAIL VERIFY             r13 10:03 s1 U8  FAIL VERIFY
///  r3 09:02 s2 U3  FAIL NO_HANDSHAKE (no MAC yet, unit id SN3)
///  r4 09:03 s2 U2  PASS                    r14 10:04 s1 U8  PASS  SSID …08
///  r5 09:04 s1 U3  PASS (MAC 03, SN3)      r15 10:05 s1 U9 = MAC of U8, unit id SN9, PASS SSID …08 → MAC flag
///  r6 09:05 s1 U4  FAIL CHIP_LOCKED        r16 10:06 s1 U10 PASS SSID …08 (firmware B) → SSID flag
///  r7 09:06 s1 U4  REWORK                  r17 10:07 s1 U11 PASS SSID …01 (firmware B; U1's SSID, other lot: no flag)
///  r8 09:07 s2 U5  FAIL FIXTURE_FAULT (station's: left out of yield)
///  r9 09:08 s1 U5  PASS
/// </code>
/// ST01: 8 attempts, units U1–U5; first pass U1, U5 (2); final pass U1, U2, U3, U5 (4); rework U4.
/// ST02: 8 attempts, units U6, U7, U8(+U9), U10, U11; first pass U10, U11 (2); final U8, U10, U11 (3).
/// </summary>
public sealed class YieldReportTests : IDisposable
{
    internal static readonly DateTimeOffset Day14 = new(2025, 3, 14, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day15 = Day14.AddDays(1);

    private readonly ScratchDirectory scratch = new();

    public YieldReportTests()
    {
        WriteDataSet(scratch.Path);
    }

    public void Dispose() => scratch.Dispose();

    private static UnitReportRow Row(string station, DateTimeOffset at, int socket, long attempt, int unit, string lot, UnitVerdict verdict, FailureCode? code = null) =>
        SampleRows.Pass(attempt, at, station, socket) with
        {
            Lot = lot,
            UnitId = "SN" + unit,
            Mac = Fixture.Protocol.Identity.MacAddress.FromBytes([0x70, 0x3E, 0x97, 0x1E, 0x96, (byte)unit]).ToString(),
            SsidSeen = verdict == UnitVerdict.Pass ? $"OpenBL602_971E96{unit:X2}" : null,
            Verdict = verdict,
            FailureCode = code,
        };

    internal static void WriteDataSet(string directory)
    {
        var t14 = Day14.AddHours(9);
        using (var st01 = CsvReportWriter.Open(directory, "ST01", new FakeTimeProvider(Day14)))
        {
            st01.Append(Row("ST01", Day14.AddHours(6), 1, 1, 0xF0, "L1", UnitVerdict.Pass) with { VerificationUnit = VerificationUnitKind.Golden });
            st01.Append(Row("ST01", Day14.AddHours(6).AddMinutes(1), 1, 2, 0xF1, "L1", UnitVerdict.Fail, FailureCode.Verify) with { VerificationUnit = VerificationUnitKind.KnownBad });
            st01.Append(Row("ST01", t14, 1, 3, 1, "L1", UnitVerdict.Pass));
            st01.Append(Row("ST01", t14.AddMinutes(1), 1, 4, 2, "L1", UnitVerdict.Fail, FailureCode.Verify));
            st01.Append(Row("ST01", t14.AddMinutes(2), 2, 5, 3, "L1", UnitVerdict.Fail, FailureCode.NoHandshake) with { Mac = null });
            st01.Append(Row("ST01", t14.AddMinutes(3), 2, 6, 2, "L1", UnitVerdict.Pass));
            st01.Append(Row("ST01", t14.AddMinutes(4), 1, 7, 3, "L1", UnitVerdict.Pass));
            st01.Append(Row("ST01", t14.AddMinutes(5), 1, 8, 4, "L1", UnitVerdict.Fail, FailureCode.ChipLocked));
            st01.Append(Row("ST01", t14.AddMinutes(6), 1, 9, 4, "L1", UnitVerdict.Rework, FailureCode.ChipLocked));
            st01.Append(Row("ST01", t14.AddMinutes(7), 2, 10, 5, "L1", UnitVerdict.Fail, FailureCode.FixtureFault));
            st01.Append(Row("ST01", t14.AddMinutes(8), 1, 11, 5, "L1", UnitVerdict.Pass));
        }

        var t15 = Day15.AddHours(10);
        var firmwareB = new { FirmwareFile = "OpenBL602_1.18.0.bin", FirmwareSha256 = new string('d', 64) };
        using var st02 = CsvReportWriter.Open(directory, "ST02", new FakeTimeProvider(Day15));
        st02.Append(Row("ST02", t15, 1, 1, 6, "L2", UnitVerdict.Fail, FailureCode.NoHandshake) with { Mac = null, UnitId = null });
        st02.Append(Row("ST02", t15.AddMinutes(1), 1, 2, 7, "L2", UnitVerdict.Fail, FailureCode.BootLoop));
        st02.Append(Row("ST02", t15.AddMinutes(2), 1, 3, 7, "L2", UnitVerdict.Fail, FailureCode.BootLoop));
        st02.Append(Row("ST02", t15.AddMinutes(3), 1, 4, 8, "L2", UnitVerdict.Fail, FailureCode.Verify));
        st02.Append(Row("ST02", t15.AddMinutes(4), 1, 5, 8, "L2", UnitVerdict.Pass));
        st02.Append(Row("ST02", t15.AddMinutes(5), 1, 6, 8, "L2", UnitVerdict.Pass) with { UnitId = "SN9" });
        st02.Append(Row("ST02", t15.AddMinutes(6), 1, 7, 10, "L2", UnitVerdict.Pass) with { SsidSeen = "OpenBL602_971E9608", FirmwareFile = firmwareB.FirmwareFile, FirmwareSha256 = firmwareB.FirmwareSha256 });
        st02.Append(Row("ST02", t15.AddMinutes(7), 1, 8, 11, "L2", UnitVerdict.Pass) with { SsidSeen = "OpenBL602_971E9601", FirmwareFile = firmwareB.FirmwareFile, FirmwareSha256 = firmwareB.FirmwareSha256 });
    }

    private YieldReportResult Run(params YieldDimension[] by) =>
        YieldReport.Run(YieldReport.FindReportFiles(scratch.Path), new YieldQuery { GroupBy = by });

    private static void AssertGroup(YieldGroup group, string key, long attempts, long units, long firstPass, long finalPass, long rework, long fixtureFaults)
    {
        Assert.Equal(
            (key, attempts, units, firstPass, finalPass, rework, fixtureFaults),
            (group.Key, group.Attempts, group.Units, group.FirstPassUnits, group.FinalPassUnits, group.ReworkUnits, group.FixtureFaults));
        Assert.Equal((double)firstPass / units, group.FirstPassYield!.Value, 12);
        Assert.Equal((double)finalPass / units, group.FinalYield!.Value, 12);
    }

    [Fact]
    public void Figures_per_station_match_the_hand_computed_answers()
    {
        var result = Run(YieldDimension.Station);

        Assert.Equal(2, result.Groups.Count);
        AssertGroup(result.Groups[0], "ST01", attempts: 8, units: 5, firstPass: 2, finalPass: 4, rework: 1, fixtureFaults: 1);
        AssertGroup(result.Groups[1], "ST02", attempts: 8, units: 5, firstPass: 2, finalPass: 3, rework: 0, fixtureFaults: 0);
        AssertGroup(result.Total, "All", attempts: 16, units: 10, firstPass: 4, finalPass: 7, rework: 1, fixtureFaults: 1);
        Assert.Equal((4L, 3L, 1L), (result.Groups[0].PassAttempts, result.Groups[0].FailAttempts, result.Groups[0].ReworkAttempts));
        Assert.Equal(0.4, result.Total.FirstPassYield);
        Assert.Equal(0.7, result.Total.FinalYield);
    }

    [Fact]
    public void Pareto_counts_failed_attempts_by_code_without_fixture_faults_or_rework()
    {
        var result = Run(YieldDimension.Station);

        Assert.Equal(
            [("NO_HANDSHAKE", 2L, 2 / 7.0, 2 / 7.0), ("VERIFY", 2L, 2 / 7.0, 4 / 7.0), ("BOOT_LOOP", 2L, 2 / 7.0, 6 / 7.0), ("CHIP_LOCKED", 1L, 1 / 7.0, 7 / 7.0)],
            result.Total.Pareto.Select(p => (p.Code, p.Count, p.Share, p.CumulativeShare)));
        Assert.Equal(
            [("BOOT_LOOP", 2L, 0.5, 0.5), ("NO_HANDSHAKE", 1L, 0.25, 0.75), ("VERIFY", 1L, 0.25, 1.0)],
            result.Groups[1].Pareto.Select(p => (p.Code, p.Count, p.Share, p.CumulativeShare)));
        Assert.DoesNotContain(result.Groups.SelectMany(g => g.Pareto), p => p.Code == "FIXTURE_FAULT");
    }

    [Fact]
    public void Verification_rows_and_unidentified_attempts_are_accounted_for()
    {
        var input = Run(YieldDimension.Station).Input;

        Assert.Equal((2, 0), (input.FilesRead, input.FilesOutsideDates));
        Assert.Equal(19, input.RowsRead);
        Assert.Equal(2, input.VerificationRowsExcluded);
        Assert.Equal(1, input.UnidentifiedAttempts);
        Assert.Equal(0, input.SkippedRowCount);
    }

    [Fact]
    public void A_unit_counts_in_the_socket_of_its_first_attempt_and_its_final_verdict_follows_it()
    {
        var result = Run(YieldDimension.Socket);

        Assert.Equal(["ST01/s1", "ST01/s2", "ST02/s1"], result.Groups.Select(g => g.Key));
        AssertGroup(result.Groups[0], "ST01/s1", attempts: 6, units: 4, firstPass: 2, finalPass: 3, rework: 1, fixtureFaults: 0);
        AssertGroup(result.Groups[1], "ST01/s2", attempts: 2, units: 1, firstPass: 0, finalPass: 1, rework: 0, fixtureFaults: 1);
        AssertGroup(result.Total, "All", attempts: 16, units: 10, firstPass: 4, finalPass: 7, rework: 1, fixtureFaults: 1);
    }

    [Fact]
    public void Figures_per_lot_day_and_firmware()
    {
        var byLot = Run(YieldDimension.Lot);
        AssertGroup(byLot.Groups[0], "L1", attempts: 8, units: 5, firstPass: 2, finalPass: 4, rework: 1, fixtureFaults: 1);
        AssertGroup(byLot.Groups[1], "L2", attempts: 8, units: 5, firstPass: 2, finalPass: 3, rework: 0, fixtureFaults: 0);

        var byDay = Run(YieldDimension.Day);
        Assert.Equal(["2025-03-14", "2025-03-15"], byDay.Groups.Select(g => g.Key));

        var byFirmware = Run(YieldDimension.Firmware);
        AssertGroup(byFirmware.Groups[0], "OpenBL602_1.17.551.bin cccccccccccc", attempts: 14, units: 8, firstPass: 2, finalPass: 5, rework: 1, fixtureFaults: 1);
        AssertGroup(byFirmware.Groups[1], "OpenBL602_1.18.0.bin dddddddddddd", attempts: 2, units: 2, firstPass: 2, finalPass: 2, rework: 0, fixtureFaults: 0);

        var combined = Run(YieldDimension.Station, YieldDimension.Firmware);
        Assert.Equal(
            ["ST01 | OpenBL602_1.17.551.bin cccccccccccc", "ST02 | OpenBL602_1.17.551.bin cccccccccccc", "ST02 | OpenBL602_1.18.0.bin dddddddddddd"],
            combined.Groups.Select(g => g.Key));
    }

    [Fact]
    public void A_lot_where_two_units_show_the_same_mac_or_ssid_is_flagged()
    {
        var result = Run(YieldDimension.Station);

        Assert.Equal(2, result.FlagCount);
        var mac = Assert.Single(result.Flags, f => f.Kind == "MAC");
        Assert.Equal(("L2", "70:3E:97:1E:96:08"), (mac.Lot, mac.Value));
        Assert.Contains("'SN9' (ST02_2025-03-15.csv:7)", mac.Detail);
        var ssid = Assert.Single(result.Flags, f => f.Kind == "SSID");
        Assert.Equal(("L2", "OpenBL602_971E9608"), (ssid.Lot, ssid.Value));
        Assert.Contains("MAC 70:3E:97:1E:96:08 and by MAC 70:3E:97:1E:96:0A", ssid.Detail);
    }

    [Fact]
    public void Dates_select_files_by_name_and_rows_by_timestamp()
    {
        var fromDay15 = YieldReport.Run(YieldReport.FindReportFiles(scratch.Path), new YieldQuery { From = new DateOnly(2025, 3, 15) });
        Assert.Equal((1, 1), (fromDay15.Input.FilesRead, fromDay15.Input.FilesOutsideDates));
        AssertGroup(Assert.Single(fromDay15.Groups), "ST02", attempts: 8, units: 5, firstPass: 2, finalPass: 3, rework: 0, fixtureFaults: 0);

        // A file that is not named by day (an export) is filtered row by row.
        var export = Path.Combine(scratch.Path, "export.csv");
        File.Copy(Path.Combine(scratch.Path, "ST01", "ST01_2025-03-14.csv"), export);
        var untilDay13 = YieldReport.Run([export], new YieldQuery { To = new DateOnly(2025, 3, 13) });
        Assert.Equal(11, untilDay13.Input.RowsOutsideDates);
        Assert.Equal(0, untilDay13.Total.Attempts);
        Assert.Null(untilDay13.Total.FirstPassYield);
    }

    [Fact]
    public void Rows_are_ordered_by_timestamp_not_by_the_order_files_are_read()
    {
        // U2 failed first and passed later; reading the later file first must not make it a first pass.
        var early = Path.Combine(scratch.Path, "b-early.csv");
        var late = Path.Combine(scratch.Path, "a-late.csv");
        var lines = File.ReadAllLines(Path.Combine(scratch.Path, "ST01", "ST01_2025-03-14.csv"));
        File.WriteAllLines(early, [lines[0], lines[4]]);
        File.WriteAllLines(late, [lines[0], lines[6]]);

        var result = YieldReport.Run([late, early], new YieldQuery());

        AssertGroup(result.Total, "All", attempts: 2, units: 1, firstPass: 0, finalPass: 1, rework: 0, fixtureFaults: 0);
    }

    [Fact]
    public void An_attempt_without_mac_joins_its_unit_by_unit_id_whatever_the_read_order()
    {
        // U3: NO_HANDSHAKE without a MAC at 09:02, PASS with MAC and the same unit id at 09:04.
        var withoutMac = Path.Combine(scratch.Path, "b-no-mac.csv");
        var withMac = Path.Combine(scratch.Path, "a-with-mac.csv");
        var lines = File.ReadAllLines(Path.Combine(scratch.Path, "ST01", "ST01_2025-03-14.csv"));
        File.WriteAllLines(withoutMac, [lines[0], lines[5]]);
        File.WriteAllLines(withMac, [lines[0], lines[7]]);

        var result = YieldReport.Run([withMac, withoutMac], new YieldQuery());

        AssertGroup(result.Total, "All", attempts: 2, units: 1, firstPass: 0, finalPass: 1, rework: 0, fixtureFaults: 0);
        Assert.Equal(0, result.Input.UnidentifiedAttempts);
    }

    [Fact]
    public void Malformed_rows_are_skipped_and_named_by_file_and_line()
    {
        var path = Path.Combine(scratch.Path, "ST02", "ST02_2025-03-15.csv");
        var good = File.ReadAllLines(path);
        File.AppendAllText(path, "2025-03-15T11:00:00.000Z,ST02,1,99\n");
        File.AppendAllText(path, good[5].Replace(",PASS,", ",MAYBE,", StringComparison.Ordinal) + "\n");
        File.AppendAllText(path, good[5].Replace(",2025-03-15T", ",15.03.2025 ", StringComparison.Ordinal).Replace("2025-03-15T10", "15.03.2025 10", StringComparison.Ordinal) + "\n");
        File.AppendAllText(path, good[5][..50]);

        var result = Run(YieldDimension.Station);

        Assert.Equal(4, result.Input.SkippedRowCount);
        Assert.Equal(
            [
                $"{path}:10: 4 fields where the header has {UnitReportCsv.ColumnCount}",
                $"{path}:11: result 'MAYBE' is not PASS, FAIL or REWORK",
                $"{path}:12: timestamp '15.03.2025 10:04:00.000Z' is not UTC ISO-8601",
                $"{path}:13: the last line has no line end (torn by a power loss, or still being written): skipped",
            ],
            result.Input.SkippedRows.Select(s => s.ToString()));
        AssertGroup(result.Groups[1], "ST02", attempts: 8, units: 5, firstPass: 2, finalPass: 3, rework: 0, fixtureFaults: 0);
        Assert.Equal(23, result.Input.RowsRead);
    }

    [Fact]
    public void A_csv_file_that_is_not_a_fixture_report_is_refused_by_name()
    {
        var foreign = Path.Combine(scratch.Path, "notes.csv");
        File.WriteAllText(foreign, "date,what\n2025-03-14,coffee\n");

        var error = Assert.Throws<ReportFileException>(() => Run(YieldDimension.Station));

        Assert.Equal(foreign, error.Path);
        Assert.Contains($"{foreign} is not a fixture report file: its header lacks timestamp_utc, station", error.Message);
    }

    [Fact]
    public void Torn_sidecars_and_raw_logs_are_not_read_as_reports()
    {
        File.WriteAllText(Path.Combine(scratch.Path, "ST01", "ST01_2025-03-14.csv.torn"), "# moved aside\n2025-03-14T09:\n");
        Directory.CreateDirectory(Path.Combine(scratch.Path, "ST01", "logs", "2025-03-14"));
        File.WriteAllText(Path.Combine(scratch.Path, "ST01", "logs", "2025-03-14", "3_s1_703E971E9601.log"), "[WF][SM] start AP\n");

        Assert.Equal(2, YieldReport.FindReportFiles(scratch.Path).Count);
    }
}
