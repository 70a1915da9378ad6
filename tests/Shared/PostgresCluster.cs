using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OrderCapture.Testing;

/// <summary>
/// A private PostgreSQL 15 cluster for one test run (or one benchmark): initdb into a temp
/// directory, pg_ctl start on a free loopback port, pg_ctl stop and delete on dispose. Each caller
/// takes a fresh database from it. PostgreSQL refuses to run as root, so under root the server
/// runs as the 'postgres' account the Debian package creates.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string BinFolder = "/usr/lib/postgresql/15/bin";

    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static PostgresCluster? _shared;
    private int _databases;

    private readonly string _settings;

    private PostgresCluster(string folder, int port, IEnumerable<string> settings)
    {
        Folder = folder;
        Port = port;
        _settings = string.Concat(settings.Select(s => $" -c {s}"));
    }

    public string Folder { get; }

    public int Port { get; private set; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>One cluster for the whole process, started on first use and stopped at exit.</summary>
    public static async Task<PostgresCluster> SharedAsync()
    {
        await SharedGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_shared is null)
            {
                _shared = await StartAsync().ConfigureAwait(false);
                var cluster = _shared;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
            }

            return _shared;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>Starts a cluster; <paramref name="settings"/> are more server settings (<c>name=value</c>).</summary>
    public static async Task<PostgresCluster> StartAsync(params string[] settings)
    {
        if (!File.Exists(Path.Combine(BinFolder, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 server binaries are not in {BinFolder}; install postgresql-15 (.ci/run does).");
        }

        var folder = Directory.CreateTempSubdirectory("ordercapture-pg-").FullName;
        var port = LoopbackPorts.Free();
        var cluster = new PostgresCluster(folder, port, settings);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "-R", "postgres:postgres", folder).ConfigureAwait(false);
        }

        await PgAsync("initdb", "-D", cluster.DataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync").ConfigureAwait(false);

        // The free port is only free when it is picked: a test host binding port 0 in a parallel
        // fixture can take it before the server does (seen once in CI). Try again on another port,
        // and say what the server logged if it still will not start.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await cluster.StartServerAsync().ConfigureAwait(false);
                return cluster;
            }
            catch (InvalidOperationException failure) when (attempt < 3)
            {
                await TestContextLog($"PostgreSQL did not start on port {cluster.Port} (attempt {attempt}): {failure.Message}\n{cluster.ServerLog()}").ConfigureAwait(false);
                cluster.Port = LoopbackPorts.Free();
            }
            catch (InvalidOperationException failure)
            {
                throw new InvalidOperationException($"{failure.Message}\nserver.log:\n{cluster.ServerLog()}", failure);
            }
        }
    }

    private string ServerLog()
    {
        var log = Path.Combine(Folder, "server.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no server.log)";
    }

    private static Task TestContextLog(string message) => Console.Error.WriteLineAsync(message);

    /// <summary>Starts the server (again, after <see cref="StopServerAsync"/>) on the same port and data.</summary>
    public Task StartServerAsync() => PgAsync("pg_ctl", "-D", DataFolder, "-l", Path.Combine(Folder, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {Folder} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB{_settings}", "start");

    /// <summary>Stops the server at once (an outage of the database), keeping its data.</summary>
    public Task StopServerAsync() => PgAsync("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop");

    private string DataFolder => Path.Combine(Folder, "data");

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"oc_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    public void Stop()
    {
        try
        {
            PgAsync("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop").GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private static Task PgAsync(string tool, params string[] args) => Environment.UserName == "root"
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(BinFolder, tool), .. args])
        : RunAsync(Path.Combine(BinFolder, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }
}
