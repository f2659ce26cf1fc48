using System.Text;
using System.Text.Json;
using Fixture.Hal.Lines;

namespace Fixture.Controller.Configuration;

/// <summary>How a quick-start bench's one socket is wired (`--wiring`, issue 14 §1).</summary>
public enum BenchWiring
{
    /// <summary>BOOT on the adapter's RTS, CHIP_EN on its DTR (blflash's wiring); POWER not switched (the unit is powered all the time).</summary>
    DtrRts,

    /// <summary>The operator: "Hold BOOT and plug the unit in, then press Enter", "Release BOOT".</summary>
    Manual,

    /// <summary>Nothing: the unit is already in UART download mode; the firmware is booted with flash_boot (0x33).</summary>
    None,
}

/// <summary>
/// A one-socket station built in memory from a port and a wiring (`fixture flash --port P [--wiring W] [--recipe FILE]
/// [--reports DIR] [--save-config FILE]`, and `fixture restore --port`): the configuration file's bytes, which go through
/// the same strict reader as a file (<see cref="StationConfigReader"/>), so what runs is exactly what
/// <see cref="Save"/> writes for `config validate` / `config pin`. Nothing here opens the port.
/// </summary>
/// <param name="Port">The adapter's port, e.g. /dev/serial/by-id/usb-1a86_USB_Serial-if00-port0 or /dev/ttyUSB0.</param>
/// <param name="Wiring">How POWER, BOOT and CHIP_EN are worked.</param>
/// <param name="RecipePath">The recipe; null: none named (then `run`/`flash` need one).</param>
/// <param name="ReportDirectory">The report folder; null: "reports" in the current folder.</param>
public sealed record OneSocketStation(string Port, BenchWiring Wiring, string? RecipePath = null, string? ReportDirectory = null)
{
    /// <summary>The station id of every bench built here (report folder reports/bench/...).</summary>
    public const string StationId = "bench";

    /// <summary>The `--wiring` values, as typed.</summary>
    public static IReadOnlyList<string> WiringNames { get; } = ["dtr-rts", "manual", "none"];

    /// <summary>How messages name the in-memory configuration (it has no file).</summary>
    public string Source => Path.Combine(Directory.GetCurrentDirectory(), $"(in memory: --port {Port} --wiring {NameOf(Wiring)})");

    /// <summary>`--wiring` text → value; false for anything else (the caller lists <see cref="WiringNames"/>).</summary>
    public static bool TryParseWiring(string? text, out BenchWiring wiring)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "dtr-rts":
                wiring = BenchWiring.DtrRts;
                return true;
            case "manual":
                wiring = BenchWiring.Manual;
                return true;
            case "none":
                wiring = BenchWiring.None;
                return true;
            default:
                wiring = default;
                return false;
        }
    }

    public static string NameOf(BenchWiring wiring) => WiringNames[(int)wiring];

    /// <summary>
    /// The configuration as JSON bytes. Paths are absolute, or relative to <paramref name="relativeTo"/> (the folder
    /// the file will be saved in) where they are inside it.
    /// </summary>
    public byte[] ToJson(string? relativeTo = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("station");
            json.WriteString("id", StationId);
            json.WriteString("name", $"one-socket bench on {Port} ({NameOf(Wiring)})");
            json.WriteEndObject();
            json.WriteStartArray("sockets");
            json.WriteStartObject();
            json.WriteNumber("id", 1);
            json.WriteStartObject("serial");
            json.WriteString("port", Port);
            json.WriteEndObject();
            json.WriteStartObject("lines");
            WriteLines(json);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("workflow");
            if (RecipePath is { } recipe)
            {
                json.WriteStartObject("recipe");
                json.WriteString("file", Relative(Path.GetFullPath(recipe), relativeTo));
                json.WriteEndObject();
            }

            json.WriteString("reportDirectory", ReportDirectory is { } reports ? Path.GetFullPath(reports) : "reports");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads the configuration as a file would be read (every problem listed, each at its key).</summary>
    /// <exception cref="Hal.Configuration.ConfigurationException">It does not pass (a port name the validator refuses).</exception>
    public StationConfiguration Read(Hal.Drivers.HardwareCatalog catalog) => StationConfigReader.Parse(ToJson(), Source, catalog);

    /// <summary>Writes the configuration to <paramref name="path"/> (the recipe named relative to it), for `config validate` and `config pin`.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        File.WriteAllBytes(full, ToJson(Path.GetDirectoryName(full)));
    }

    private void WriteLines(Utf8JsonWriter json)
    {
        void Pseudo(string name, string driver)
        {
            json.WriteStartObject(name);
            json.WriteString("driver", driver);
            json.WriteEndObject();
        }

        void Modem(string name, string signal, string polarity)
        {
            json.WriteStartObject(name);
            json.WriteString("driver", "modem");
            json.WriteString("signal", signal);
            json.WriteString("polarity", polarity);
            json.WriteEndObject();
        }

        switch (Wiring)
        {
            case BenchWiring.DtrRts:
                // POWER stays on (a modem line may never be POWER): the unit is reset through CHIP_EN instead.
                Pseudo("power", SocketWirings.NoneDriver);
                Modem("boot", "rts", "activeHigh");
                Modem("reset", "dtr", "activeLow");
                break;
            case BenchWiring.Manual:
                Pseudo("power", SocketWirings.ManualDriver);
                Pseudo("boot", SocketWirings.ManualDriver);
                Pseudo("reset", SocketWirings.ManualDriver);
                break;
            default:
                Pseudo("power", SocketWirings.NoneDriver);
                Pseudo("boot", SocketWirings.NoneDriver);
                Pseudo("reset", SocketWirings.NoneDriver);
                break;
        }
    }

    private static string Relative(string path, string? folder)
    {
        if (folder is null)
        {
            return path;
        }

        var relative = Path.GetRelativePath(folder, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }

    /// <summary>The serial ports this machine has, for the message that refuses a port that is not there.</summary>
    public static IReadOnlyList<string> PortsFound(string deviceRoot = "/dev")
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var name in System.IO.Ports.SerialPort.GetPortNames())
            {
                found.Add(name);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // No list from the OS: the stable names below may still be there.
        }

        foreach (var folder in new[] { "by-id", "by-path" })
        {
            var path = Path.Combine(deviceRoot, "serial", folder);
            if (Directory.Exists(path))
            {
                foreach (var link in Directory.EnumerateFileSystemEntries(path))
                {
                    found.Add(link);
                }
            }
        }

        return [.. found];
    }

    /// <summary>Null when <paramref name="port"/> exists; else why not, with every port found.</summary>
    public static string? PortProblem(string port, string deviceRoot = "/dev")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(port);
        if (OperatingSystem.IsWindows()
            ? System.IO.Ports.SerialPort.GetPortNames().Contains(port.Trim(), StringComparer.OrdinalIgnoreCase)
            : File.Exists(port))
        {
            return null;
        }

        var found = PortsFound(deviceRoot);
        var text = new StringBuilder($"--port {port}: no such serial port. ");
        text.Append(found.Count == 0
            ? "No serial ports were found: plug the USB-UART in (and check `dmesg` for its driver)."
            : $"Serial ports found: {string.Join(", ", found)}.");
        return text.ToString();
    }
}
