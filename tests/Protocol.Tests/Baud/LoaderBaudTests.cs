using Fixture.Protocol.Baud;
using Fixture.Protocol.Loader;

namespace Fixture.Protocol.Tests.Baud;

public sealed class LoaderBaudTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "fixture-baud-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void An_unknown_adapter_steps_down_from_2_Mbaud_through_rates_the_loader_keeps()
    {
        var ladder = LoaderBaudLadder.For(2_000_000);

        Assert.Equal([2_000_000, 1_500_000, 1_000_000, 921_600, 500_000, 230_400, 115_200], ladder.Remaining);
        Assert.True(ladder.TryStepDown());
        Assert.Equal(1_500_000, ladder.Current);
        Assert.Equal(1, ladder.StepDowns);
        Assert.All(ladder.Remaining, r => Assert.True(LoaderBaudRate.IsSupported(r)));
    }

    [Fact]
    public void An_original_CP2102_starts_at_921600_from_its_fixed_table()
    {
        var ladder = LoaderBaudLadder.For(2_000_000, AdapterLimits.Find("10c4", "ea60", "CP2102 USB to UART Bridge Controller"));

        Assert.Equal(921_600, ladder.Current);
        Assert.Equal([921_600, 500_000, 230_400, 115_200], ladder.Remaining);
    }

    [Theory]
    [InlineData("10C4", "EA60", "CP2102N USB to UART Bridge Controller", 2_000_000)]
    [InlineData("1a86", "7523", "USB Serial", 2_000_000)]
    [InlineData("0403", "6001", "FT232R USB UART", 2_000_000)]
    public void Adapters_documented_at_2_Mbaud_or_more_start_at_the_configured_rate(string vid, string pid, string product, int first) =>
        Assert.Equal(first, LoaderBaudLadder.For(2_000_000, AdapterLimits.Find(vid, pid, product)).Current);

    [Fact]
    public void A_learned_rate_below_the_configured_one_is_where_the_next_unit_starts()
    {
        var ladder = LoaderBaudLadder.For(2_000_000, learned: 1_000_000);

        Assert.Equal(1_000_000, ladder.Current);
        Assert.Equal(0, ladder.StepDowns);
    }

    [Fact]
    public void A_learned_rate_never_lifts_the_first_try_above_the_configured_one() =>
        Assert.Equal(1_000_000, LoaderBaudLadder.For(1_000_000, learned: 2_000_000).Current);

    [Fact]
    public void The_last_rate_cannot_step_down_further()
    {
        var ladder = LoaderBaudLadder.For(115_200);
        Assert.False(ladder.TryStepDown());
        Assert.Equal(115_200, ladder.Current);
    }

    [Fact]
    public void A_configured_rate_the_loader_would_snap_is_refused() =>
        Assert.Throws<UnsupportedBaudRateException>(() => LoaderBaudLadder.For(1_152_000));

    [Fact]
    public void The_adapter_memory_keeps_the_highest_completed_rate_per_adapter_across_loads()
    {
        var path = Path.Combine(folder, AdapterBaudMemory.FileName);
        var memory = AdapterBaudMemory.Load(path);
        Assert.Null(memory.Problem);
        Assert.Null(memory.HighestCompleted("usb:1a86:7523:by-id-1"));

        memory.RecordCompleted("usb:1a86:7523:by-id-1", 1_000_000, new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        memory.RecordCompleted("usb:10c4:ea60:0001", 921_600, new DateTimeOffset(2025, 3, 1, 9, 1, 0, TimeSpan.Zero));

        var again = AdapterBaudMemory.Load(path);
        Assert.Equal(1_000_000, again.HighestCompleted("usb:1a86:7523:by-id-1"));
        Assert.Equal(921_600, again.HighestCompleted("usb:10c4:ea60:0001"));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void A_broken_memory_file_is_reported_once_and_rewritten_by_the_next_completed_unit()
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, AdapterBaudMemory.FileName);
        File.WriteAllText(path, "{ \"adapters\": ");

        var memory = AdapterBaudMemory.Load(path);

        Assert.Contains(path, memory.Problem, StringComparison.Ordinal);
        Assert.Empty(memory.Adapters);
        memory.RecordCompleted("sim:socket-1", 1_000_000, DateTimeOffset.UnixEpoch);
        Assert.Null(AdapterBaudMemory.Load(path).Problem);
    }
}
