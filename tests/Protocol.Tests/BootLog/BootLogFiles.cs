namespace Fixture.Protocol.Tests.BootLog;

/// <summary>The hand-written UART captures under BootLog/Logs (copied next to the test assembly).</summary>
internal static class BootLogFiles
{
    public const string FirstBoot = "first-boot-fresh-flash.log";
    public const string SecondBoot = "second-boot-loaded-config.log";
    public const string SafeMode = "safe-mode.log";
    public const string BootLoop = "boot-loop-crash.log";
    public const string Stock = "stock-tg7100c.log";
    public const string Boot2Fail = "boot2-fail.log";
    public const string AfterBanner = "capture-after-banner.log";
    public const string StationMode = "sta-mode-no-ap.log";
    public const string Interleaved = "interleaved-split-lines.log";
    public const string Garbled = "garbled-prefixes-and-noise.log";

    public static readonly string[] All =
        [FirstBoot, SecondBoot, SafeMode, BootLoop, Stock, Boot2Fail, AfterBanner, StationMode, Interleaved, Garbled];

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "BootLog", "Logs", name);

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));
}
