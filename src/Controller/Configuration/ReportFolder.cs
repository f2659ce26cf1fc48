namespace Fixture.Controller.Configuration;

/// <summary>
/// The report folder rule, the same for `config validate` and `run`: an existing folder is used; a
/// missing one is created only when its parent folder exists (`reports` beside a fresh checkout), and the
/// station says so; a path whose parent is missing too (`/nonexistent/deep/reports`, usually a typo or an
/// unmounted disk) is refused, as is a path that is a file — nothing is created.
/// </summary>
public sealed record ReportFolder(string Path, bool Exists)
{
    /// <summary>The folder at <paramref name="path"/> (full path), or why it cannot be the report folder.</summary>
    /// <param name="key">Where the path came from, for the message: "workflow.reportDirectory" or "--reports".</param>
    /// <returns>The folder, or the problem: what is wrong and what to do.</returns>
    public static (ReportFolder? Folder, string? Problem) Check(string path, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return (new ReportFolder(full, Exists: true), null);
        }

        if (File.Exists(full))
        {
            return (null, $"report folder {full} ({key}) is a file, not a folder: point {key} at a folder.");
        }

        var parent = System.IO.Path.GetDirectoryName(full);
        if (parent is null || Directory.Exists(parent))
        {
            return (new ReportFolder(full, Exists: false), null);
        }

        var why = File.Exists(parent) ? $"{parent} is a file" : $"neither does {parent}";
        return (null,
            $"report folder {full} ({key}) does not exist, and {why}: the station creates only the last folder of the path, so that a mistyped path or an unmounted disk does not scatter reports. " +
            $"Create the folder (mkdir -p {full}) or point {key} at an existing one.");
    }
}
