using System.Globalization;

namespace Fixture.Controller.Selftest;

/// <summary>Free-disk limits for the report and log folders: below <see cref="ProblemBytes"/> the station must not produce, below <see cref="WarningBytes"/> it warns.</summary>
public sealed record FreeDiskLimits
{
    public static FreeDiskLimits Default { get; } = new();

    public long ProblemBytes { get; init; } = 500L * 1000 * 1000;

    public long WarningBytes { get; init; } = 5L * 1000 * 1000 * 1000;
}

/// <summary>
/// Free disk where the reports and raw logs go (a full disk loses a unit's result: its row cannot be
/// written). Each folder is checked on the file system it is on (its nearest existing parent when it
/// does not exist yet). <paramref name="freeBytes"/> is injectable for tests (default: <see cref="DriveInfo.AvailableFreeSpace"/>).
/// </summary>
public sealed class FreeDiskCheck(IReadOnlyList<(string What, string Folder)> folders, FreeDiskLimits? limits = null, Func<string, long>? freeBytes = null) : ISelftestCheck
{
    private readonly FreeDiskLimits limits = limits ?? FreeDiskLimits.Default;
    private readonly Func<string, long> freeBytes = freeBytes ?? (path => new DriveInfo(path).AvailableFreeSpace);

    public string Name => "free-disk";

    public Task<IReadOnlyList<SelftestFinding>> RunAsync(CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(folders);
        IReadOnlyList<SelftestFinding> findings = [.. folders.Select(f => Judge(f.What, f.Folder))];
        return Task.FromResult(findings);
    }

    private SelftestFinding Judge(string what, string folder)
    {
        var existing = Path.GetFullPath(folder);
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        var free = freeBytes(existing);
        var text = $"{what} folder {folder}: {Gb(free)} free";
        return free < limits.ProblemBytes
            ? new SelftestFinding(Name, null, SelftestLevel.Problem, $"{text}, below {Gb(limits.ProblemBytes)}: rows and logs may not be written. Free disk space (archive old reports and logs) before production.")
            : free < limits.WarningBytes
                ? new SelftestFinding(Name, null, SelftestLevel.Warning, $"{text}, below {Gb(limits.WarningBytes)}: archive old reports and logs soon.")
                : new SelftestFinding(Name, null, SelftestLevel.Ok, text + ".");
    }

    private static string Gb(long bytes) => (bytes / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + " GB";
}
