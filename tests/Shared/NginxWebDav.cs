using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrderCapture.Testing;

/// <summary>
/// A real WebDAV server for tests: Debian's nginx with its WebDAV modules (installed by .ci/run),
/// unprivileged on a free loopback port, serving a temp folder under the path a B2C Commerce
/// instance uses (<c>/on/demandware.servlet/webdav/Sites/Impex</c>). It signs in with Basic
/// (an htpasswd file), or checks a bearer token with Account Manager's tokeninfo (the simulator's)
/// through auth_request, as the instance does. It can be stopped and started again on its port.
/// Shared by the tests and the merge benchmark.
/// </summary>
public sealed class NginxWebDav : IAsyncDisposable
{
    public const string SharePath = "/on/demandware.servlet/webdav/Sites/Impex";
    public const string User = "ops@example.com";
    public const string AccessKey = "webdav-access-key-0123456789";
    private const string Nginx = "/usr/sbin/nginx";
    private const string DavModule = "/usr/lib/nginx/modules/ngx_http_dav_ext_module.so";

    private readonly string _folder;
    private Process? _process;

    private NginxWebDav(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The share's root as the worker is given it (OrderCapture:Impex:WebDavUrl).</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}{SharePath}");

    /// <summary>The folder the share serves: what is on the server, as an operator would see it.</summary>
    public string Root => Path.Combine(_folder, "share");

    /// <summary>The reports folder on the server's disk.</summary>
    public string ReportsFolder => Path.Combine(Root, "src", "continuous_order_capture");

    /// <summary>Basic with <see cref="User"/> and <see cref="AccessKey"/>; or Bearer tokens checked at <paramref name="tokenInfo"/>.</summary>
    public static async Task<NginxWebDav> StartAsync(string folder, Uri? tokenInfo = null)
    {
        if (!File.Exists(Nginx) || !File.Exists(DavModule))
        {
            throw new InvalidOperationException($"nginx with its WebDAV module is needed ({Nginx}, {DavModule}): apt-get install nginx libnginx-mod-http-dav-ext (.ci/run does).");
        }

        Directory.CreateDirectory(folder);
        var server = new NginxWebDav(folder, LoopbackPorts.Free());
        Directory.CreateDirectory(server.Root);
        await server.SetAccessKeyAsync(AccessKey);
        var auth = tokenInfo is null
            ? $"auth_basic \"impex\"; auth_basic_user_file {folder}/htpasswd;"
            : "auth_request /_tokeninfo;";
        var tokenCheck = tokenInfo is null
            ? ""
            : $"location = /_tokeninfo {{ internal; proxy_pass {tokenInfo}; proxy_method GET; proxy_pass_request_body off; proxy_set_header Content-Length \"\"; }}";
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            load_module {{DavModule}};
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log;
            events {}
            http {
              access_log off;
              client_body_temp_path {{server.Root}}/.bodies;
              client_max_body_size 100m;
              server {
                listen 127.0.0.1:{{server.Port}};
                {{tokenCheck}}
                location {{SharePath}}/ {
                  alias {{server.Root}}/;
                  dav_methods PUT DELETE MKCOL COPY MOVE;
                  dav_ext_methods PROPFIND OPTIONS;
                  create_full_put_path on;
                  {{auth}}
                }
              }
            }
            """);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>The access key the share accepts for <see cref="User"/> from the next request on (nginx reads the file per request): a rotation.</summary>
    public Task SetAccessKeyAsync(string accessKey) => File.WriteAllTextAsync(Path.Combine(_folder, "htpasswd"), $"{User}:{{PLAIN}}{accessKey}\n");

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", _folder, "-c", Path.Combine(_folder, "nginx.conf"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        using var http = new HttpClient();
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited ({_process.ExitCode}): {await _process.StandardError.ReadToEndAsync()} {await ErrorLogAsync()}");
            }

            try
            {
                using var answer = await http.GetAsync(Url);
                return; // any answer (401 without credentials) means it listens
            }
            catch (HttpRequestException)
            {
            }
        }

        throw new InvalidOperationException($"nginx did not answer on port {Port}: {await ErrorLogAsync()}");
    }

    /// <summary>The share vanishes: the server stops (connections refused) until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            // nginx's workers are its children; wait until the port is free for a restart.
            for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline && !LoopbackPorts.IsFree(Port); await Task.Delay(50))
            {
            }
        }

        _process?.Dispose();
        _process = null;
    }

    private Task<string> ErrorLogAsync() =>
        File.Exists(Path.Combine(_folder, "error.log")) ? File.ReadAllTextAsync(Path.Combine(_folder, "error.log")) : Task.FromResult("");

    public async ValueTask DisposeAsync() => await StopAsync();
}
