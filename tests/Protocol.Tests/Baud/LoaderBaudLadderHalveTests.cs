using Fixture.Protocol.Baud;

namespace Fixture.Protocol.Tests.Baud;

/// <summary>The station's step-down within an attempt: about half the failed rate, one step each, never below the ladder.</summary>
public class LoaderBaudLadderHalveTests
{
    [Fact]
    public void Halving_from_2_Mbaud_goes_to_1_Mbaud_then_500_000_in_one_step_each()
    {
        var ladder = LoaderBaudLadder.For(2_000_000);

        Assert.True(ladder.TryHalve());
        Assert.Equal(1_000_000, ladder.Current);
        Assert.Equal(1, ladder.StepDowns);
        Assert.True(ladder.TryHalve());
        Assert.Equal(500_000, ladder.Current);
        Assert.Equal(2, ladder.StepDowns);
    }

    [Fact]
    public void Halving_a_CP2102_ladder_keeps_to_the_rates_its_table_has()
    {
        var ladder = LoaderBaudLadder.For(2_000_000, AdapterLimits.Cp2102);

        Assert.True(ladder.TryHalve());

        Assert.Equal(500_000, ladder.Current);
    }

    [Fact]
    public void Halving_at_the_lowest_rate_is_refused_and_changes_nothing()
    {
        var ladder = LoaderBaudLadder.For(115_200);

        Assert.False(ladder.TryHalve());
        Assert.Equal(115_200, ladder.Current);
        Assert.Equal(0, ladder.StepDowns);
    }
}
