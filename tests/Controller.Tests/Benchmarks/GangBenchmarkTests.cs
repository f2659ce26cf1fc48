using Fixture.Lab.Cli;
using Fixture.Lab.Benchmarks.Gang;
using Fixture.Controller.Cli;
using Fixture.Controller.Reports;
using Fixture.Protocol.BootLog;

namespace Fixture.Controller.Tests.Benchmarks;

/// <summary>
/// `fixture bench gang` in real time: sockets really run side by side and every unit gets its right row.
/// Short and loaded-machine proof: a sped-up clock, generous limits, and no timing asserted; alone in
/// its collection, so the suite's other tests do not starve the simulated units of CPU.
/// </summary>
[Trait("Category", "RealTime")]
[Collection(RealTimeCollection.Name)]
public sealed class GangBenchmarkTests
{
    private static string StationConfig
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fixture.sln")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory!.FullName, "config", "station.sim.json");
        }
    }

    [Fact]
    public async Task Two_sockets_in_real_time_run_side_by_side_and_every_unit_gets_its_right_row()
    {
        var benchmark = new GangBenchmark(StationConfig, TimeProvider.System);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        // As the command does: the process's one-offs (JIT of the whole cycle, the simulator's images) in
        // modelled time first, or a cold process stalls the simulated unit past its sped-up reply deadlines.
        await benchmark.WarmUpAsync(limit.Token);

        var run = await benchmark.RunAsync(sockets: 2, unitsPerSocket: 2, speed: 2, limit.Token);

        Assert.Empty(run.SocketErrors);
        Assert.Equal(4, run.Units);
        Assert.All(run.Rows, r => Assert.True(r.Verdict == UnitVerdict.Pass, $"socket {r.Socket} attempt {r.AttemptNumber}: {r.FailureCode?.ToText()} {r.Detail}"));
        Assert.Equal([1, 1, 2, 2], run.Rows.Select(r => r.Socket).Order());
        Assert.Equal(4, run.Rows.Select(r => r.AttemptNumber).Distinct().Count());
        Assert.Equal(4, run.Rows.Select(r => r.Mac).Distinct().Count());
        Assert.All(run.Rows, r => Assert.Equal(OpenBl602Ssid.Prefix + r.Mac!.Replace(":", "", StringComparison.Ordinal)[4..], r.SsidSeen));

        // Both sockets had a unit under test at the same moment: they ran in parallel, not one after the other.
        Assert.Equal(2, run.MostInFlight);
        Assert.True(run.Cpu > TimeSpan.Zero);
    }

    [Fact]
    public void Units_in_flight_are_counted_from_the_rows_start_and_end_times()
    {
        var end = new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
        UnitReportRow Row(double endSeconds, double seconds) => new()
        {
            TimestampUtc = end.AddSeconds(endSeconds),
            TotalTime = TimeSpan.FromSeconds(seconds),
            Station = "s",
            Socket = 1,
            AttemptNumber = 1,
            Verdict = UnitVerdict.Pass,
            RecipeName = "r",
            RecipeVersion = "1",
            RecipeSha256 = "",
            StationConfigSha256 = "",
            FirmwareFile = "f",
            FirmwareSha256 = "",
            FixtureVersion = "0",
        };

        // [0,10] and [5,15] overlap; [15,20] starts as the second ends; [30,31] is alone.
        Assert.Equal(2, GangBenchmark.MostInFlight([Row(10, 10), Row(15, 10), Row(20, 5), Row(31, 1)]));
        Assert.Equal(0, GangBenchmark.MostInFlight([]));
    }

    [Theory]
    [InlineData("1,2,4,8", new[] { 1, 2, 4, 8 })]
    [InlineData("2, 4", new[] { 1, 2, 4 })]
    [InlineData("8", new[] { 1, 8 })]
    public void Socket_counts_always_include_the_one_socket_baseline(string text, int[] expected)
    {
        Assert.True(BenchGangCommand.TryReadCounts(text, out var counts, out _));
        Assert.Equal(expected, counts);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("9")]
    [InlineData("1,x")]
    [InlineData("2,2")]
    [InlineData("")]
    public void Bad_socket_counts_are_refused_with_a_reason(string text)
    {
        Assert.False(BenchGangCommand.TryReadCounts(text, out _, out var problem));
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void The_operator_limits_the_station_once_the_sockets_ask_for_more_than_one_operator_can_give()
    {
        var model = new OperatorModel(TimeSpan.FromSeconds(6));
        var cycle = TimeSpan.FromSeconds(15);

        // Two sockets: 2 × 6 s of loading fit in a 21 s round, so each socket makes one unit per 21 s.
        Assert.False(model.OperatorBound(2, cycle));
        Assert.Equal(2 * 3600 / 21.0, model.UnitsPerHour(2, cycle), 6);

        // Eight sockets: 48 s of loading per 21 s round: the operator's 600 units per hour is the figure.
        Assert.True(model.OperatorBound(8, cycle));
        Assert.Equal(600, model.UnitsPerHour(8, cycle), 6);
        Assert.Equal(3.5, model.SocketsOneOperatorKeepsBusy(cycle), 6);
    }
}

/// <summary>Real-time tests run after the parallel ones, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimeCollection
{
    public const string Name = "real time";
}
