using Fixture.Hal.Configuration;
using Fixture.Hal.Lines;
using Fixture.Hal.Serial;
using Fixture.Hal.Supply;

namespace Fixture.Hal.Drivers;

/// <summary>
/// One socket's hardware, opened from its configuration: link (not yet opened), lines, lamps, monitor, and how its
/// lines are worked (<see cref="Wiring"/>; lines named "manual" or "none" are <see cref="UnwiredLine"/>s) with the
/// sequences that go with it.
/// </summary>
public sealed record SocketHardware(
    int Number,
    string Label,
    SocketConfig Config,
    ISerialLink Link,
    SocketLines Lines,
    Lamps Lamps,
    IInputLine? StartButton,
    ISupplyMonitor? SupplyMonitor,
    SupplyThresholds? Thresholds,
    ISocketSequences Sequences,
    SocketWiring Wiring = SocketWiring.Relays);
