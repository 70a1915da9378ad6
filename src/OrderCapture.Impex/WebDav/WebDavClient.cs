using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Polly;

namespace OrderCapture.Impex.WebDav;

/// <summary>
/// The six WebDAV verbs the share needs (RFC 4918), on one folder URL, each through the resilience
/// pipeline (a fresh request per attempt) and answered in the share's terms: a status the caller
/// handles, or an <see cref="Core.Reports.Share.ImpexShareException"/> naming the cause and the fix.
/// </summary>
public sealed class WebDavClient(HttpClient http, Uri reportsUrl, ResiliencePipeline<HttpResponseMessage> pipeline, WebDavFailures failures)
{
    /// <summary>The reports folder's URL, ending in '/'; never with credentials.</summary>
    public Uri ReportsUrl { get; } = reportsUrl;

    public Uri UrlOf(string relativePath) => new(ReportsUrl, relativePath);

    /// <summary>MKCOL; true when made, false when it was there already (405).</summary>
    public async Task<bool> MakeFolderAsync(Uri folder, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(new HttpMethod("MKCOL"), folder), $"creating folder {folder.AbsolutePath}", cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.Created => true,
            HttpStatusCode.MethodNotAllowed => false,
            var status => throw failures.Refused(status, $"creating folder {folder.AbsolutePath}"),
        };
    }

    /// <summary>PUT; false when the parent folder is missing (409, or 404 on some servers).</summary>
    public async Task<bool> PutAsync(string relativePath, byte[] content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, UrlOf(relativePath))
        {
            Content = new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        }, $"uploading {relativePath}", cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.Created or HttpStatusCode.NoContent or HttpStatusCode.OK => true,
            HttpStatusCode.Conflict or HttpStatusCode.NotFound => false,
            var status => throw failures.Refused(status, $"uploading {relativePath}"),
        };
    }

    /// <summary>MOVE to <paramref name="toRelativePath"/>; answers the status for the caller to judge (201, 204, 404, 412).</summary>
    public async Task<HttpStatusCode> MoveAsync(string fromRelativePath, string toRelativePath, bool overwrite, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(new HttpMethod("MOVE"), UrlOf(fromRelativePath));
            // A path-only Destination (RFC 4918 allows it) survives proxies that rewrite the host.
            request.Headers.Add("Destination", UrlOf(toRelativePath).AbsolutePath);
            request.Headers.Add("Overwrite", overwrite ? "T" : "F");
            return request;
        }, $"renaming {fromRelativePath} to {toRelativePath}", cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.Created or HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed => response.StatusCode,
            var status => throw failures.Refused(status, $"renaming {fromRelativePath} to {toRelativePath}"),
        };
    }

    /// <summary>The length the server holds under a name (HEAD), or null when there is no such file.</summary>
    public async Task<long?> LengthAsync(string relativePath, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, UrlOf(relativePath)), $"checking {relativePath}", cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => response.Content.Headers.ContentLength ?? -1,
            HttpStatusCode.NotFound => null,
            var status => throw failures.Refused(status, $"checking {relativePath}"),
        };
    }

    /// <summary>GET, the whole body read within the attempt's timeout; null when there is no such file.</summary>
    public async Task<byte[]?> GetAsync(string relativePath, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, UrlOf(relativePath)), $"reading {relativePath}", cancellationToken, readBody: true).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false),
            HttpStatusCode.NotFound => null,
            var status => throw failures.Refused(status, $"reading {relativePath}"),
        };
    }

    /// <summary>DELETE; a file already gone is no error.</summary>
    public async Task DeleteAsync(string relativePath, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, UrlOf(relativePath)), $"deleting {relativePath}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.NotFound))
        {
            throw failures.Refused(response.StatusCode, $"deleting {relativePath}");
        }
    }

    /// <summary>PROPFIND Depth 1 of a folder (relative, "" for the reports folder); empty when it does not exist.</summary>
    public async Task<IReadOnlyList<WebDavEntry>> ListAsync(string folder, CancellationToken cancellationToken)
    {
        var url = folder.Length == 0 ? ReportsUrl : UrlOf(folder + "/");
        using var response = await SendAsync(() => new HttpRequestMessage(new HttpMethod("PROPFIND"), url)
        {
            Headers = { { "Depth", "1" } },
            Content = new StringContent(WebDavListing.PropfindBody, Encoding.UTF8, "application/xml"),
        }, $"listing {url.AbsolutePath}", cancellationToken, readBody: true).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        if (response.StatusCode != HttpStatusCode.MultiStatus)
        {
            throw failures.Refused(response.StatusCode, $"listing {url.AbsolutePath}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await WebDavListing.ReadAsync(body, url.AbsolutePath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One call through the pipeline; a transport failure or a timeout after the retries becomes
    /// the share's exception. <paramref name="readBody"/> reads the body inside the attempt, so a
    /// share that hangs mid-body is timed out like one that never answers.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, string what, CancellationToken cancellationToken, bool readBody = false)
    {
        try
        {
            return await pipeline.ExecuteAsync(
                async ct =>
                {
                    using var message = request();
                    return await http.SendAsync(message, readBody ? HttpCompletionOption.ResponseContentRead : HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException or IOException && ex is not Core.Reports.Share.ImpexShareException)
        {
            throw failures.Unreachable(ex, what);
        }
    }
}
