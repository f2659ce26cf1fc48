namespace Fixture.Hal.Drivers;

/// <summary>The line drivers a station may name in its configuration, by name (case-insensitive).</summary>
public sealed class LineDriverRegistry
{
    private readonly Dictionary<string, ILineDriver> _drivers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>libgpiod, sysfs, ft232h, mcp23017 and modem: every driver that needs real hardware.</summary>
    public static LineDriverRegistry CreateWithHardwareDrivers() =>
        new LineDriverRegistry()
            .Add(new LibGpiodLineDriver())
            .Add(new SysFsLineDriver())
            .Add(new Ft232HLineDriver())
            .Add(new Mcp23017LineDriver())
            .Add(new ModemLineDriver());

    public IEnumerable<string> Names => _drivers.Keys.Order(StringComparer.Ordinal);

    public LineDriverRegistry Add(ILineDriver driver)
    {
        if (!_drivers.TryAdd(driver.Name, driver))
        {
            throw new InvalidOperationException($"A line driver named '{driver.Name}' is already registered.");
        }

        return this;
    }

    public bool TryGet(string name, out ILineDriver driver) => _drivers.TryGetValue(name, out driver!);
}
