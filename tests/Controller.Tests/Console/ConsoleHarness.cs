using Fixture.Controller.OperatorScreen;
using Fixture.Controller.Station;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;
using Spectre.Console.Testing;

namespace Fixture.Controller.Tests.Console;

/// <summary>An operator console on Spectre's test terminal, with a fake clock and every request it raises recorded.</summary>
internal sealed class ConsoleHarness : IDisposable
{
    public ConsoleHarness(int sockets = 1, int width = 120, int height = 60, Func<OperatorConsoleOptions, OperatorConsoleOptions>? configure = null)
    {
        Terminal = new TestConsole().Width(width).Height(height).Interactive().SupportsAnsi(true);
        var options = new OperatorConsoleOptions
        {
            StationId = "line-3",
            StationName = "Line 3 bench",
            Recipe = "openbl602-sim 1.0.0",
            Sockets = [.. Enumerable.Range(1, sockets)],
        };
        Console = new OperatorConsole(Terminal, configure?.Invoke(options) ?? options, Time);
        Console.StartRequested += (_, request) => Starts.Add(request);
        Console.AbortRequested += (_, socket) => Aborts.Add(socket);
        Console.UnitIdEntered += (_, entry) => UnitIds.Add(entry);
        Console.ShiftEntered += (_, entry) => Shifts.Add(entry);
        Console.UnlockRequested += (_, entry) => Unlocks.Add(entry);
    }

    public List<UnlockEntry> Unlocks { get; } = [];

    public TestConsole Terminal { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero));

    public OperatorConsole Console { get; }

    public List<StartRequest> Starts { get; } = [];

    public List<int?> Aborts { get; } = [];

    public List<UnitIdEntry> UnitIds { get; } = [];

    public List<ShiftEntry> Shifts { get; } = [];

    /// <summary>
    /// Whether the terminal has received <paramref name="text"/>, asked from another thread while the console's render loop
    /// may be writing to it: Spectre's test terminal is a plain StringBuilder, so a read that races a write can throw, and
    /// is then answered "not yet" (the caller spins and asks again). Read <see cref="TestConsole.Output"/> itself only
    /// once the loop has stopped.
    /// </summary>
    public bool Shows(string text)
    {
        try
        {
            return Terminal.Output.Contains(text, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>The screen as plain text, drawn at the terminal's size.</summary>
    public string Screen()
    {
        using var screen = new TestConsole().Width(Terminal.Profile.Width).Height(Terminal.Profile.Height);
        screen.Profile.Capabilities.Unicode = Terminal.Profile.Capabilities.Unicode;
        screen.Write(Console.Render());
        return screen.Output;
    }

    /// <summary>Characters arriving in one poll, as a barcode scanner types them (or a person pressing one key).</summary>
    public void Type(string text)
    {
        Terminal.Input.PushText(text);
        Console.ProcessInput();
    }

    public void Press(ConsoleKey key)
    {
        Terminal.Input.PushKey(key);
        Console.ProcessInput();
    }

    /// <summary>A scanner's burst: the code and Enter in one poll.</summary>
    public void Scan(string code)
    {
        Terminal.Input.PushTextWithEnter(code);
        Console.ProcessInput();
    }

    public void Dispose() => Terminal.Dispose();
}
