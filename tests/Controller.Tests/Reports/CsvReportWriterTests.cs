using System.Globalization;
using System.Text;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Microsoft.Extensions.Time.Testing;
using UnitsNet;

namespace Fixture.Controller.Tests.Reports;

public sealed class CsvReportWriterTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();
    private readonly FakeTimeProvider time = new(SampleRows.Day1);

    public void Dispose() => scratch.Dispose();

    private string Day1File => ReportLayout.DailyFile(scratch.Path, "ST01", DateOnly.FromDateTime(SampleRows.Day1.UtcDateTime));

    [Fact]
    public void Header_is_written_once_across_appends_and_restarts()
    {
        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            writer.Append(SampleRows.Pass(1));
            writer.Append(SampleRows.Fail(2, FailureCode.NoHandshake));
        }

        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            writer.Append(SampleRows.Pass(3));
        }

        var lines = File.ReadAllText(Day1File).Split('\n');
        Assert.Equal(5, lines.Length); // header, 3 rows, and the empty piece after the final LF
        Assert.Equal(UnitReportCsv.HeaderLine, lines[0]);
        Assert.Single(lines, line => line == UnitReportCsv.HeaderLine);
        Assert.Equal("", lines[^1]);
        Assert.Equal([1L, 2, 3], UnitReportCsv.ReadAllRows(Day1File).Select(r => r.AttemptNumber));
    }

    [Fact]
    public void Header_names_every_column_of_the_design_in_order()
    {
        Assert.Equal(
            "timestamp_utc,station,socket,attempt,operator,lot,unit_id,mac,chip_id,jedec_id,recipe_name,recipe_version,"
            + "recipe_sha256,station_config_sha256,firmware_file,firmware_sha256,firmware_version_seen,ssid_seen,result,"
            + "failure_code,failed_step,detail,handshake_attempts,total_retries,power_up_handshake_ms,helper_ms,identify_ms,"
            + "erase_ms,write_ms,verify_ms,boot_ms,total_ms,bytes_sent,raw_log_file,fixture_version,adapter,"
            + "rail_v_before_power_on,rail_v_limit,bootrom_current_ma,bootrom_current_min_ma,bootrom_current_max_ma,"
            + "boot_complete_ms,boot_complete_limit_ms,power_off_ms,verification_unit,weak_supply_warning,mac_source,efuse_sha256,"
            + "loader_baud,baud_stepdowns,recipe_variant,backup_file",
            UnitReportCsv.HeaderLine);
    }

    [Fact]
    public void Every_column_round_trips()
    {
        var row = SampleRows.Fail(7, FailureCode.SsidMismatch, "VerifyingBoot") with
        {
            SsidSeen = "OpenBL602_11223344",
            Detail = "SSID OpenBL602_11223344 does not match MAC 70:3E:97:1E:96:07, \"stored MAC\"",
            VerificationUnit = VerificationUnitKind.KnownBad,
            WeakSupplyWarning = true,
            HelperTime = null,
            BootromCurrent = null,
            ChipId = "B4:0E:CF:07:15:91",
            MacSource = "efuse-slot1",
            EfuseSha256 = new string('e', 64),
        };
        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            writer.Append(row);
        }

        Assert.Equal(row, Assert.Single(UnitReportCsv.ReadAllRows(Day1File)));
    }

    private void WriteEarlierVersionFile() =>
        EarlierVersionReport.Write(Day1File, DateOnly.FromDateTime(SampleRows.Day1.UtcDateTime), "B40ECF071591", "PASS");

    [Fact]
    public void A_file_of_the_earlier_version_is_read_with_the_new_columns_empty()
    {
        WriteEarlierVersionFile();

        var row = Assert.Single(UnitReportCsv.ReadAllRows(Day1File));

        Assert.Equal(("B4:0E:CF:07:15:91", "B40ECF071591"), (row.Mac, row.ChipId));
        Assert.Null(row.MacSource);
        Assert.Null(row.EfuseSha256);
    }

    [Fact]
    public void A_file_of_the_earlier_version_is_continued_in_its_own_columns_and_said_so()
    {
        WriteEarlierVersionFile();

        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            Assert.Contains(writer.Notices, n => n.Contains("earlier fixture version", StringComparison.Ordinal) && n.Contains("mac_source", StringComparison.Ordinal));
            writer.Append(SampleRows.Pass(2) with { ChipId = "AC:D8:29:6B:B7:ED", MacSource = "efuse-slot1", EfuseSha256 = new string('e', 64) });
        }

        var lines = File.ReadAllText(Day1File).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(EarlierVersionReport.Header, lines[0]);
        Assert.All(lines.Skip(1), l => Assert.Equal(46, l.Split(',').Length));
        var rows = UnitReportCsv.ReadAllRows(Day1File);
        Assert.Equal(["B40ECF071591", "AC:D8:29:6B:B7:ED"], rows.Select(r => r.ChipId));
    }

    [Theory]
    [InlineData("ACD8296BB7ED", null)]
    [InlineData("AC:D8:29:6B:B7:ED", "slot1")]
    public void A_chip_id_or_mac_source_the_report_cannot_hold_faithfully_is_refused(string chipId, string? macSource)
    {
        using var writer = CsvReportWriter.Open(scratch.Path, "ST01", time);

        Assert.Throws<ArgumentException>(() => writer.Append(SampleRows.Pass(1) with { ChipId = chipId, MacSource = macSource }));
        Assert.Single(File.ReadAllLines(Day1File));
    }

    [Fact]
    public void Rows_are_written_in_the_invariant_culture_whatever_the_machine_culture()
    {
        var commaDecimal = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaDecimal.NumberFormat.NumberDecimalSeparator = ",";
        commaDecimal.NumberFormat.NumberGroupSeparator = ".";
        commaDecimal.DateTimeFormat.DateSeparator = ".";
        commaDecimal.DateTimeFormat.TimeSeparator = ".";
        var row = SampleRows.Pass(1) with
        {
            RailVoltageBeforePowerOn = ElectricPotential.FromVolts(3.2875),
            BootromCurrent = ElectricCurrent.FromMilliamperes(1234.5),
        };
        var saved = CultureInfo.CurrentCulture;
        IReadOnlyList<UnitReportRow> readBack;
        try
        {
            CultureInfo.CurrentCulture = commaDecimal;
            Assert.Equal("3,2875", 3.2875.ToString(CultureInfo.CurrentCulture)); // the culture really is comma-decimal
            using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
            {
                writer.Append(row);
            }

            readBack = UnitReportCsv.ReadAllRows(Day1File);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        var line = File.ReadAllText(Day1File).Split('\n')[1];
        Assert.StartsWith("2025-03-14T09:00:20.000Z,ST01,1,1,", line);
        Assert.Contains(",3.2875,0.5,1234.5,20,150,", line);
        Assert.DoesNotContain("3,2875", line);
        Assert.Equal(UnitReportCsv.ColumnCount, line.Split(',').Length);
        Assert.Equal(row, Assert.Single(readBack));
    }

    [Fact]
    public void Each_utc_day_gets_its_own_file_chosen_by_the_rows_timestamp()
    {
        var lastMsOfDay = new DateTimeOffset(2025, 3, 14, 23, 59, 59, 999, TimeSpan.Zero);
        var earlyMorningAtUtcPlus2 = new DateTimeOffset(2025, 3, 15, 1, 30, 0, TimeSpan.FromHours(2)); // 2025-03-14T23:30Z
        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            writer.Append(SampleRows.Pass(1, lastMsOfDay));
            writer.Append(SampleRows.Pass(2, lastMsOfDay.AddMilliseconds(1)));
            writer.Append(SampleRows.Pass(3, earlyMorningAtUtcPlus2));
        }

        var day14 = UnitReportCsv.ReadAllRows(ReportLayout.DailyFile(scratch.Path, "ST01", new DateOnly(2025, 3, 14)));
        var day15 = UnitReportCsv.ReadAllRows(ReportLayout.DailyFile(scratch.Path, "ST01", new DateOnly(2025, 3, 15)));
        Assert.Equal([1L, 3], day14.Select(r => r.AttemptNumber));
        Assert.Equal([2L], day15.Select(r => r.AttemptNumber));
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 23, 30, 0, TimeSpan.Zero), day14[1].TimestampUtc);
        Assert.True(File.Exists(Path.Combine(scratch.Path, "ST01", "ST01_2025-03-15.csv")));
    }

    [Fact]
    public void An_appended_row_can_be_read_by_another_reader_before_the_writer_closes()
    {
        using var writer = CsvReportWriter.Open(scratch.Path, "ST01", time);
        var path = writer.Append(SampleRows.Pass(1));

        Assert.Equal(Day1File, path);
        Assert.Equal(1L, Assert.Single(UnitReportCsv.ReadAllRows(path)).AttemptNumber);
    }

    public static TheoryData<string, Func<UnitReportRow, UnitReportRow>> BadRows => new()
    {
        { "FAIL without a failure code", r => r with { Verdict = UnitVerdict.Fail } },
        { "PASS with a failure code", r => r with { FailureCode = FailureCode.WeakSupply } },
        { "MAC not in report form", r => r with { Mac = "703e971e9666" } },
        { "another station", r => r with { Station = "ST02" } },
        { "socket 0", r => r with { Socket = 0 } },
        { "no attempt number", r => r with { AttemptNumber = 0 } },
        { "no firmware hash", r => r with { FirmwareSha256 = "" } },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public void A_row_that_breaks_the_rules_is_refused_and_changes_nothing(string what, Func<UnitReportRow, UnitReportRow> spoil)
    {
        using var writer = CsvReportWriter.Open(scratch.Path, "ST01", time);
        writer.Append(SampleRows.Pass(1));
        var before = File.ReadAllBytes(Day1File);

        var error = Assert.Throws<ArgumentException>(() => writer.Append(spoil(SampleRows.Pass(2))));

        Assert.Contains("attempt", error.Message);
        Assert.Equal(before, File.ReadAllBytes(Day1File));
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void A_file_with_a_foreign_header_is_refused_and_left_untouched()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Day1File)!);
        var foreign = "timestamp,station,socket,result\n2025-03-14T09:00:00Z,ST01,1,PASS\n"u8.ToArray();
        File.WriteAllBytes(Day1File, foreign);

        var error = Assert.Throws<ReportFileException>(() => CsvReportWriter.Open(scratch.Path, "ST01", time));

        Assert.Contains(Day1File, error.Message);
        Assert.Contains("column 1: 'timestamp' where 'timestamp_utc' was expected", error.Message);
        Assert.Contains("Nothing was appended", error.Message);
        Assert.Equal(foreign, File.ReadAllBytes(Day1File));
        Assert.False(File.Exists(ReportLayout.TornSidecar(Day1File)));
    }

    [Fact]
    public void A_second_writer_for_the_same_station_is_refused()
    {
        using var first = CsvReportWriter.Open(scratch.Path, "ST01", time);

        var error = Assert.Throws<ReportFileException>(() => CsvReportWriter.Open(scratch.Path, "ST01", time));

        Assert.Contains("already being written by another fixture process", error.Message);
        using var otherStation = CsvReportWriter.Open(scratch.Path, "ST02", time);
    }

    [Fact]
    public void Sockets_appending_at_once_each_get_one_whole_line()
    {
        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            Parallel.For(1, 201, new ParallelOptions { MaxDegreeOfParallelism = 8 }, attempt =>
                writer.Append(SampleRows.Pass(attempt, SampleRows.Day1.AddSeconds(attempt), socket: 1 + (attempt % 8))));
        }

        var rows = UnitReportCsv.ReadAllRows(Day1File);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), rows.Select(r => r.AttemptNumber).Order());
        Assert.Equal(201, File.ReadAllText(Day1File).Count(c => c == '\n'));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../etc")]
    [InlineData("ST 01")]
    public void A_station_name_that_cannot_name_files_is_refused(string station)
    {
        var error = Assert.Throws<ArgumentException>(() => CsvReportWriter.Open(scratch.Path, station, time));
        Assert.Contains("station config", error.Message);
    }

    [Fact]
    public void The_files_are_utf8_without_byte_order_mark()
    {
        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            writer.Append(SampleRows.Pass(1) with { Operator = "Jürgen Ølberg" });
        }

        var bytes = File.ReadAllBytes(Day1File);
        Assert.Equal((byte)'t', bytes[0]);
        Assert.Contains("Jürgen Ølberg", Encoding.UTF8.GetString(bytes));
    }
}
