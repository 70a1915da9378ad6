using System.Runtime.InteropServices;

namespace OrderCapture.Core.Reports;

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
