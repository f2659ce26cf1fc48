using Fixture.Controller.Reports.Csv;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Controller.Tests.Reports;

public sealed class AttemptCounterTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();
    private readonly FakeTimeProvider time = new(SampleRows.Day1);

    public void Dispose() => scratch.Dispose();

    private string CounterFile => ReportLayout.AttemptCounterFile(scratch.Path, "ST01");

    private void WriteRows(params long[] attempts)
    {
        using var writer = CsvReportWriter.Open(scratch.Path, "ST01", time);
        foreach (var attempt in attempts)
        {
            writer.Append(SampleRows.Pass(attempt));
        }
    }

    [Fact]
    public void Numbers_start_at_one_and_keep_rising_across_restarts()
    {
        var first = AttemptCounter.Open(scratch.Path, "ST01");
        Assert.Equal([1L, 2, 3], new[] { first.Next(), first.Next(), first.Next() });

        var afterRestart = AttemptCounter.Open(scratch.Path, "ST01");

        Assert.Equal(3, afterRestart.Last);
        Assert.Equal(4, afterRestart.Next());
        Assert.Equal("4\n", File.ReadAllText(CounterFile));
    }

    [Fact]
    public void A_lost_counter_file_continues_after_the_highest_number_in_the_rows()
    {
        WriteRows(1, 2, 3, 4, 5);

        var counter = AttemptCounter.Open(scratch.Path, "ST01");

        Assert.Equal(6, counter.Next());
    }

    [Fact]
    public void A_counter_file_behind_the_rows_never_makes_a_number_repeat()
    {
        WriteRows(5, 6, 7);
        File.WriteAllText(CounterFile, "2\n");

        Assert.Equal(8, AttemptCounter.Open(scratch.Path, "ST01").Next());
    }

    [Fact]
    public void Numbers_handed_out_but_never_reported_are_not_reused()
    {
        var counter = AttemptCounter.Open(scratch.Path, "ST01");
        WriteRows(counter.Next(), counter.Next());
        counter.Next(); // the attempt whose row a power loss tore off
        File.AppendAllText(ReportLayout.DailyFile(scratch.Path, "ST01", new DateOnly(2025, 3, 14)), "2025-03-14T09:01:00.000Z,ST01,1,3,an");

        var afterPowerLoss = AttemptCounter.Open(scratch.Path, "ST01");

        Assert.Equal(4, afterPowerLoss.Next());
    }

    [Fact]
    public void Rows_written_out_of_order_by_parallel_sockets_still_give_the_highest()
    {
        WriteRows(10, 12, 11);

        Assert.Equal(13, AttemptCounter.Open(scratch.Path, "ST01").Next());
    }

    [Fact]
    public void An_unreadable_counter_file_is_reported_and_the_rows_decide()
    {
        WriteRows(1, 2);
        File.WriteAllText(CounterFile, "\0\0\0");

        var counter = AttemptCounter.Open(scratch.Path, "ST01");

        Assert.Contains(CounterFile, counter.Warning);
        Assert.Equal(3, counter.Next());
    }

    [Fact]
    public void Sockets_asking_at_once_get_distinct_numbers()
    {
        var counter = AttemptCounter.Open(scratch.Path, "ST01");
        var numbers = new System.Collections.Concurrent.ConcurrentBag<long>();

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => numbers.Add(counter.Next()));

        Assert.Equal(Enumerable.Range(1, 64).Select(i => (long)i), numbers.Order());
        Assert.Equal(64, AttemptCounter.Open(scratch.Path, "ST01").Last);
    }
}
