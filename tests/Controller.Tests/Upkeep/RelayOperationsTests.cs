using Fixture.Controller.Upkeep;
using Fixture.Hal.Lines;

namespace Fixture.Controller.Tests.Upkeep;

public sealed class RelayOperationsTests
{
    private sealed class Line(string name) : IControlLine
    {
        public string Name => name;

        public bool IsAsserted { get; private set; }

        public void Set(bool asserted) => IsAsserted = asserted;
    }

    [Fact]
    public void Each_switch_on_is_one_operation_and_a_release_or_repeat_is_not()
    {
        var relays = new RelayOperations();
        var lines = relays.Wrap(new SocketLines(new Line("socket 1 POWER"), new Line("socket 1 BOOT"), new Line("socket 1 RESET")));

        lines.Power.Set(true);
        lines.Power.Set(true);
        lines.Power.Set(false);
        lines.Power.Set(true);
        lines.Boot.Set(true);
        lines.ReleaseAll();

        var taken = relays.Take();
        Assert.Equal(2, taken["POWER"]);
        Assert.Equal(1, taken["BOOT"]);
        Assert.False(taken.ContainsKey("RESET"));
        Assert.Empty(relays.Take());
    }

    [Fact]
    public void Wrapped_lines_drive_the_real_ones()
    {
        var power = new Line("socket 1 POWER");
        var lines = new RelayOperations().Wrap(new SocketLines(power, new Line("b"), new Line("r")));

        lines.Power.Set(true);

        Assert.True(power.IsAsserted);
        Assert.Equal("socket 1 POWER", lines.Power.Name);
    }
}
