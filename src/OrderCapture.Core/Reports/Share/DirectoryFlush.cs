using System.Runtime.InteropServices;

namespace OrderCapture.Core.Reports.Share;

/// <summary>
/// The disk barriers an atomic write needs: everything written on a folder's file system made
/// durable, and a folder made durable (so a rename inside it survives a crash). A port so that a
/// share whose barrier fails can be reproduced in tests; <see cref="DirectoryFlush"/> is the real one.
/// </summary>
public interface IDiskBarrier
{
    /// <summary>Whether <see cref="FlushFileSystem"/> can stand in for one flush per file.</summary>
    bool CanFlushFileSystem { get; }

    void FlushFileSystem(string folder);

    void FlushFolder(string folder);
}

/// <summary>The platform's barriers: syncfs and fsync of a folder on Linux; NTFS journals renames itself.</summary>
public sealed class DiskBarrier : IDiskBarrier
{
    public static readonly DiskBarrier Instance = new();

    public bool CanFlushFileSystem => DirectoryFlush.CanFlushFileSystem;

    public void FlushFileSystem(string folder) => DirectoryFlush.FlushFileSystem(folder);

    public void FlushFolder(string folder) => DirectoryFlush.Flush(folder);
}

/// <summary>
/// fsync of a folder, so a rename inside it is on disk (POSIX: a rename is durable only once its
/// directory is). .NET has no API for it. On Windows NTFS journals the rename itself: nothing to do.
/// </summary>
internal static partial class DirectoryFlush
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux

    public static void Flush(string folder) => OnFolder(folder, Fsync, "flush folder");

    /// <summary>
    /// Whether <see cref="FlushFileSystem"/> can stand in for one fsync per file (Linux only).
    /// </summary>
    public static bool CanFlushFileSystem => OperatingSystem.IsLinux();

    /// <summary>
    /// syncfs: every file written on the folder's file system is on disk when this returns. One
    /// device flush for a whole batch of new files instead of one per file.
    /// </summary>
    public static void FlushFileSystem(string folder) => OnFolder(folder, SyncFs, "flush the file system of");

    private static void OnFolder(string folder, Func<int, int> call, string what)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(folder, ReadOnly | Directory);
        if (fd < 0)
        {
            throw new IOException($"Cannot open folder {folder} to {what} it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (call(fd) != 0)
            {
                throw new IOException($"Cannot {what} {folder} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
