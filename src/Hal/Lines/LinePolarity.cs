using System.Device.Gpio;

namespace Fixture.Hal.Lines;

/// <summary>Which pin level means "asserted". Relay boards are often active-low; it is set per line.</summary>
public enum LinePolarity
{
    ActiveHigh,
    ActiveLow,
}

public static class LinePolarityExtensions
{
    public static PinValue LevelFor(this LinePolarity polarity, bool asserted) =>
        (polarity == LinePolarity.ActiveHigh) == asserted ? PinValue.High : PinValue.Low;

    public static bool IsAsserted(this LinePolarity polarity, PinValue level) =>
        (level == PinValue.High) == (polarity == LinePolarity.ActiveHigh);
}
