namespace OrderCapture.Worker.Cli;

/// <summary>
/// One ordercapture at a time on a data folder: the running service holds this lock for its
/// lifetime, and a verb run in-process takes it for its run. The OS drops it if the holder dies.
/// </summary>
public sealed class ProcessLock : IDisposable
{
    private readonly FileStream _file;

    private ProcessLock(FileStream file) => _file = file;

    /// <summary>Where the lock lives: <c>OrderCapture:LockFile</c>, default <c>data/ordercapture.lock</c>.</summary>
    public static string PathFrom(IConfiguration configuration) => configuration["OrderCapture:LockFile"] ?? Path.Combine("data", "ordercapture.lock");

    public static ProcessLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            return new ProcessLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
