using System.Text;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Controller.Tests.Reports;

public sealed class TornLineRepairTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();
    private readonly FakeTimeProvider time = new(SampleRows.Day1);

    public void Dispose() => scratch.Dispose();

    private string Day1File => ReportLayout.DailyFile(scratch.Path, "ST01", DateOnly.FromDateTime(SampleRows.Day1.UtcDateTime));

    private void WriteRows(params long[] attempts)
    {
        using var writer = CsvReportWriter.Open(scratch.Path, "ST01", time);
        foreach (var attempt in attempts)
        {
            writer.Append(SampleRows.Pass(attempt));
        }
    }

    [Fact]
    public void A_file_truncated_mid_row_is_repaired_and_the_fragment_moved_aside()
    {
        WriteRows(1, 2, 3);
        var whole = File.ReadAllBytes(Day1File);
        var thirdRowStart = Array.LastIndexOf(whole, (byte)'\n', whole.Length - 2) + 1;
        var cut = thirdRowStart + ((whole.Length - thirdRowStart) / 2);
        File.WriteAllBytes(Day1File, whole[..cut]);
        var fragment = Encoding.UTF8.GetString(whole, thirdRowStart, cut - thirdRowStart);

        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            var repair = Assert.Single(writer.Repairs);
            Assert.Equal(thirdRowStart, repair.Offset);
            Assert.Equal(cut - thirdRowStart, repair.ByteCount);
            Assert.Contains("no line end", repair.Reason);
            Assert.Equal(whole[..thirdRowStart], File.ReadAllBytes(Day1File));
            writer.Append(SampleRows.Pass(4));
        }

        Assert.Equal([1L, 2, 4], UnitReportCsv.ReadAllRows(Day1File).Select(r => r.AttemptNumber));
        Assert.DoesNotContain(fragment, File.ReadAllText(Day1File));
        var sidecar = File.ReadAllText(ReportLayout.TornSidecar(Day1File));
        Assert.StartsWith($"# 2025-03-14T09:00:00.000Z moved aside from ST01_2025-03-14.csv at byte {thirdRowStart}: the last line has no line end\n", sidecar);
        Assert.Contains(fragment, sidecar);
    }

    [Fact]
    public void A_last_line_with_a_line_end_but_the_wrong_field_count_is_moved_aside()
    {
        WriteRows(1, 2);
        File.AppendAllText(Day1File, "2025-03-14T09:01:00.000Z,ST01,1,3,anna\n");

        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            Assert.Contains($"has 5 fields instead of {UnitReportCsv.ColumnCount}", Assert.Single(writer.Repairs).Reason);
            writer.Append(SampleRows.Pass(4));
        }

        Assert.Equal([1L, 2, 4], UnitReportCsv.ReadAllRows(Day1File).Select(r => r.AttemptNumber));
    }

    [Fact]
    public void A_tail_of_nul_bytes_left_by_a_power_loss_is_moved_aside()
    {
        WriteRows(1, 2);
        using (var file = new FileStream(Day1File, FileMode.Append))
        {
            file.Write(new byte[300]);
        }

        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            Assert.Equal(300, Assert.Single(writer.Repairs).ByteCount);
            writer.Append(SampleRows.Pass(3));
        }

        Assert.Equal([1L, 2, 3], UnitReportCsv.ReadAllRows(Day1File).Select(r => r.AttemptNumber));
        Assert.DoesNotContain((byte)0, File.ReadAllBytes(Day1File));
    }

    [Fact]
    public void A_whole_row_whose_middle_was_lost_to_nul_bytes_is_moved_aside()
    {
        WriteRows(1, 2, 3);
        var whole = File.ReadAllBytes(Day1File);
        var thirdRowStart = Array.LastIndexOf(whole, (byte)'\n', whole.Length - 2) + 1;
        Array.Clear(whole, thirdRowStart + 40, 100);
        File.WriteAllBytes(Day1File, whole);

        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            Assert.Contains("NUL", Assert.Single(writer.Repairs).Reason);
        }

        Assert.Equal([1L, 2], UnitReportCsv.ReadAllRows(Day1File).Select(r => r.AttemptNumber));
    }

    [Fact]
    public void A_header_cut_short_is_rewritten_before_the_first_row()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Day1File)!);
        File.WriteAllText(Day1File, UnitReportCsv.HeaderLine[..25]);

        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            Assert.Contains("header line was cut short", Assert.Single(writer.Repairs).Reason);
            writer.Append(SampleRows.Pass(1));
        }

        Assert.StartsWith(UnitReportCsv.HeaderLine + "\n", File.ReadAllText(Day1File));
        Assert.Single(UnitReportCsv.ReadAllRows(Day1File));
    }

    [Fact]
    public void A_sound_file_is_not_touched()
    {
        WriteRows(1, 2);
        var before = File.ReadAllBytes(Day1File);

        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            Assert.Empty(writer.Repairs);
        }

        Assert.Equal(before, File.ReadAllBytes(Day1File));
        Assert.False(File.Exists(ReportLayout.TornSidecar(Day1File)));
    }

    [Fact]
    public void The_torn_end_of_the_previous_days_file_is_repaired_at_start()
    {
        WriteRows(1, 2);
        File.AppendAllText(Day1File, "2025-03-14T23:59:58.000Z,ST01,2,3,an");
        time.Advance(TimeSpan.FromDays(1));

        using (var writer = CsvReportWriter.Open(scratch.Path, "ST01", time))
        {
            Assert.Equal(Day1File, Assert.Single(writer.Repairs).File);
        }

        Assert.Equal([1L, 2], UnitReportCsv.ReadAllRows(Day1File).Select(r => r.AttemptNumber));
        Assert.True(File.Exists(ReportLayout.DailyFile(scratch.Path, "ST01", new DateOnly(2025, 3, 15))));
    }

    [Fact]
    public void A_row_that_could_not_be_written_whole_never_merges_with_the_next()
    {
        // The writer's own recovery cuts a failed write back; here a crash left half a row instead.
        WriteRows(1);
        var half = Encoding.UTF8.GetBytes(File.ReadAllText(Day1File).Split('\n')[1][..60]);
        using (var file = new FileStream(Day1File, FileMode.Append))
        {
            file.Write(half);
        }

        WriteRows(2);

        var lines = File.ReadAllText(Day1File).Split('\n');
        Assert.Equal(4, lines.Length); // header, two rows, the empty piece after the final LF
        Assert.All(lines[1..^1], line => Assert.Equal(UnitReportCsv.ColumnCount, line.Split(',').Length));
        Assert.Equal([1L, 2], UnitReportCsv.ReadAllRows(Day1File).Select(r => r.AttemptNumber));
    }
}
