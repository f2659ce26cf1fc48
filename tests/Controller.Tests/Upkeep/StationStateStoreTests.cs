using Fixture.Controller.Tests.Reports;
using Fixture.Controller.Upkeep;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Controller.Tests.Upkeep;

public sealed class StationStateStoreTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 14, 6, 0, 0, TimeSpan.Zero));

    public void Dispose() => scratch.Dispose();

    private StationStateStore Store() => StationStateStore.For(scratch.Path, "ST01", time);

    [Fact]
    public void A_station_without_a_state_file_starts_empty()
    {
        var state = Store().Read();

        Assert.Empty(state.Sockets);
        Assert.Equal(0, state.Socket(3).Insertions);
        Assert.False(state.Socket(3).IsLocked);
    }

    [Fact]
    public async Task The_verification_gate_record_survives_a_restart_and_a_file_written_before_it_still_reads()
    {
        var at = time.GetUtcNow();
        await Store().UpdateAsync(s => s with { Verification = new VerificationRecord(new string('a', 64), new string('b', 64), "the station started", [new SocketVerification(2, GoldenPassedUtc: at)]) });

        var reread = Store().Read().Verification!;
        Assert.Equal(new string('b', 64), reread.RecipeSha256);
        Assert.Equal(at, reread.Socket(2).GoldenPassedUtc);
        Assert.Null(reread.Socket(2).KnownBadFailedUtc);
        Assert.Null(reread.Socket(1).GoldenPassedUtc);

        // Written by the fixture before the gate: no "verification" key.
        var older = """{ "version": 1, "station": "ST01", "sockets": [ { "socket": 1, "lock": null, "failureStreak": 0, "fixtureFaultStreak": 0, "insertions": 7 } ], "relays": [] }""";
        var state = StationStateStore.Parse(System.Text.Encoding.UTF8.GetBytes(older), "station-state.json", "ST01");
        Assert.Null(state.Verification);
        Assert.Equal(7, state.Socket(1).Insertions);
    }

    [Fact]
    public void A_verification_record_listing_a_socket_twice_is_refused_naming_the_file()
    {
        var bad = """{ "version": 1, "station": "ST01", "sockets": [], "relays": [], "verification": { "configSha256": "a", "recipeSha256": "b", "closedBecause": "x", "sockets": [ { "socket": 1 }, { "socket": 1 } ] } }""";

        var error = Assert.Throws<StationRecordException>(() => StationStateStore.Parse(System.Text.Encoding.UTF8.GetBytes(bad), "station-state.json", "ST01"));

        Assert.Contains("station-state.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("verification: socket 1 is listed 2 times", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locks_and_counters_survive_a_restart()
    {
        var at = time.GetUtcNow();
        await Store().UpdateAsync(s => s.CountInsertion(3).CountInsertion(3).CountRelayOperations(3, "POWER", 4)
            .With(s.Socket(2) with { Lock = new SocketLock("2 FIXTURE_FAULTs in a row", at, "station"), FixtureFaultStreak = 2 }));

        var reread = Store().Read();

        Assert.Equal(2, reread.Socket(3).Insertions);
        Assert.Equal(4, reread.RelayOperations(3, "POWER"));
        Assert.Equal(new SocketLock("2 FIXTURE_FAULTs in a row", at, "station"), reread.Socket(2).Lock);
        Assert.Equal(2, reread.Socket(2).FixtureFaultStreak);
        Assert.False(File.Exists(Store().FilePath + ".tmp"));
    }

    [Theory]
    [InlineData("{\"version\":1,\"station\":\"ST01\",\"sockets\":[],\"relays\":[],\"extra\":1}", "extra")]
    [InlineData("{\"version\":1,\"station\":\"ST01\",\"sockets\":[{\"socket\":1},{\"socket\":1}],\"relays\":[]}", "socket 1 is listed 2 times")]
    [InlineData("{\"version\":1,\"station\":\"ST01\",\"sockets\":[{\"socket\":1,\"insertions\":-4}],\"relays\":[]}", "cannot be negative")]
    [InlineData("{\"version\":1,\"station\":\"ST02\",\"sockets\":[],\"relays\":[]}", "station 'ST02'")]
    [InlineData("{\"version\":2,\"station\":\"ST01\",\"sockets\":[],\"relays\":[]}", "format version 2")]
    [InlineData("{\"version\":1,\"station\":\"ST01\",\"sockets\":[{\"socket\":\"one\"}],\"relays\":[]}", "$.sockets[0].socket")]
    [InlineData("{\"version\":1,\"station\":\"ST01\",\"sockets\":[]", "")]
    public async Task A_bad_state_file_is_refused_naming_the_file_and_is_left_as_it_was(string json, string named)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Store().FilePath)!);
        File.WriteAllText(Store().FilePath, json);

        var error = Assert.Throws<StationRecordException>(() => Store().Read());
        var updating = await Assert.ThrowsAsync<StationRecordException>(() => Store().UpdateAsync(s => s.CountInsertion(1)));

        Assert.True(error.BadContent);
        Assert.Contains(Store().FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", updating.Message, StringComparison.Ordinal);
        Assert.Equal(json, File.ReadAllText(Store().FilePath));
    }

    [Fact]
    public async Task A_change_waits_for_the_other_process_and_then_reads_what_it_wrote()
    {
        var store = Store();
        var held = StationFileLock.TryAcquire(StationRecordLayout.StateLockFile(store.FilePath))!;
        var waiting = store.UpdateAsync(s => s.CountInsertion(1));
        Assert.False(waiting.IsCompleted);

        // The other process writes its change, then lets go.
        File.WriteAllBytes(store.FilePath, StationStateStore.Format(StationState.Empty("ST01").CountInsertion(2)));
        held.Dispose();
        time.Advance(TimeSpan.FromSeconds(1));
        await waiting;

        var state = store.Read();
        Assert.Equal(1, state.Socket(1).Insertions);
        Assert.Equal(1, state.Socket(2).Insertions);
    }
}
