namespace Fixture.Hal.Lines;

/// <summary>The station's operator panel: start button(s), abort, interlock inputs, lamps and buzzer.</summary>
public sealed record StationPanel(
    IReadOnlyList<IInputLine> StartButtons,
    IInputLine? Abort,
    IInputLine? Guard,
    IInputLine? Esd,
    Lamps Lamps,
    IControlLine? Buzzer);

/// <summary>PASS / FAIL / BUSY lamps (station-wide or one socket's); any may be absent.</summary>
public sealed record Lamps(IControlLine? Pass, IControlLine? Fail, IControlLine? Busy)
{
    public static readonly Lamps None = new(null, null, null);
}
