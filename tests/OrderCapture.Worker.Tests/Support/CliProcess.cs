using System.Diagnostics;

namespace OrderCapture.Worker.Tests.Support;

/// <summary>Runs the real <c>ordercapture</c> executable as a child process, as an operator would.</summary>
public static class CliProcess
{
    public static Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>With settings in the environment, as a service unit or a container would give them (<c>OrderCapture__Impex__Target</c>).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// Starts the executable and returns at once, for a worker the test kills (<see cref="Process.Kill()"/>
    /// is SIGKILL on Linux). The caller reads the output (see <see cref="WorkerProcess"/>).
    /// </summary>
    public static Process Start(string workingDirectory, params string[] args) => Start(workingDirectory, new Dictionary<string, string>(), args);

    private static Process Start(string workingDirectory, IDictionary<string, string> environment, string[] args)
    {
        var executable = typeof(OrderCapture.Worker.Cli.OrderCaptureCli).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(executable);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["COLUMNS"] = "200"; // wide tables, so assertions do not depend on wrapping
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }
}
