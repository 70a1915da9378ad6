using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OrderCapture.OciSimulator;

namespace OrderCapture.Worker.Tests.Support;

/// <summary>
/// The worker as its own process (<c>ordercapture run</c>) on a known loopback port, so a test
/// can SIGKILL it at any moment, as a crash or an OOM killer would.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private WorkerProcess(Process process, Uri baseUrl)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", WorkerTestHost.ApiKey);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed, for a failure message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<WorkerProcess> StartAsync(OciSimulatorServer simulator, string folder, IDictionary<string, string> settings)
    {
        var port = OrderCapture.Testing.LoopbackPorts.Free();
        var all = new Dictionary<string, string>(settings) { ["Urls"] = $"http://127.0.0.1:{port}" };
        var process = CliProcess.Start(folder, ["run", .. WorkerTestHost.SettingsArgs(simulator, folder, all)]);
        var worker = new WorkerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await WorkerTestHost.WaitUntilAsync(async () =>
        {
            Assert.That(worker.HasExited, Is.False, () => $"the worker exited at start:\n{worker.Output}");
            try
            {
                using var response = await worker.Http.GetAsync("/api/status");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the worker process answers", seconds: 60);
        return worker;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, no releasing of claims.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await KillAsync();
        Http.Dispose();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
