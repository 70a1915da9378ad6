using System.Text.RegularExpressions;

namespace OrderCapture.Core.Reports.Share;

/// <summary>
/// The only paths a share accepts, relative to the reports folder: a file name in the reports
/// folder itself, in <see cref="Work"/> or in <see cref="Quarantine"/>. Names are built from
/// validated site ids and order numbers; anything else (a <c>..</c>, a slash too many) is refused
/// before it reaches a disk or a URL, so nothing from input can land outside the reports folder.
/// </summary>
public static partial class ImpexPath
{
    /// <summary>The reports folder itself.</summary>
    public const string Reports = "";

    /// <summary>Where work files wait for the merge.</summary>
    public const string Work = "work";

    /// <summary>Where unreadable report files are moved, so one bad file never stops a merge.</summary>
    public const string Quarantine = "quarantine";

    /// <summary>A folder's temp files start so; listings leave them out.</summary>
    public const string TempPrefix = ".tmp-";

    /// <summary>
    /// A web share's temp files end so: WebDAV servers (nginx among them) hide names that start
    /// with a dot from listings, and a temp file nobody can list can never be cleaned up.
    /// </summary>
    public const string WebTempSuffix = ".partial";

    /// <summary>Answers <paramref name="relativePath"/> split into folder and name, or throws <see cref="InvalidOperationException"/>.</summary>
    public static (string Folder, string Name) Check(string relativePath)
    {
        // IsMatch, then a split at the one slash the pattern allows: every work file passes here, and a Match would allocate its groups each time.
        if (!Pattern().IsMatch(relativePath))
        {
            throw new InvalidOperationException($"Report path escapes the IMPEX reports folder or is not a report name: {Orders.FreeText.Clean(relativePath)}");
        }

        var slash = relativePath.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (Reports, relativePath) : (relativePath[..slash], relativePath[(slash + 1)..]);
    }

    /// <summary>Checks a folder name (<see cref="Reports"/>, <see cref="Work"/> or <see cref="Quarantine"/>).</summary>
    public static string CheckFolder(string folder) => folder is Reports or Work or Quarantine
        ? folder
        : throw new InvalidOperationException($"Not a folder of the IMPEX reports folder: {Orders.FreeText.Clean(folder)}");

    /// <summary>A folder and a name joined with '/'.</summary>
    public static string Join(string folder, string name) => folder.Length == 0 ? name : $"{folder}/{name}";

    /// <summary>A fresh temp name for a web share, in a folder.</summary>
    public static string NewWebTemp(string folder) => Join(folder, $"tmp-{Guid.NewGuid():N}{WebTempSuffix}");

    public static bool IsTemp(string name) =>
        name.StartsWith(TempPrefix, StringComparison.Ordinal) || name.EndsWith(WebTempSuffix, StringComparison.Ordinal);

    [GeneratedRegex(@"^(?:(?:work|quarantine)/)?(?:\.tmp-)?[A-Za-z0-9_][A-Za-z0-9._-]{0,250}\z")]
    private static partial Regex Pattern();
}
