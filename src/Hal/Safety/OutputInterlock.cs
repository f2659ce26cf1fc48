namespace Fixture.Hal.Safety;

/// <summary>
/// Shared by every output of a station: once tripped (shutdown, Ctrl+C, SIGTERM, crash) no line can
/// be asserted again, so a workflow still running on its loop cannot re-energise a relay that the
/// safe state has just released.
/// </summary>
public sealed class OutputInterlock
{
    private volatile string? _reason;

    public bool IsTripped => _reason is not null;

    public string? Reason => _reason;

    public void Trip(string reason) => _reason ??= reason;
}
