namespace Fixture.Hal.Serial;

/// <summary>
/// A link that knows the highest rate its adapter can receive (device → host), where the USB ids cannot tell
/// (the simulated station's adapters). The controller checks it against the firmware's console rate: an adapter
/// that cannot read the console can flash but never boot-check (issue 14 §2).
/// </summary>
public interface IAdapterReceiveLimit
{
    /// <summary>The highest rate the adapter receives correctly; null: no known limit.</summary>
    int? MaximumReceiveBaud { get; }
}
