using System.Text;
using Fixture.Controller.Audit;
using Fixture.Controller.Tests.Reports;
using Fixture.Controller.Upkeep;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Controller.Tests.Upkeep;

public sealed class AuditLogTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 14, 6, 0, 0, TimeSpan.Zero));

    public void Dispose() => scratch.Dispose();

    private AuditLog Log(string station = "ST01") => AuditLog.For(scratch.Path, station, time);

    private async Task<AuditLog> LogWithFiveEntries()
    {
        var log = Log();
        for (var socket = 1; socket <= 5; socket++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await log.AppendAsync(AuditEntry.Of("T042", AuditKind.Unlock, ("socket", socket.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        return log;
    }

    private static List<string> Lines(AuditLog log) => [.. File.ReadAllText(log.FilePath).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static void WriteLines(AuditLog log, IEnumerable<string> lines) => File.WriteAllText(log.FilePath, string.Concat(lines.Select(l => l + "\n")));

    [Fact]
    public async Task Entries_carry_time_station_who_kind_details_and_chain_to_the_line_before()
    {
        var log = Log();
        var first = await log.AppendAsync(AuditEntry.Of("T042", AuditKind.RecipeChanged, ("old", new string('a', 64)), ("new", new string('b', 64))));
        time.Advance(TimeSpan.FromSeconds(90));
        var second = await log.AppendAsync(AuditEntry.Of(AuditEntry.Station, AuditKind.Lock, ("socket", "3"), ("reason", "3 failures in a row")));

        var lines = Lines(log);
        Assert.Equal(2, lines.Count);
        Assert.Equal(AuditLog.ChainStart, first.PreviousSha256);
        Assert.Equal(AuditLog.LineSha256(Encoding.UTF8.GetBytes(lines[0])), second.PreviousSha256);
        Assert.Equal(
            "{\"seq\":1,\"time\":\"2025-03-14T06:00:00.0000000Z\",\"station\":\"ST01\",\"who\":\"T042\",\"kind\":\"recipe-changed\",\"details\":{\"new\":\"" + new string('b', 64) + "\",\"old\":\"" + new string('a', 64) + "\"},\"prev\":\"" + AuditLog.ChainStart + "\"}",
            lines[0]);
        Assert.Contains("\"time\":\"2025-03-14T06:01:30.0000000Z\"", lines[1], StringComparison.Ordinal);
        Assert.True(AuditVerifier.Verify(log.FilePath, "ST01").Intact);
    }

    [Fact]
    public async Task An_edited_middle_line_is_named_by_its_line_number()
    {
        var log = await LogWithFiveEntries();
        var lines = Lines(log);
        lines[2] = lines[2].Replace("T042", "T999", StringComparison.Ordinal);
        WriteLines(log, lines);

        var check = AuditVerifier.Verify(log.FilePath, "ST01");

        var problem = Assert.Single(check.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("changed after it was written", problem.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_last_line_is_caught_by_the_head()
    {
        var log = await LogWithFiveEntries();
        var lines = Lines(log);
        lines[4] = lines[4].Replace("\"socket\":\"5\"", "\"socket\":\"6\"", StringComparison.Ordinal);
        WriteLines(log, lines);

        var problem = Assert.Single(AuditVerifier.Verify(log.FilePath, "ST01").Problems);
        Assert.Equal(5, problem.Line);
        Assert.Contains("audit.head", problem.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_line_is_named_as_missing()
    {
        var log = await LogWithFiveEntries();
        var lines = Lines(log);
        lines.RemoveAt(1);
        WriteLines(log, lines);

        var problem = Assert.Single(AuditVerifier.Verify(log.FilePath, "ST01").Problems);
        Assert.Equal(2, problem.Line);
        Assert.Contains("entry 2 is missing", problem.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_removed_from_the_end_are_caught_by_the_head()
    {
        var log = await LogWithFiveEntries();
        WriteLines(log, Lines(log).Take(3));

        var problem = Assert.Single(AuditVerifier.Verify(log.FilePath, "ST01").Problems);
        Assert.Contains("removed from the end", problem.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swapped_lines_are_reported_as_reordered()
    {
        var log = await LogWithFiveEntries();
        var lines = Lines(log);
        (lines[1], lines[2]) = (lines[2], lines[1]);
        WriteLines(log, lines);

        var check = AuditVerifier.Verify(log.FilePath, "ST01");

        Assert.False(check.Intact);
        Assert.Equal(2, check.Problems[0].Line);
        Assert.Contains("reordered", check.Problems[0].What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_that_is_not_JSON_is_named()
    {
        var log = await LogWithFiveEntries();
        var lines = Lines(log);
        lines[3] = "socket 4 unlocked by T042";
        WriteLines(log, lines);

        var check = AuditVerifier.Verify(log.FilePath, "ST01");

        Assert.Contains(check.Problems, p => p.Line == 4 && p.What.Contains("not JSON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cut_off_last_line_is_a_note_and_the_next_append_moves_it_aside_and_records_that()
    {
        var log = await LogWithFiveEntries();
        File.AppendAllText(log.FilePath, "{\"seq\":6,\"time\":\"2025-03-14T0");

        var before = AuditVerifier.Verify(log.FilePath, "ST01");
        Assert.True(before.Intact);
        Assert.Contains(before.Notes, n => n.Line == 6 && n.What.Contains("cut off", StringComparison.Ordinal));

        var record = await log.AppendAsync(AuditEntry.Of("T042", AuditKind.Unlock, ("socket", "1")));

        Assert.Equal(7, record.Sequence);
        var lines = Lines(log);
        Assert.Contains("\"kind\":\"audit-repaired\"", lines[5], StringComparison.Ordinal);
        Assert.Contains("{\"seq\":6,\"time\":\"2025-03-14T0", File.ReadAllText(StationRecordLayout.AuditTornFile(log.FilePath)), StringComparison.Ordinal);
        var after = AuditVerifier.Verify(log.FilePath, "ST01");
        Assert.True(after.Intact);
        Assert.Empty(after.Notes);
    }

    [Fact]
    public async Task An_append_waits_while_another_process_holds_the_log_and_gives_up_with_a_clear_error()
    {
        var log = Log();
        await log.AppendAsync(AuditEntry.Of("T042", AuditKind.Pin, ("file", "station.json")));
        using (StationFileLock.TryAcquire(StationRecordLayout.AuditLockFile(log.FilePath)))
        {
            var waiting = log.AppendAsync(AuditEntry.Of("T042", AuditKind.Unlock, ("socket", "1")));
            Assert.False(waiting.IsCompleted);
            time.Advance(StationFileLock.DefaultWait + TimeSpan.FromSeconds(1));
            var error = await Assert.ThrowsAsync<StationRecordException>(() => waiting);
            Assert.Contains("Another fixture process", error.Message, StringComparison.Ordinal);
        }

        Assert.Single(Lines(log));
    }

    [Fact]
    public async Task An_append_continues_once_the_other_process_lets_go()
    {
        var log = Log();
        var held = StationFileLock.TryAcquire(StationRecordLayout.AuditLockFile(log.FilePath))!;
        var waiting = log.AppendAsync(AuditEntry.Of("T042", AuditKind.Unlock, ("socket", "1")));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);

        held.Dispose();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, (await waiting).Sequence);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(" T042")]
    [InlineData("T0\n42")]
    public async Task An_entry_without_a_usable_id_is_refused_and_nothing_is_written(string who)
    {
        var log = Log();

        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(AuditEntry.Of(who, AuditKind.Unlock, ("socket", "1"))));

        Assert.False(File.Exists(log.FilePath));
    }

    [Fact]
    public async Task Another_stations_line_copied_in_is_named()
    {
        var log = await LogWithFiveEntries();
        var other = AuditLog.For(scratch.Path, "ST02", time);
        await other.AppendAsync(AuditEntry.Of("T042", AuditKind.Unlock, ("socket", "1")));
        File.Copy(other.FilePath, log.FilePath, overwrite: true);
        File.Copy(StationRecordLayout.AuditHeadFile(other.FilePath), StationRecordLayout.AuditHeadFile(log.FilePath), overwrite: true);

        var problem = Assert.Single(AuditVerifier.Verify(log.FilePath, "ST01").Problems);
        Assert.Contains("station 'ST02'", problem.What, StringComparison.Ordinal);
    }
}
